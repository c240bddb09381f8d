// What an ecosystem result means, from insights.ecosystem: the plugin's
// section of every report.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "mmf/model.h"
#include "mmf/section.h"

namespace ecosystem {

// The level and why, the outcomes beside the practice score, the managers'
// against the partners' view, and the tiers; names in `locale`, the
// report's words from `words`.
mmf::Section report_section(const nlohmann::ordered_json& insight, const mmf::Model& model, const std::string& locale,
                            const mmf::Words& words);

}  // namespace ecosystem
