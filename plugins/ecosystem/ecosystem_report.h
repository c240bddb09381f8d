// What an ecosystem result means, in words, from insights.ecosystem: shared
// by the HTML section and the plain-text report section.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "mmf/model.h"

namespace ecosystem {

// Paragraphs of plain text (UTF-8, no markup): the level and why, the
// outcomes beside the practice score, and the managers' against the
// partners' view. Levels are named in `locale`.
std::vector<std::string> explain(const nlohmann::ordered_json& insight, const mmf::Model& model,
                                 std::string_view locale);

// The HTML section: explain()'s paragraphs and the perception-gap tables.
std::string html_section(const nlohmann::ordered_json& insight, const mmf::Model& model, std::string_view locale);

}  // namespace ecosystem
