// Writing CSV: the one field quoting and the one percent form of every CSV
// writer in mmf (RFC 4180; see csv_writer.h).
#include "render/csv_writer.h"

#include "render/render_common.h"

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

void append_tenths(std::string& out, double value) {
  char buffer[detail::tenths_max];
  out.append(buffer, detail::write_tenths(buffer, value));
}

}  // namespace mmf
