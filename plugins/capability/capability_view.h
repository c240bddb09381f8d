// The capability plugin's two halves: the insight that computes the
// organisation's view (capability_insight.cpp) and the words that say what it
// means in every report (capability_report.cpp). The
// reports read only the insight, so the two cannot disagree.
#pragma once

#include <string>
#include <string_view>

#include "mmf/plugin.h"

namespace capability {

// The alliance function's respondents: their answers are the alliance team's
// view of itself, shown beside the others'. The model names their units in
// [scoring] self_units (and the engine then leaves them out of the score); a
// model that names none (capability 1.x) uses "alliances" or "alliance".
inline bool is_alliance_function(const mmf::Model& m, std::string_view unit) {
  if (!m.self_units.empty()) return m.is_self_unit(unit);
  return unit == "alliances" || unit == "alliance";
}

// insights.capability as JSON text.
std::string produce_insight(const mmf::InsightContext& context);

// What the result means, in words: the plugin's section of every report.
mmf::Section report_section(const mmf::Result& result, const mmf::RenderOptions& options, const mmf::Words& words);

}  // namespace capability
