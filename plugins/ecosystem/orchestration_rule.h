// The ecosystem's level rule: weighted bands over the practice groups only
// (outcome groups are scored and shown but left out of the root), with the
// top level held until every partner-to-partner practice is largely in place.
// Stateless, so safe to share across threads.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "mmf/rule.h"

namespace ecosystem {

// Questions tagged "outcome" measure results, not practice; "p2p" questions
// hold the top level.
inline constexpr const char* outcome_tag = "outcome";
inline constexpr const char* p2p_tag = "p2p";
// The least normalised answer a partner-to-partner question needs for the top
// level: "largely in place" / "mostly" on the model's four-step scales.
inline constexpr double p2p_gate = 0.66;

bool has_tag(const mmf::Model& model, std::size_t question, const char* tag);
// Top-level groups whose every question is an outcome: kept out of the root.
bool is_outcome_group(const mmf::Model& model, std::size_t group);
// The p2p questions whose aggregated answer is below the gate (unanswered ones too).
std::vector<std::size_t> p2p_short(const mmf::Model& model, const std::vector<mmf::QuestionScore>& questions);

class OrchestrationRule final : public mmf::LevelRule {
 public:
  void check(const mmf::Model& model, mmf::Diagnostics& out) const override;
  void assign(const mmf::Model& model, mmf::ScoreState& state) const override;
  std::optional<double> question_target(const mmf::Model& model, std::size_t question,
                                        std::size_t level) const override;
};

}  // namespace ecosystem
