// A positioned document tree: TOML and JSON inputs are both read into it, so
// the loaders see one shape and report positions the same way for both.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mmf/diagnostic.h"

namespace mmf::detail {

struct DocValue;


struct DocValue {
  enum class Kind { null, boolean, integer, floating, string, date, time, datetime, array, table };

  Kind kind = Kind::null;
  SourcePos pos;
  bool boolean = false;
  std::int64_t integer = 0;
  double floating = 0;
  std::string text;                    // string, or a date/time in ISO form
  std::vector<DocValue> items;         // array
  std::vector<std::string> keys;       // table: keys in file order
  std::vector<SourcePos> key_positions;
  std::vector<DocValue> values;        // table: values, same order as keys

  bool is_number() const { return kind == Kind::integer || kind == Kind::floating; }
  double number() const { return kind == Kind::integer ? static_cast<double>(integer) : floating; }
  // The value under `key` of a table, or nullptr.
  const DocValue* find(std::string_view key) const;
  std::size_t size() const { return kind == Kind::table ? keys.size() : items.size(); }
};

// "a string", "an integer", "a table", ... for messages.
const char* describe(DocValue::Kind kind);

struct ParsedDoc {
  bool ok = false;
  DocValue root;
};

// Parse `text`; syntax errors go to `out` against `file`.
ParsedDoc parse_toml_doc(std::string_view text, const Location& file, Diagnostics& out);
ParsedDoc parse_json_doc(std::string_view text, const Location& file, Diagnostics& out);

// Reports strings over max_string_bytes and finite numbers beyond
// ±max_number anywhere in a parsed document (non-finite numbers are the
// readers' to report, with the key they belong to).
void check_limits(const DocValue& root, const Location& file, Diagnostics& out);

// The byte offset -> line/column map of a text, for parsers that report offsets.
class LineMap {
 public:
  explicit LineMap(std::string_view text);
  // Positions asked for in increasing order (as parsers do) cost in total one
  // pass over the text, even when it is all on one line.
  SourcePos at(std::size_t offset) const;

 private:
  std::vector<std::size_t> starts_;
  // The last position found, to count columns on from it.
  mutable std::size_t last_offset_ = 0, last_line_ = 1;
  mutable std::uint32_t last_column_ = 1;
  std::string_view text_;
};

}  // namespace mmf::detail
