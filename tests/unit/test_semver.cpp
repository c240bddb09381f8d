// Semantic versions and requirements, as used by model_version.
#include <catch2/catch.hpp>

#include "mmf/semver.h"

using mmf::Version;

namespace {
bool ok(const char* version, const char* requirement) {
  return mmf::satisfies(*Version::parse(version), requirement).value();
}
}  // namespace

TEST_CASE("Versions parse as MAJOR.MINOR.PATCH with an optional pre-release", "[semver]") {
  CHECK(Version::parse("1.2.3")->str() == "1.2.3");
  CHECK(Version::parse("1.2.3-rc.1")->prerelease == "rc.1");
  CHECK_FALSE(Version::parse("1.2"));
  CHECK_FALSE(Version::parse("v1.2.3"));
  CHECK_FALSE(Version::parse(""));
  CHECK(Version::parse("1.2.3-rc.1")->compare(*Version::parse("1.2.3")) < 0);
}

TEST_CASE("Caret allows changes that do not modify the left-most non-zero part", "[semver]") {
  CHECK(ok("1.4.2", "^1.0"));
  CHECK(ok("1.0.0", "^1"));
  CHECK_FALSE(ok("2.0.0", "^1.0"));
  CHECK_FALSE(ok("0.9.0", "^1.0"));
  CHECK(ok("0.2.5", "^0.2.3"));
  CHECK_FALSE(ok("0.3.0", "^0.2.3"));
}

TEST_CASE("Tilde, comparators, wildcards and exact versions", "[semver]") {
  CHECK(ok("1.2.9", "~1.2.3"));
  CHECK_FALSE(ok("1.3.0", "~1.2.3"));
  CHECK(ok("1.9.0", ">=1.2, <2"));
  CHECK(ok("1.9.0", ">= 1.2 < 2"));
  CHECK_FALSE(ok("2.0.0", ">=1.2, <2"));
  CHECK(ok("1.7.0", "1.x"));
  CHECK(ok("1.7.0", "1"));
  CHECK(ok("3.1.4", "*"));
  CHECK(ok("1.0.0", "=1.0.0"));
  CHECK_FALSE(ok("1.0.1", "1.0.0"));
  CHECK(ok("1.2.0", ">1.1"));
  CHECK_FALSE(ok("1.1.9", ">1.1"));
}

TEST_CASE("Malformed requirements are reported as such, not as unmet", "[semver]") {
  auto v = *Version::parse("1.0.0");
  CHECK_FALSE(mmf::satisfies(v, "latest").has_value());
  CHECK_FALSE(mmf::satisfies(v, "").has_value());
  CHECK_FALSE(mmf::satisfies(v, "^1.a").has_value());
}
