// Quoting input text into messages and terminal output: a short excerpt of
// any value, and control characters escaped, so that a diagnostic never
// echoes a 100 MB cell or a file's terminal escapes (docs/reports.md,
// "Text from input"). Internal. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace mmf::detail {

// How many characters of a value a message quotes.
inline constexpr std::size_t excerpt_chars = 60;
// The longest diagnostic message kept; longer ones are cut (a safety net
// behind excerpt(): no message can carry a whole input).
inline constexpr std::size_t max_message_bytes = 4096;

// `text` for a message: its first 60 characters (code points), then "…"
// when it has more, with control characters escaped. Invalid UTF-8 is read
// as Windows-1252, as CSV cells are (to_utf8).
std::string excerpt(std::string_view text, std::size_t max_chars = excerpt_chars);

// `text` with its control characters escaped: C0 controls and DEL as \xHH
// (\n, \r and \t as themselves escaped), C1 controls (U+0080 to U+009F) as
// \u0085. With `keep_layout`, newline and tab stay as they are (a terminal
// view's lines and columns). Text without controls comes back unchanged;
// escaping twice gives what escaping once does.
std::string escape_controls(std::string_view text, bool keep_layout = false);
bool has_controls(std::string_view text, bool keep_layout = false);

}  // namespace mmf::detail
