// Writing CSV: the one field quoting and the one percent form of every CSV
// writer in mmf (RFC 4180, formula injection neutralised; see csv_writer.h).
#include "render/csv_writer.h"

#include "render/render_common.h"

namespace mmf {

namespace {

// "-1.5", "+3", "42": a sign, digits, at most one point between digits.
bool plain_number(std::string_view v) {
  std::size_t i = v[0] == '-' || v[0] == '+' ? 1 : 0;
  bool digits = false, point = false;
  for (; i < v.size(); ++i) {
    if (v[i] >= '0' && v[i] <= '9') digits = true;
    else if (v[i] == '.' && !point && digits) point = true;
    else return false;
  }
  return digits && v.back() != '.';
}

}  // namespace

bool csv_needs_neutralising(std::string_view v) {
  if (v.empty()) return false;
  switch (v[0]) {
    case '=':
    case '@':
    case '\t':
    case '\r': return true;
    case '+':
    case '-': return !plain_number(v);
    default: return false;
  }
}

std::string csv_field(std::string_view v) {
  const bool neutralise = csv_needs_neutralising(v);
  const bool quote = v.find_first_of(",\"\n\r") != std::string_view::npos;
  std::string out;
  out.reserve(v.size() + 3);
  if (quote) out += '"';
  if (neutralise) out += '\'';
  if (!quote) {
    out.append(v);
    return out;
  }
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

void append_tenths(std::string& out, double value) {
  char buffer[detail::tenths_max];
  out.append(buffer, detail::write_tenths(buffer, value));
}

}  // namespace mmf
