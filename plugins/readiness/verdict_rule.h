// readiness.verdict: the level rule of models/readiness.toml (see gates.h for
// the ladder it climbs). Stateless, so safe to call from many threads.
#pragma once

#include "mmf/rule.h"

namespace readiness {

class VerdictRule final : public mmf::LevelRule {
 public:
  void check(const mmf::Model& model, mmf::Diagnostics& out) const override;
  void assign(const mmf::Model& model, mmf::ScoreState& state) const override;
  // The one threshold for every question at every level above the first, so
  // that the recommendations are exactly the unmet gates and the conditions.
  std::optional<double> question_target(const mmf::Model& model, std::size_t q, std::size_t level) const override;
};

}  // namespace readiness
