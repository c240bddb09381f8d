// The library's version, and the version of its public API.
// Thread-safety: constants, and a function that returns a static string.
#pragma once

#include "mmf/export.h"

namespace mmf {

// Bump rule: add to the API -> minor + 1; change or remove -> major + 1.
inline constexpr int api_version_major = 1;
inline constexpr int api_version_minor = 0;

MMF_CORE_EXPORT const char* library_version();

}  // namespace mmf
