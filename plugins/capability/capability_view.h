// The capability plugin's two halves: the insight that computes the
// organisation's view (capability_insight.cpp) and the words that say what it
// means in the text, markdown and HTML reports (capability_report.cpp). The
// reports read only the insight, so the two cannot disagree.
#pragma once

#include <string>
#include <string_view>

#include "mmf/plugin.h"

namespace capability {

// Respondents from the alliance function give this unit (or "alliance"): their
// answers are the alliance team's view of itself, shown beside the others'.
inline bool is_alliance_function(std::string_view unit) { return unit == "alliances" || unit == "alliance"; }

// insights.capability as JSON text.
std::string produce_insight(const mmf::InsightContext& context);

// What the result means, in words: plain text (the text and markdown reports)
// and an HTML fragment (the HTML report).
std::string report_text(const mmf::Result& result, const mmf::RenderOptions& options);
std::string report_html(const mmf::Result& result, const mmf::RenderOptions& options);

}  // namespace capability
