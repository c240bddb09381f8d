// Semantic versions (MAJOR.MINOR.PATCH[-pre]) and requirements such as
// "^1.2", "~1.2.3", ">=1.0, <2", "=1.0.0" or "1.x".
// Thread-safety: pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "mmf/export.h"

namespace mmf {

struct Version {
  unsigned major = 0;
  unsigned minor = 0;
  unsigned patch = 0;
  std::string prerelease;

  [[nodiscard]] MMF_CORE_EXPORT static std::optional<Version> parse(std::string_view text);
  MMF_CORE_EXPORT std::string str() const;
  MMF_CORE_EXPORT int compare(const Version& other) const;
};

// Whether `version` satisfies `requirement`. Returns nullopt when the
// requirement itself is malformed.
[[nodiscard]] MMF_CORE_EXPORT std::optional<bool> satisfies(const Version& version, std::string_view requirement);

// The requirement that answers collected under `version` fit, as templates
// stamp it: from 1.0 on, semantic versioning's rule (^1.2: any 1.x from
// 1.2); before 1.0 a model's minor versions are its ordinary revisions
// (>=0.2, <1).
[[nodiscard]] MMF_CORE_EXPORT std::string answers_requirement(const Version& version);

}  // namespace mmf
