// Writing CSV: the one field quoting every CSV writer in mmf uses (RFC 4180).
// Declared in mmf/compare.h, where the public API has always had it.
#include <string>
#include <string_view>

#include "mmf/compare.h"

namespace mmf {

std::string csv_field(std::string_view v) {
  if (v.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace mmf
