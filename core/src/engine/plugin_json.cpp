// Checking the JSON text a plugin's insight producer returned.
#include "engine/plugin_json.h"

#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace mmf::detail {

void set_insight(Result& result, const std::string& plugin, std::string_view text) {
  nlohmann::ordered_json section;
  try {
    section = nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error(fmt::format("produce() returned text that is not JSON (at byte {})", e.byte));
  }
  if (!section.is_object())
    throw std::runtime_error(fmt::format("produce() returned a JSON {}, not an object", section.type_name()));
  std::string json = section.dump();
  for (auto& existing : result.insights)
    if (existing.plugin == plugin) {
      existing.json = std::move(json);
      return;
    }
  result.insights.push_back(PluginInsight{plugin, std::move(json)});
}

}  // namespace mmf::detail
