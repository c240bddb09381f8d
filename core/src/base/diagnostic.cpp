// Diagnostic formatting and collection, and the quoting of input text into
// messages (base/quote.h).
#include "mmf/diagnostic.h"

#include <algorithm>

#include "base/fold.h"
#include "base/quote.h"

namespace mmf {

namespace detail {

namespace {

// The length of the control character at `s[i]`, 0 when there is none.
std::size_t control_at(std::string_view s, std::size_t i, bool keep_layout) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x20 || c == 0x7F) return keep_layout && (c == '\n' || c == '\t') ? 0 : 1;
  if (c == 0xC2 && i + 1 < s.size()) {
    const auto next = static_cast<unsigned char>(s[i + 1]);
    if (next >= 0x80 && next <= 0x9F) return 2;
  }
  // The bidirectional embeddings, overrides and isolates (U+202A to U+202E,
  // U+2066 to U+2069), which reorder what a terminal shows ("Trojan Source").
  if (c == 0xE2 && i + 2 < s.size()) {
    const auto next = static_cast<unsigned char>(s[i + 1]), last = static_cast<unsigned char>(s[i + 2]);
    if ((next == 0x80 && last >= 0xAA && last <= 0xAE) || (next == 0x81 && last >= 0xA6 && last <= 0xA9)) return 3;
  }
  return 0;
}

constexpr char hex_digits[] = "0123456789abcdef";

// Cuts `s` to at most `bytes`, not inside a UTF-8 sequence.
std::size_t utf8_cut(std::string_view s, std::size_t bytes) {
  if (bytes >= s.size()) return s.size();
  while (bytes > 0 && (static_cast<unsigned char>(s[bytes]) & 0xC0) == 0x80) --bytes;
  return bytes;
}

}  // namespace

bool has_controls(std::string_view text, bool keep_layout) {
  for (std::size_t i = 0; i < text.size(); ++i)
    if (control_at(text, i, keep_layout)) return true;
  return false;
}

std::string escape_controls(std::string_view text, bool keep_layout) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::size_t n = control_at(text, i, keep_layout);
    if (n == 0) {
      out += text[i];
      continue;
    }
    if (n == 2) {  // U+0080 to U+009F
      const auto c = static_cast<unsigned char>(text[++i]);
      out += "\\u00";
      out += hex_digits[c >> 4];
      out += hex_digits[c & 0xF];
      continue;
    }
    if (n == 3) {  // a bidirectional control, U+20xx
      const auto next = static_cast<unsigned char>(text[i + 1]), last = static_cast<unsigned char>(text[i + 2]);
      const unsigned low = ((next & 0x3Fu) << 6 | (last & 0x3Fu)) & 0xFFu;
      out += "\\u20";
      out += hex_digits[low >> 4];
      out += hex_digits[low & 0xF];
      i += 2;
      continue;
    }
    switch (text[i]) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        const auto c = static_cast<unsigned char>(text[i]);
        out += "\\x";
        out += hex_digits[c >> 4];
        out += hex_digits[c & 0xF];
      }
    }
  }
  return out;
}

std::string excerpt(std::string_view raw, std::size_t max_chars) {
  const std::string utf8 = is_utf8(raw) ? std::string() : to_utf8(raw);
  const std::string_view s = utf8.empty() ? raw : std::string_view(utf8);
  std::size_t chars = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (chars == max_chars) break;
    ++chars;
  }
  if (i == s.size()) return escape_controls(s);
  return escape_controls(s.substr(0, i)) + "…";
}

}  // namespace detail

namespace {

// What a diagnostic carries of its input: controls escaped, length bounded.
void make_printable(Diagnostic& d) {
  if (detail::has_controls(d.file)) d.file = detail::escape_controls(d.file);
  if (detail::has_controls(d.message)) d.message = detail::escape_controls(d.message);
  if (d.message.size() > detail::max_message_bytes)
    d.message = d.message.substr(0, detail::utf8_cut(d.message, detail::max_message_bytes - 3)) + "…";
}

}  // namespace

std::string Diagnostic::str() const {
  Diagnostic d = *this;  // built directly, not through Diagnostics::add: made printable here too
  make_printable(d);
  std::string s = d.file;
  if (pos.line > 0) {
    s += ':' + std::to_string(pos.line);
    if (pos.column > 0) s += ':' + std::to_string(pos.column);
  }
  s += severity == Severity::error ? ": error: " : ": warning: ";
  s += d.message;
  return s;
}

void Diagnostics::add(Diagnostic d) {
  make_printable(d);
  if (d.severity == Severity::error) ++errors_;
  items_.push_back(std::move(d));
}

void Diagnostics::error(const Location& where, std::string message) {
  add(Diagnostic{Severity::error, where.file ? *where.file : std::string(), where.pos, std::move(message)});
}

void Diagnostics::plugin_failure(const Location& where, std::string message) {
  add(Diagnostic{Severity::error, where.file ? *where.file : std::string(), where.pos, std::move(message), true});
}

bool Diagnostics::has_plugin_failures() const {
  for (const auto& d : items_)
    if (d.plugin_failure) return true;
  return false;
}

void Diagnostics::warning(const Location& where, std::string message) {
  add(Diagnostic{Severity::warning, where.file ? *where.file : std::string(), where.pos, std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
  for (const auto& d : other.items_) add(d);
}

void Diagnostics::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.pos.line != b.pos.line) return a.pos.line < b.pos.line;
    return a.pos.column < b.pos.column;
  });
}

}  // namespace mmf
