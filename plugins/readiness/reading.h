// How a readiness result reads: the verdict, what holds it below its score's
// band, and the questions behind that — the one analysis the insight, the
// text and the HTML report all put into words.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "gates.h"
#include "mmf/result.h"
#include "mmf/rule.h"
#include "mmf/section.h"

namespace readiness {

struct Item {
  std::size_t question = mmf::npos;  // index into Model::questions
  double current = 0;                // normalised
};

struct Reading {
  bool scored = false;
  std::size_t verdict = mmf::npos;   // npos: undetermined (when scored)
  std::size_t by_score = mmf::npos;  // the band of the overall percent
  double percent = 0;
  double threshold = 0;
  std::size_t gates = 0;             // gates in the model
  std::size_t gates_met = 0;         // answered and at the threshold, or not applicable
  std::vector<Item> blockers;        // unmet gates, in model order
  std::vector<std::size_t> unanswered_gates;
  std::vector<Item> conditions;      // other questions below the threshold
  std::size_t unanswered = 0;        // other questions nobody answered
};

Reading read(const mmf::Model& model, const mmf::Result& result);

// The verdict, what it means and why, and the gates in a table: the
// plugin's section of every report, in the host's words.
mmf::Section verdict_section(const mmf::Model& model, const mmf::Result& result, const std::string& locale,
                             const mmf::Words& words);

}  // namespace readiness
