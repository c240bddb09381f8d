// What an ecosystem result means, in words, from insights.ecosystem: shared
// by the HTML section and the plain-text report section.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ecosystem {

// Paragraphs of plain text (UTF-8, no markup): the level and why, the
// outcomes beside the practice score, and the managers' against the
// partners' view.
std::vector<std::string> explain(const nlohmann::ordered_json& insight);

// The HTML section: explain()'s paragraphs and the perception-gap tables.
std::string html_section(const nlohmann::ordered_json& insight);

}  // namespace ecosystem
