// The library's version string, set by CMake from the project version.
#include "mmf/version.h"

namespace mmf {

const char* library_version() { return MMF_VERSION_STRING; }

}  // namespace mmf
