// Reads JSON through simdjson's On-Demand API into the positioned document
// tree, turning byte offsets into lines and columns.
#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "load/doc.h"
#include "mmf/load.h"

namespace mmf::detail {

LineMap::LineMap(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts_.push_back(i + 1);
}

SourcePos LineMap::at(std::size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  std::size_t line = static_cast<std::size_t>(it - starts_.begin());
  std::size_t start = starts_[line - 1];
  // Columns count UTF-8 code points, as toml++ does; on from the last
  // position when it is earlier on the same line.
  std::uint32_t column = 1;
  if (line == last_line_ && offset >= last_offset_) {
    start = last_offset_;
    column = last_column_;
  }
  for (std::size_t i = start; i < offset; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
  last_offset_ = offset;
  last_line_ = line;
  last_column_ = column;
  return SourcePos{static_cast<std::uint32_t>(line), column};
}

namespace {

namespace od = simdjson::ondemand;

struct JsonError {
  const char* where;
  std::string message;
  bool syntax = true;  // from the parser, rather than one of our own checks
};

// simdjson often knows only that a document is malformed, not where. On that
// (rare) path nlohmann's parser, which tracks every byte, says where and why.
bool locate_syntax_error(std::string_view text, std::size_t& offset, std::string& message) {
  try {
    auto parsed = nlohmann::json::parse(text.begin(), text.end());
    static_cast<void>(parsed);
  } catch (const nlohmann::json::parse_error& e) {
    offset = e.byte > 0 ? e.byte - 1 : 0;
    std::string what = e.what();
    auto column = what.find("column ");
    auto colon = what.find(": ", column == std::string::npos ? 0 : column);
    message = colon == std::string::npos ? what : what.substr(colon + 2);
    return true;
  } catch (const nlohmann::json::exception&) {
    // Not a syntax error to nlohmann (a number too large for a double, found
    // by the fuzzer): keep simdjson's own message and place.
  }
  return false;
}

class Converter {
 public:
  Converter(const simdjson::padded_string& buffer, const LineMap& lines) : buffer_(buffer), lines_(lines) {}

  SourcePos pos(const char* p) const {
    return lines_.at(static_cast<std::size_t>(p - buffer_.data()));
  }

  // Deeper nesting than this is refused before simdjson's own limit, which
  // its On-Demand API enforces only by assertion.
  static constexpr int kMaxDepth = static_cast<int>(max_document_depth);

  // The position of `key` if the object already has it: a scan while the
  // object is small, then an index (`seen`), so that an object of many keys
  // (the answers to 5,000 questions) is not checked in quadratic time.
  static std::optional<SourcePos> find_key(const DocValue& out, std::unordered_map<std::string, std::size_t>& seen,
                                           std::string_view key) {
    if (out.keys.size() < 16) {
      for (std::size_t i = 0; i < out.keys.size(); ++i)
        if (out.keys[i] == key) return out.key_positions[i];
      return std::nullopt;
    }
    if (seen.empty())
      for (std::size_t i = 0; i < out.keys.size(); ++i) seen.emplace(out.keys[i], i);
    auto it = seen.find(std::string(key));
    if (it == seen.end()) return std::nullopt;
    return out.key_positions[it->second];
  }

  template <class V>
  void convert(V& value, DocValue& out, int depth = 0) {
    const char* start = nullptr;
    if (value.current_location().get(start) == simdjson::SUCCESS) out.pos = pos(start);
    if (depth > kMaxDepth)
      throw JsonError{start, "values are nested more than " + std::to_string(kMaxDepth) + " deep", false};
    od::json_type type{};
    check(value.type().get(type), start);
    switch (type) {
      case od::json_type::object: {
        out.kind = DocValue::Kind::table;
        od::object object;
        check(value.get_object().get(object), start);
        std::unordered_map<std::string, std::size_t> seen;
        for (auto field_result : object) {
          od::field field;
          check(std::move(field_result).get(field), start);
          const char* key_start = field.key().raw() - 1;
          std::string_view key;
          check(field.unescaped_key().get(key), key_start);
          if (auto first = find_key(out, seen, key))
            throw JsonError{key_start,
                            "duplicate key \"" + std::string(key) + "\" (first at line " + std::to_string(first->line) +
                                ", column " + std::to_string(first->column) + ")",
                            false};
          if (!seen.empty()) seen.emplace(key, out.keys.size());
          out.keys.emplace_back(key);
          out.key_positions.push_back(pos(key_start));
          out.values.emplace_back();
          od::value child = field.value();
          convert(child, out.values.back(), depth + 1);
        }
        break;
      }
      case od::json_type::array: {
        out.kind = DocValue::Kind::array;
        od::array array;
        check(value.get_array().get(array), start);
        for (auto item_result : array) {
          od::value item;
          check(std::move(item_result).get(item), start);
          out.items.emplace_back();
          convert(item, out.items.back(), depth + 1);
        }
        break;
      }
      case od::json_type::string: {
        out.kind = DocValue::Kind::string;
        std::string_view s;
        check(value.get_string().get(s), start);
        out.text = s;
        break;
      }
      case od::json_type::number: {
        od::number_type nt{};
        check(value.get_number_type().get(nt), start);
        if (nt == od::number_type::signed_integer) {
          out.kind = DocValue::Kind::integer;
          check(value.get_int64().get(out.integer), start);
        } else {
          out.kind = DocValue::Kind::floating;
          check(value.get_double().get(out.floating), start);
        }
        break;
      }
      case od::json_type::boolean:
        out.kind = DocValue::Kind::boolean;
        check(value.get_bool().get(out.boolean), start);
        break;
      case od::json_type::null: {
        bool is_null = false;
        check(value.is_null().get(is_null), start);
        out.kind = DocValue::Kind::null;
        break;
      }
    }
  }

  void check(simdjson::error_code code, const char* where) {
    if (code != simdjson::SUCCESS) throw JsonError{where, simdjson::error_message(code)};
  }

 private:
  const simdjson::padded_string& buffer_;
  const LineMap& lines_;
};

std::string plain(std::string message) {
  // simdjson messages end with a full stop; ours do not.
  while (!message.empty() && (message.back() == '.' || message.back() == ' ')) message.pop_back();
  if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  return message;
}

}  // namespace

ParsedDoc parse_json_doc(std::string_view text, const Location& file, Diagnostics& out) {
  ParsedDoc doc;
  LineMap lines(text);
  simdjson::padded_string buffer(text);
  od::parser parser;
  Converter converter(buffer, lines);
  const char* end = buffer.data() + buffer.size();
  try {
    od::document document;
    converter.check(parser.iterate(buffer).get(document), end);
    od::json_type type{};
    converter.check(document.type().get(type), buffer.data());
    if (type != od::json_type::object) throw JsonError{buffer.data(), "expected a JSON object at the top level", false};
    od::value root;
    converter.check(document.get_value().get(root), buffer.data());
    converter.convert(root, doc.root);
    // At the end of the document current_location() fails; where it succeeds, more follows.
    const char* trailing = nullptr;
    if (document.current_location().get(trailing) == simdjson::SUCCESS && trailing && trailing < end)
      throw JsonError{trailing, "unexpected content after the JSON object"};
    doc.root.pos = SourcePos{1, 1};
    doc.ok = true;
    check_limits(doc.root, file, out);
  } catch (const JsonError& e) {
    std::size_t offset = static_cast<std::size_t>((e.where ? e.where : end) - buffer.data());
    std::string message = e.message;
    if (e.syntax) locate_syntax_error(text, offset, message);
    out.error(Location{file.file, lines.at(offset)}, "JSON syntax: " + plain(message));
  }
  return doc;
}

}  // namespace mmf::detail
