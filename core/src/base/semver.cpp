// Semantic versions and requirement matching, in the style of npm and Cargo:
// "^1.2" allows >=1.2.0 <2.0.0; "~1.2" allows >=1.2.0 <1.3.0; "1.x" and "1"
// allow any 1.y.z; comparators (=, >, >=, <, <=) join with commas or spaces.
#include "mmf/semver.h"

#include <charconv>
#include <vector>

namespace mmf {
namespace {

bool parse_number(std::string_view& s, unsigned& out) {
  if (s.empty() || s[0] < '0' || s[0] > '9') return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc()) return false;
  s.remove_prefix(static_cast<std::size_t>(p - s.data()));
  return true;
}

// A partial version such as "1", "1.2", "1.x": how many parts were given.
struct Partial {
  Version v;
  int parts = 0;
};

std::optional<Partial> parse_partial(std::string_view s) {
  Partial p;
  unsigned* fields[3] = {&p.v.major, &p.v.minor, &p.v.patch};
  for (int i = 0; i < 3; ++i) {
    if (s.empty()) break;
    if (s[0] == 'x' || s[0] == 'X' || s[0] == '*') {
      s.remove_prefix(1);
      if (!s.empty() && s[0] == '.') s.remove_prefix(1);
      continue;  // wildcard: stop counting parts
    }
    if (!parse_number(s, *fields[i])) return std::nullopt;
    p.parts = i + 1;
    if (!s.empty() && s[0] == '.') s.remove_prefix(1);
    else break;
  }
  if (!s.empty() && s[0] == '-') {
    p.v.prerelease = std::string(s.substr(1));
    s = {};
  }
  if (!s.empty()) return std::nullopt;
  return p;
}

Version bump(const Partial& p) {
  // The first version above every version the partial matches.
  Version v;
  if (p.parts <= 1) v.major = p.v.major + 1;
  else if (p.parts == 2) {
    v.major = p.v.major;
    v.minor = p.v.minor + 1;
  } else {
    v = p.v;
    v.prerelease.clear();
    v.patch += 1;
  }
  return v;
}

std::optional<bool> match_one(const Version& v, std::string_view c) {
  std::string op;
  while (!c.empty() && (c[0] == '^' || c[0] == '~' || c[0] == '=' || c[0] == '<' || c[0] == '>')) {
    op += c[0];
    c.remove_prefix(1);
  }
  while (!c.empty() && c[0] == ' ') c.remove_prefix(1);
  if (c == "*" || (c.empty() && op.empty())) return true;
  auto p = parse_partial(c);
  if (!p) return std::nullopt;
  if (p->parts == 0) return op.empty() || op == "=" ? std::optional<bool>(true) : std::nullopt;
  const Version& low = p->v;
  if (op == "^") {
    Version high;
    if (low.major > 0 || p->parts == 1) high.major = low.major + 1;
    else if (low.minor > 0 || p->parts == 2) high.minor = low.minor + 1;
    else high.patch = low.patch + 1;
    return v.compare(low) >= 0 && v.compare(high) < 0;
  }
  if (op == "~") {
    Partial q = *p;
    if (q.parts > 2) q.parts = 2;
    return v.compare(low) >= 0 && v.compare(bump(q)) < 0;
  }
  if (op.empty() || op == "=") {
    if (p->parts == 3) return v.compare(low) == 0;
    return v.compare(low) >= 0 && v.compare(bump(*p)) < 0;
  }
  if (op == ">=") return v.compare(low) >= 0;
  if (op == ">") return p->parts == 3 ? v.compare(low) > 0 : v.compare(bump(*p)) >= 0;
  if (op == "<") return v.compare(low) < 0;
  if (op == "<=") return p->parts == 3 ? v.compare(low) <= 0 : v.compare(bump(*p)) < 0;
  return std::nullopt;
}

}  // namespace

std::optional<Version> Version::parse(std::string_view text) {
  auto p = parse_partial(text);
  if (!p || p->parts != 3) return std::nullopt;
  return p->v;
}

std::string Version::str() const {
  std::string s = std::to_string(major) + '.' + std::to_string(minor) + '.' + std::to_string(patch);
  if (!prerelease.empty()) s += '-' + prerelease;
  return s;
}

int Version::compare(const Version& o) const {
  if (major != o.major) return major < o.major ? -1 : 1;
  if (minor != o.minor) return minor < o.minor ? -1 : 1;
  if (patch != o.patch) return patch < o.patch ? -1 : 1;
  // A pre-release sorts before its release.
  if (prerelease == o.prerelease) return 0;
  if (prerelease.empty()) return 1;
  if (o.prerelease.empty()) return -1;
  return prerelease < o.prerelease ? -1 : 1;
}

std::optional<bool> satisfies(const Version& version, std::string_view requirement) {
  // Split on commas and spaces, keeping an operator glued to what follows it.
  std::vector<std::string> parts;
  std::string current;
  for (char ch : requirement) {
    if (ch == ',' || ch == ' ') {
      bool only_operator = !current.empty() && current.find_first_not_of("^~=<>") == std::string::npos;
      if (ch == ' ' && only_operator) continue;
      if (!current.empty()) parts.push_back(current);
      current.clear();
    } else {
      current += ch;
    }
  }
  if (!current.empty()) parts.push_back(current);
  if (parts.empty()) return std::nullopt;
  bool all = true;
  for (const auto& part : parts) {
    auto m = match_one(version, part);
    if (!m) return std::nullopt;
    all = all && *m;
  }
  return all;
}

std::string answers_requirement(const Version& v) {
  if (v.major == 0) return ">=0." + std::to_string(v.minor) + ", <1";
  return "^" + std::to_string(v.major) + "." + std::to_string(v.minor);
}

}  // namespace mmf
