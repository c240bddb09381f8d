// Typed, positioned access to a DocValue table for the loaders: each getter
// reports a wrong type or a missing key as a diagnostic at the right place,
// and unknown keys are reported once the table has been read.
#pragma once

#include "base/ids.h"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "load/doc.h"
#include "mmf/diagnostic.h"
#include "mmf/text.h"

namespace mmf::detail {

class TableReader {
 public:
  // `what` names the table in messages: "[model]", "question 'c1'", ...
  TableReader(const DocValue& table, std::string what, const Location& file, Diagnostics& out);

  const DocValue& table() const { return table_; }
  Location here() const { return at(table_.pos); }
  const std::string& what() const { return what_; }
  Location at(SourcePos pos) const { return Location{file_.file, pos}; }
  // Where `key` is written (its key), else the table itself.
  Location key_location(std::string_view key) const;
  Location value_location(std::string_view key) const;

  const DocValue* get(std::string_view key);
  // The value under `key` without marking it read, or nullptr.
  const DocValue* peek(std::string_view key) const;  // marks the key as known
  std::optional<std::string> string(std::string_view key, bool required = false);
  std::optional<double> number(std::string_view key, bool required = false);
  std::optional<bool> boolean(std::string_view key);
  std::optional<std::vector<std::string>> strings(std::string_view key);
  // A text field: a string, or a table of locale -> string that holds `locale`.
  std::optional<Text> text(std::string_view key, const std::string& locale, bool required = false);
  const DocValue* table_of(std::string_view key, bool required = false);
  const DocValue* array_of(std::string_view key, bool required = false);

  // Warns about every key that is neither read nor in `known_keys` (every
  // key this table may hold), suggesting the closest known key.
  void finish(std::initializer_list<std::string_view> known_keys);

  // Whether the table's `format` is `format`; else reports "a {kind}
  // starts with format = "…"" at the value (or the table) and returns false.
  bool expect_format(std::string_view format, std::string_view kind);

  Diagnostics& out() { return out_; }

 private:
  bool expect(const DocValue& v, DocValue::Kind kind, std::string_view key, const char* expected);

  const DocValue& table_;
  std::string what_;
  const Location& file_;
  Diagnostics& out_;
  std::vector<bool> used_;
};

// Reads a text value (string or locale table) outside a TableReader.
std::optional<Text> read_text(const DocValue& v, std::string_view what, const std::string& locale,
                              const Location& file, Diagnostics& out);


}  // namespace mmf::detail
