// The numeric heart of the engine (formats-v1 §2): collected answers ->
// question scores -> group and root scores. A ScoringPlan is computed once per
// model and reused for every assessment; a Work holds one thread's scratch, so
// scoring many assessments allocates nothing after the first.
#pragma once

#include <algorithm>
#include <cstddef>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "mmf/assessment.h"
#include "mmf/diagnostic.h"
#include "mmf/model.h"
#include "mmf/rule.h"
#include "plugins/plugin_call.h"

namespace mmf {
class Registry;
}  // namespace mmf

namespace mmf::detail {

// One question's answers across respondents.
struct Collected {
  std::vector<double> values;  // applicable answers, in scale units
  std::size_t not_applicable = 0;
  std::size_t option = npos;   // the option of the first answer, for single-respondent reports

  void add_value(double value, std::size_t option_index) {
    if (values.empty() && not_applicable == 0) option = option_index;
    values.push_back(value);
  }
  void add_not_applicable(std::size_t option_index) {
    if (values.empty() && not_applicable == 0) option = option_index;
    ++not_applicable;
  }
  void clear() {
    values.clear();
    not_applicable = 0;
    option = npos;
  }
};

// Folds child scores into a node. Children are given as (score, max, weight).
class Fold {
 public:
  explicit Fold(Aggregate how = Aggregate::mean) : how_(how) {}
  void add(double score, double max, double weight) {
    if (!any_) {
      any_ = true;
      min_s_ = max_s_ = score;
      min_m_ = max_m_ = max;
    }
    sum_s_ += weight * score;
    sum_m_ += weight * max;
    sum_w_ += weight;
    min_s_ = std::min(min_s_, score);
    max_s_ = std::max(max_s_, score);
    min_m_ = std::min(min_m_, max);
    max_m_ = std::max(max_m_, max);
  }
  void into(NodeScore& node) const;

 private:
  Aggregate how_;
  bool any_ = false;
  double sum_s_ = 0, sum_m_ = 0, sum_w_ = 0, min_s_ = 0, max_s_ = 0, min_m_ = 0, max_m_ = 0;
};

// Runs `rule` over `state`, then takes the level from every node nothing was
// scored in: no rule, built-in or plugin, gives a level to a node without a
// score (a blank questionnaire, a group answered all not applicable). Every
// scoring path (assess, batch) calls this, never LevelRule::assign directly.
void assign_levels(const LevelRule& rule, const Model& model, ScoreState& state);

// One respondent's answer to one question, already checked against its scale.
struct BoundCell {
  std::size_t question;
  bool not_applicable;
  double value;        // in scale units; meaningless when not_applicable
  std::size_t option;  // the option's index on a discrete scale, else npos
};

// The model's level rule as the registry holds it, looked up once by
// bind_rule() for every scoring path (assess, both batch paths).
struct BoundRule {
  const LevelRule* rule = nullptr;  // null: no rule of the model's name is registered
  std::string owner;                // who registered it: a plugin's name, or "mmf"
  std::string call;                 // "rule 'ID'", as failures name the call
  Location loc;                     // where the model names its rule
};
BoundRule bind_rule(const Model& model, const Registry& registry);

// "rule 'ID'", or "rule 'ID' (METHOD)" for a method other than assign.
std::string rule_call(const BoundRule& bound, const char* method);

// Runs `call`, a call into bound.rule, through the plugin guard
// (call_plugin): marked for the crash report, everything caught. Nothing
// when it returned, else the failure at the model's rule: "plugin 'x' failed
// in rule 'y' (METHOD): WHY". The one place a rule is called from.
template <class Call>
std::optional<Diagnostic> call_rule(const BoundRule& bound, const char* method, Call&& call) {
  std::string error;
  if (call_plugin(bound.owner, rule_call(bound, method), error, std::forward<Call>(call))) return std::nullopt;
  return Diagnostic{Severity::error, bound.loc.file ? *bound.loc.file : std::string(), bound.loc.pos, error, true};
}

// Gives levels to `state`, scored by a ScoringPlan from bound answers: the
// model's rule through call_rule(), then assign_levels(). Every scoring path
// ends here: assess() (and so batch's row path), and the parallel CSV path.
// Nothing on success, else the failure each path reports.
std::optional<Diagnostic> score_bound(const BoundRule& rule, const Model& model, ScoreState& state);

class ScoringPlan {
 public:
  explicit ScoringPlan(const Model& model);

  struct Work {
    std::vector<Collected> collected;  // one per question
    ScoreState state;
    std::vector<Fold> folds;
  };

  // Empties `work` for the next assessment (sizes it on first use).
  void reset(Work& work) const;
  // Scores what work.collected holds into work.state. Sorts the collected
  // values when `how` is median.
  void score(Work& work, RespondentAggregation how) const;
  // The same for a single respondent whose answers are given in strictly
  // ascending question order (work.collected is not used): what score()
  // gives, to the last bit, without collecting.
  void score_one(const BoundCell* cells, std::size_t count, Work& work) const;

  const Model& model() const { return model_; }


 private:
  // Folds each group into its parent, children first, then the root.
  void fold_up(Work& work) const;

  // What scoring reads of each question, packed together.
  struct QuestionInfo {
    double min = 0, range = 1, max = 1, weight = 1;
    std::size_t group = 0;
  };

  const Model& model_;
  std::vector<QuestionInfo> questions_;
  std::vector<std::size_t> bottom_up_;  // groups, children before parents
  std::vector<std::size_t> parent_;     // node index of each group's parent (the root is groups.size())
  std::vector<Aggregate> aggregate_;    // per node, the root last
  // The nodes (with their question totals) and folds of an assessment with
  // no answer yet, and its questions for score_one().
  std::vector<QuestionScore> blank_questions_;
  std::vector<NodeScore> blank_nodes_;  // totals filled in
  std::vector<Fold> blank_folds_;
};

}  // namespace mmf::detail
