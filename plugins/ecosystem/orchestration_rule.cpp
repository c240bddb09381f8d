// The ecosystem's level rule; see orchestration_rule.h.
#include "orchestration_rule.h"

#include <algorithm>

namespace ecosystem {

bool has_tag(const mmf::Model& model, std::size_t question, const char* tag) {
  const auto& tags = model.questions[question].tags;
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

bool is_outcome_group(const mmf::Model& model, std::size_t group) {
  bool any = false;
  for (std::size_t q = 0; q < model.questions.size(); ++q) {
    if (model.questions[q].group != group) continue;
    if (!has_tag(model, q, outcome_tag)) return false;
    any = true;
  }
  return any;
}

std::vector<std::size_t> p2p_short(const mmf::Model& model, const std::vector<mmf::QuestionScore>& questions) {
  std::vector<std::size_t> out;
  for (std::size_t q = 0; q < model.questions.size(); ++q)
    if (has_tag(model, q, p2p_tag) && (!questions[q].counted || questions[q].normalised < p2p_gate - 1e-9))
      out.push_back(q);
  return out;
}

void OrchestrationRule::check(const mmf::Model& model, mmf::Diagnostics& out) const {
  mmf::check_band_levels(model, out);
}

void OrchestrationRule::assign(const mmf::Model& model, mmf::ScoreState& state) const {
  // Fold the root again from the top-level practice groups: the engine's
  // root includes the outcome groups, which measure results, not practice.
  mmf::NodeScore& root = state.root();
  double score = 0, max = 0, weights = 0;
  bool any = false;
  for (std::size_t g = 0; g < model.groups.size(); ++g) {
    const mmf::NodeScore& node = state.nodes[g];
    if (model.groups[g].parent != mmf::npos || !node.scored || is_outcome_group(model, g)) continue;
    double w = model.groups[g].weight;
    score += w * node.score;
    max += w * node.max;
    weights += w;
    any = true;
  }
  root.scored = any;
  if (any) {
    bool mean = model.scoring.aggregate != mmf::Aggregate::sum;
    root.score = mean ? score / weights : score;
    root.max = mean ? max / weights : max;
  }
  for (auto& node : state.nodes) node.level = node.scored ? mmf::band_of(model, node.percent()) : mmf::npos;

  // Orchestrated: only when partners also create value with each other.
  std::size_t top = model.levels.empty() ? mmf::npos : model.levels.size() - 1;
  if (top == mmf::npos || top == 0 || root.level != top) return;
  auto short_of = p2p_short(model, state.questions);
  if (short_of.empty()) return;
  root.level = top - 1;
  // The engine recommends these first, each up to the gate.
  state.lifts_at.resize(state.questions.size(), 0.0);
  for (std::size_t q : short_of) state.lifts_at[q] = p2p_gate;
}

std::optional<double> OrchestrationRule::question_target(const mmf::Model& model, std::size_t question,
                                                         std::size_t level) const {
  if (has_tag(model, question, outcome_tag)) return std::nullopt;  // outcomes are reported, not raised as practices
  return mmf::LevelRule::question_target(model, question, level);
}

}  // namespace ecosystem
