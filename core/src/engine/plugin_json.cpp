// Checking the JSON text a plugin's insight producer returned.
#include "engine/plugin_json.h"

#include <memory>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <simdjson.h>

namespace mmf::detail {

namespace {

// The JSON type's name as the messages say it.
const char* type_name(simdjson::dom::element_type type) {
  switch (type) {
    case simdjson::dom::element_type::ARRAY: return "array";
    case simdjson::dom::element_type::OBJECT: return "object";
    case simdjson::dom::element_type::STRING: return "string";
    case simdjson::dom::element_type::BOOL: return "boolean";
    case simdjson::dom::element_type::NULL_VALUE: return "null";
    default: return "number";
  }
}

}  // namespace

void set_insight(Result& result, const std::string& plugin, std::string_view text) {
  // simdjson checks the whole text and strips its white space; it runs once
  // per assessment, so it must cost little (nlohmann's parse and dump cost
  // as much as scoring the alliance example).
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element section;
  std::string json;
  if (parser.parse(text.data(), text.size()).get(section) != simdjson::SUCCESS) {
    // simdjson refuses a few texts nlohmann reads (numbers beyond a double):
    // the slower parser decides, and says where the text goes wrong.
    nlohmann::ordered_json slow;
    try {
      slow = nlohmann::ordered_json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
      throw std::runtime_error(fmt::format("produce() returned text that is not JSON (at byte {})", e.byte));
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error(fmt::format("produce() returned JSON that cannot be read: {}", e.what()));
    }
    if (!slow.is_object())
      throw std::runtime_error(fmt::format("produce() returned a JSON {}, not an object", slow.type_name()));
    json = slow.dump();
  } else {
    if (section.type() != simdjson::dom::element_type::OBJECT)
      throw std::runtime_error(fmt::format("produce() returned a JSON {}, not an object", type_name(section.type())));
    json.assign(text.size(), '\0');
    std::size_t length = 0;
    if (simdjson::minify(text.data(), text.size(), json.data(), length) != simdjson::SUCCESS)
      throw std::runtime_error("produce() returned JSON that could not be compacted");
    json.resize(length);
  }
  for (auto& existing : result.insights)
    if (existing.plugin == plugin) {
      existing.json = std::move(json);
      return;
    }
  result.insights.push_back(PluginInsight{plugin, std::move(json)});
}

}  // namespace mmf::detail
