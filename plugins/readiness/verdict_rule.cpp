// readiness.verdict: each node's band, held down by its gates and conditions.
#include "verdict_rule.h"

#include <algorithm>
#include <vector>

#include "gates.h"

namespace readiness {

void VerdictRule::check(const mmf::Model& model, mmf::Diagnostics& out) const {
  mmf::check_band_levels(model, out);
  if (model.levels.size() < 3)
    out.error(model.rule_loc, "rule 'readiness.verdict' needs at least three levels: foundations, pilot, and above");
  bool any = false;
  for (const auto& q : model.questions) any = any || q.has_tag(kGate);
  if (!any) out.warning(model.rule_loc, "rule 'readiness.verdict': no question is tagged 'blocking'");
}

void VerdictRule::assign(const mmf::Model& model, mmf::ScoreState& state) const {
  const std::size_t root = model.groups.size();
  std::vector<Holds> holds(root + 1);
  state.lifts_at.resize(model.questions.size(), 0.0);
  for (std::size_t q = 0; q < model.questions.size(); ++q) {
    const auto& s = state.questions[q];
    const bool gate = model.questions[q].has_tag(kGate);
    const Standing standing_now = standing(model, s.answered, s.not_applicable, s.normalised);
    holds[model.questions[q].group].count(gate, standing_now);
    // An unmet gate holds the verdict down until it reaches the threshold:
    // the engine then recommends it first.
    if (gate && standing_now == Standing::below)
      state.lifts_at[q] = std::max(state.lifts_at[q], model.scoring.performed);
  }
  for (std::size_t g : mmf::bottom_up_order(model)) {
    std::size_t parent = model.groups[g].parent == mmf::npos ? root : model.groups[g].parent;
    holds[parent].add(holds[g]);
  }
  for (std::size_t n = 0; n <= root; ++n) {
    auto& node = state.nodes[n];
    node.level = verdict(model, node.scored ? mmf::band_of(model, node.percent()) : mmf::npos, holds[n]);
  }
}

std::optional<double> VerdictRule::question_target(const mmf::Model& model, std::size_t, std::size_t level) const {
  if (level == kFoundations) return std::nullopt;
  return model.scoring.performed;
}

}  // namespace readiness
