// The four level rules of formats-v1 §3: bands, staged, thresholds, weakest.
#include "rules/builtin_rules.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/ids.h"

namespace mmf {

void check_band_levels(const Model& model, Diagnostics& out) {
  const Level* previous = nullptr;
  for (const auto& l : model.levels) {
    if (!l.min) {
      out.error(l.loc, fmt::format("level '{}' needs 'min' (its least percent) under rule '{}'", l.id,
                                   model.scoring.rule));
      continue;
    }
    if (previous && *l.min < *previous->min)
      out.error(l.loc, fmt::format("level '{}' has min {}, below the {} of level '{}' before it; levels go lowest first",
                                   l.id, detail::number_text(*l.min), detail::number_text(*previous->min),
                                   previous->id));
    previous = &l;
  }
}

namespace {

class BandsRule final : public LevelRule {
 public:
  void check(const Model& model, Diagnostics& out) const override { check_band_levels(model, out); }

  void assign(const Model& model, ScoreState& state) const override {
    for (auto& node : state.nodes) node.level = node.scored ? band_of(model, node.percent()) : npos;
  }
};

// Cumulative levels: level k holds when every question of level <= k below
// the node is performed. Per node we need only the lowest level holding a
// question that is not performed; the node's level is the one just below it.
class StagedRule final : public LevelRule {
 public:
  // A group with no question of level k (k above the floor) reaches k as soon
  // as it reaches k - 1: legal, but rarely what the author meant.
  void check(const Model& model, Diagnostics& out) const override {
    const std::size_t levels = model.levels.size();
    std::vector<std::vector<char>> has(model.groups.size(), std::vector<char>(levels, 0));
    for (const Question& q : model.questions)
      if (q.group < model.groups.size() && q.level < levels) has[q.group][q.level] = 1;
    for (std::size_t g : bottom_up_order(model)) {
      std::size_t parent = model.groups[g].parent;
      if (parent == npos) continue;
      for (std::size_t l = 0; l < levels; ++l) has[parent][l] = static_cast<char>(has[parent][l] | has[g][l]);
    }
    for (std::size_t g : model.group_order)
      for (std::size_t l = 1; l < levels; ++l)
        if (!has[g][l])
          out.warning(model.groups[g].loc,
                      fmt::format("group '{}' has no question of level '{}'; under rule 'staged' it reaches '{}' as "
                                  "soon as it reaches '{}'",
                                  model.groups[g].id, model.levels[l].id, model.levels[l].id, model.levels[l - 1].id));
  }

  void assign(const Model& model, ScoreState& state) const override {
    const std::size_t top = model.levels.size() - 1;
    std::vector<std::size_t> blocked(model.groups.size() + 1, npos);
    for (std::size_t q = 0; q < model.questions.size(); ++q) {
      const Question& question = model.questions[q];
      const QuestionScore& s = state.questions[q];
      bool performed = s.answered && (s.not_applicable || s.normalised >= model.scoring.performed - 1e-9);
      if (!performed && question.level != npos)
        blocked[question.group] = std::min(blocked[question.group], question.level);
    }
    fold_up(model, blocked);
    for (std::size_t n = 0; n < blocked.size(); ++n)
      state.nodes[n].level = blocked[n] == npos ? top : (blocked[n] == 0 ? 0 : blocked[n] - 1);
  }

  std::optional<double> question_target(const Model& model, std::size_t q, std::size_t level) const override {
    if (model.questions[q].level == npos || model.questions[q].level > level) return std::nullopt;
    return model.scoring.performed;
  }

  static void fold_up(const Model& model, std::vector<std::size_t>& v) {
    std::size_t root = model.groups.size();
    for (std::size_t g : bottom_up_order(model)) {
      std::size_t parent = model.groups[g].parent == npos ? root : model.groups[g].parent;
      v[parent] = std::min(v[parent], v[g]);
    }
  }
};

// Per level L, pct(L) = 100 x the weighted mean of the normalised values of the
// node's questions of level L (unanswered count as 0; not applicable ones are
// left out under `exclude`, count as 0 under `zero`). Level L holds when the
// level before it holds and every `requires` entry of L is met; a requirement
// on a level with no applicable question holds.
class ThresholdsRule final : public LevelRule {
 public:
  void assign(const Model& model, ScoreState& state) const override {
    const std::size_t levels = model.levels.size();
    const std::size_t nodes = model.groups.size() + 1;
    std::vector<double> sum(nodes * levels, 0.0), weight(nodes * levels, 0.0);
    for (std::size_t q = 0; q < model.questions.size(); ++q) {
      const Question& question = model.questions[q];
      if (question.level == npos) continue;
      const QuestionScore& s = state.questions[q];
      if (s.not_applicable && model.scoring.not_applicable == NotApplicablePolicy::exclude) continue;
      double value = s.answered && !s.not_applicable ? s.normalised : 0.0;
      sum[question.group * levels + question.level] += question.weight * value;
      weight[question.group * levels + question.level] += question.weight;
    }
    std::size_t root = model.groups.size();
    for (std::size_t g : bottom_up_order(model)) {
      std::size_t parent = model.groups[g].parent == npos ? root : model.groups[g].parent;
      for (std::size_t l = 0; l < levels; ++l) {
        sum[parent * levels + l] += sum[g * levels + l];
        weight[parent * levels + l] += weight[g * levels + l];
      }
    }
    for (std::size_t n = 0; n < nodes; ++n) {
      std::size_t reached = npos;
      for (std::size_t l = 0; l < levels; ++l) {
        bool holds = std::all_of(model.levels[l].requirements.begin(), model.levels[l].requirements.end(),
                                 [&](const auto& req) {
                                   double w = weight[n * levels + req.first];
                                   if (w <= 0) return true;
                                   return 100.0 * sum[n * levels + req.first] / w >= req.second - 1e-9;
                                 });
        if (!holds) break;
        reached = l;
      }
      state.nodes[n].level = reached;
    }
  }

  std::optional<double> question_target(const Model& model, std::size_t q, std::size_t level) const override {
    std::size_t own = model.questions[q].level;
    if (own == npos) return std::nullopt;
    std::optional<double> target;
    for (std::size_t l = 0; l <= level && l < model.levels.size(); ++l)
      for (const auto& [on, percent] : model.levels[l].requirements)
        if (on == own) target = std::max(target.value_or(0.0), percent / 100.0);
    return target;
  }
};

// A question's level is the band of its own percent; a node's level is the
// lowest of its children's (groups and questions that have one).
class WeakestRule final : public LevelRule {
 public:
  void check(const Model& model, Diagnostics& out) const override { check_band_levels(model, out); }

  void assign(const Model& model, ScoreState& state) const override {
    std::vector<std::size_t> lowest(model.groups.size() + 1, npos);
    for (std::size_t q = 0; q < model.questions.size(); ++q) {
      QuestionScore& s = state.questions[q];
      s.level = s.counted && s.max > 0 ? band_of(model, 100.0 * s.score / s.max) : npos;
      std::size_t g = model.questions[q].group;
      if (s.level != npos) lowest[g] = std::min(lowest[g], s.level);
    }
    std::size_t root = model.groups.size();
    for (std::size_t g : bottom_up_order(model)) {
      std::size_t parent = model.groups[g].parent == npos ? root : model.groups[g].parent;
      lowest[parent] = std::min(lowest[parent], lowest[g]);
    }
    for (std::size_t n = 0; n < lowest.size(); ++n) state.nodes[n].level = lowest[n];
  }
};

}  // namespace

void add_builtin_rules(RuleRegistry& registry) {
  // Called on a new registry (RuleRegistry::with_builtins()): the names are free.
  (void)registry.add("bands", std::make_shared<BandsRule>());
  (void)registry.add("staged", std::make_shared<StagedRule>());
  (void)registry.add("thresholds", std::make_shared<ThresholdsRule>());
  (void)registry.add("weakest", std::make_shared<WeakestRule>());
}

const RuleRegistry& builtin_rules() {
  static const RuleRegistry registry = RuleRegistry::with_builtins();
  return registry;
}

RuleRegistry RuleRegistry::with_builtins() {
  RuleRegistry r;
  add_builtin_rules(r);
  return r;
}

}  // namespace mmf
