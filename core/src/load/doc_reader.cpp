// Typed access to document tables with positioned diagnostics.
#include "load/doc_reader.h"

#include "base/quote.h"
#include "mmf/load.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace mmf::detail {

const DocValue* DocValue::find(std::string_view key) const {
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (keys[i] == key) return &values[i];
  return nullptr;
}

const char* describe(DocValue::Kind kind) {
  switch (kind) {
    case DocValue::Kind::null: return "null";
    case DocValue::Kind::boolean: return "a boolean";
    case DocValue::Kind::integer: return "an integer";
    case DocValue::Kind::floating: return "a floating-point number";
    case DocValue::Kind::string: return "a string";
    case DocValue::Kind::date: return "a date";
    case DocValue::Kind::time: return "a time";
    case DocValue::Kind::datetime: return "a date-time";
    case DocValue::Kind::array: return "an array";
    case DocValue::Kind::table: return "a table";
  }
  return "a value";
}

std::optional<Text> read_text(const DocValue& v, std::string_view what, const std::string& locale,
                              const Location& file, Diagnostics& out) {
  Location where{file.file, v.pos};
  if (v.kind == DocValue::Kind::string) {
    Text t;
    t.value = v.text;
    t.locales.emplace(locale, v.text);
    return t;
  }
  if (v.kind != DocValue::Kind::table) {
    out.error(where, fmt::format("{} must be a string or a table of locales, not {}", what, describe(v.kind)));
    return std::nullopt;
  }
  Text t;
  bool ok = true;
  for (std::size_t i = 0; i < v.keys.size(); ++i) {
    if (v.values[i].kind != DocValue::Kind::string) {
      out.error(Location{file.file, v.values[i].pos},
                fmt::format("{} in locale '{}' must be a string, not {}", what, excerpt(v.keys[i]), describe(v.values[i].kind)));
      ok = false;
      continue;
    }
    t.locales.emplace(v.keys[i], v.values[i].text);
  }
  auto it = t.locales.find(locale);
  if (it == t.locales.end()) {
    out.error(where, fmt::format("{} has no text in the model's locale '{}'", what, locale));
    return std::nullopt;
  }
  t.value = it->second;
  if (!ok) return std::nullopt;
  return t;
}

void check_limits(const DocValue& root, const Location& file, Diagnostics& out) {
  auto at = [&](SourcePos pos) { return Location{file.file, pos}; };
  auto check_string = [&](const std::string& s, SourcePos pos, const char* what) {
    if (s.size() > max_string_bytes)
      out.error(at(pos), fmt::format("{} of {} bytes; mmf accepts strings of up to {} bytes", what, s.size(),
                                     max_string_bytes));
  };
  std::vector<const DocValue*> todo{&root};
  while (!todo.empty()) {
    const DocValue* v = todo.back();
    todo.pop_back();
    switch (v->kind) {
      case DocValue::Kind::string: check_string(v->text, v->pos, "a string"); break;
      case DocValue::Kind::integer:
      case DocValue::Kind::floating:
        if (std::isfinite(v->number()) && std::fabs(v->number()) > max_number)
          out.error(at(v->pos), fmt::format("the number {} is beyond what mmf accepts (between -{:g} and {:g})",
                                            number_text(v->number()), max_number, max_number));
        break;
      case DocValue::Kind::array:
        for (const auto& item : v->items) todo.push_back(&item);
        break;
      case DocValue::Kind::table:
        for (std::size_t i = 0; i < v->keys.size(); ++i) check_string(v->keys[i], v->key_positions[i], "a key");
        for (const auto& value : v->values) todo.push_back(&value);
        break;
      default: break;
    }
  }
}

TableReader::TableReader(const DocValue& table, std::string what, const Location& file, Diagnostics& out)
    : table_(table), what_(std::move(what)), file_(file), out_(out), used_(table.keys.size(), false) {}

Location TableReader::key_location(std::string_view key) const {
  for (std::size_t i = 0; i < table_.keys.size(); ++i)
    if (table_.keys[i] == key) return at(table_.key_positions[i]);
  return here();
}

Location TableReader::value_location(std::string_view key) const {
  for (std::size_t i = 0; i < table_.keys.size(); ++i)
    if (table_.keys[i] == key) return at(table_.values[i].pos);
  return here();
}

bool TableReader::expect_format(std::string_view format, std::string_view kind) {
  const DocValue* f = get("format");
  if (f && f->kind == DocValue::Kind::string && f->text == format) return true;
  out_.error(f ? at(f->pos) : here(), fmt::format("a {} starts with format = \"{}\"", kind, format));
  return false;
}

const DocValue* TableReader::get(std::string_view key) {
  for (std::size_t i = 0; i < table_.keys.size(); ++i)
    if (table_.keys[i] == key) {
      used_[i] = true;
      return &table_.values[i];
    }
  return nullptr;
}

const DocValue* TableReader::peek(std::string_view key) const { return table_.find(key); }

bool TableReader::expect(const DocValue& v, DocValue::Kind kind, std::string_view key, const char* expected) {
  if (v.kind == kind) return true;
  out_.error(at(v.pos), fmt::format("'{}' of {} must be {}, not {}", excerpt(key), what_, expected, describe(v.kind)));
  return false;
}

std::optional<std::string> TableReader::string(std::string_view key, bool required) {
  const DocValue* v = get(key);
  if (!v) {
    if (required) out_.error(here(), fmt::format("{} is missing the required key '{}'", what_, key));
    return std::nullopt;
  }
  if (!expect(*v, DocValue::Kind::string, key, "a string")) return std::nullopt;
  return v->text;
}

std::optional<double> TableReader::number(std::string_view key, bool required) {
  const DocValue* v = get(key);
  if (!v) {
    if (required) out_.error(here(), fmt::format("{} is missing the required key '{}'", what_, key));
    return std::nullopt;
  }
  if (!v->is_number()) {
    out_.error(at(v->pos), fmt::format("'{}' of {} must be a number, not {}", key, what_, describe(v->kind)));
    return std::nullopt;
  }
  double d = v->number();
  if (!std::isfinite(d)) {
    out_.error(at(v->pos), fmt::format("'{}' of {} must be a finite number, not {}", key, what_, d));
    return std::nullopt;
  }
  return d;
}

std::optional<bool> TableReader::boolean(std::string_view key) {
  const DocValue* v = get(key);
  if (!v || !expect(*v, DocValue::Kind::boolean, key, "a boolean")) return std::nullopt;
  return v->boolean;
}

std::optional<std::vector<std::string>> TableReader::strings(std::string_view key) {
  const DocValue* v = get(key);
  if (!v || !expect(*v, DocValue::Kind::array, key, "an array of strings")) return std::nullopt;
  std::vector<std::string> result;
  bool ok = true;
  for (const auto& item : v->items) {
    if (item.kind != DocValue::Kind::string) {
      out_.error(at(item.pos), fmt::format("'{}' of {} must hold only strings, not {}", key, what_, describe(item.kind)));
      ok = false;
      continue;
    }
    result.push_back(item.text);
  }
  if (!ok) return std::nullopt;
  return result;
}

std::optional<Text> TableReader::text(std::string_view key, const std::string& locale, bool required) {
  const DocValue* v = get(key);
  if (!v) {
    if (required) out_.error(here(), fmt::format("{} is missing the required key '{}'", what_, key));
    return std::nullopt;
  }
  return read_text(*v, fmt::format("'{}' of {}", key, what_), locale, file_, out_);
}

const DocValue* TableReader::table_of(std::string_view key, bool required) {
  const DocValue* v = get(key);
  if (!v) {
    if (required) out_.error(here(), fmt::format("{} is missing the required key '{}'", what_, key));
    return nullptr;
  }
  return expect(*v, DocValue::Kind::table, key, "a table") ? v : nullptr;
}

const DocValue* TableReader::array_of(std::string_view key, bool required) {
  const DocValue* v = get(key);
  if (!v) {
    if (required) out_.error(here(), fmt::format("{} is missing the required key '{}'", what_, key));
    return nullptr;
  }
  return expect(*v, DocValue::Kind::array, key, "an array") ? v : nullptr;
}

void TableReader::finish(std::initializer_list<std::string_view> known_keys) {
  std::vector<std::string_view> known(known_keys);
  for (std::size_t i = 0; i < table_.keys.size(); ++i) {
    if (used_[i]) continue;
    if (std::find(known.begin(), known.end(), table_.keys[i]) != known.end()) continue;
    std::string hint = suggest(table_.keys[i], known);
    out_.warning(at(table_.key_positions[i]),
                 fmt::format("unknown key '{}' in {}{}", excerpt(table_.keys[i]), what_, hint.empty() ? "" : "; " + hint));
  }
}

}  // namespace mmf::detail
