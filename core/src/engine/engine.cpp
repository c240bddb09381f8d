// Scoring: answers -> question scores -> group and root scores (formats-v1 §2),
// then the level rule (§3), gaps and recommendations against a target profile.
#include "mmf/engine.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "check/answer_binding.h"
#include "engine/plugin_json.h"
#include "engine/scoring.h"
#include "mmf/load.h"

namespace mmf {
namespace {

double aggregate_values(std::vector<double>& values, RespondentAggregation how) {
  switch (how) {
    case RespondentAggregation::mean:
      return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
    case RespondentAggregation::median: {
      std::sort(values.begin(), values.end());
      std::size_t n = values.size();
      return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
    }
    case RespondentAggregation::min:
      return *std::min_element(values.begin(), values.end());
    case RespondentAggregation::max:
      return *std::max_element(values.begin(), values.end());
  }
  return 0;
}

}  // namespace

namespace detail {

void Fold::into(NodeScore& node) const {
  node.scored = any_;
  if (!any_) return;
  switch (how_) {
    case Aggregate::mean:
      node.score = sum_s_ / sum_w_;
      node.max = sum_m_ / sum_w_;
      break;
    case Aggregate::sum:
      node.score = sum_s_;
      node.max = sum_m_;
      break;
    case Aggregate::min:
      node.score = min_s_;
      node.max = min_m_;
      break;
    case Aggregate::max:
      node.score = max_s_;
      node.max = max_m_;
      break;
  }
}

ScoringPlan::ScoringPlan(const Model& model) : model_(model), bottom_up_(bottom_up_order(model)) {
  const std::size_t root = model.groups.size();
  parent_.reserve(root);
  aggregate_.reserve(root + 1);
  for (std::size_t g = 0; g < root; ++g) {
    parent_.push_back(model.groups[g].parent == npos ? root : model.groups[g].parent);
    aggregate_.push_back(model.aggregate_of(g));
  }
  aggregate_.push_back(model.scoring.aggregate);
  questions_.reserve(model.questions.size());
  for (const Question& q : model.questions) {
    const Scale& scale = model.scales[q.scale];
    questions_.push_back(QuestionInfo{scale.min, scale.max - scale.min, scale.max, q.weight, q.group});
  }
  blank_questions_.resize(questions_.size());
  for (std::size_t q = 0; q < questions_.size(); ++q) blank_questions_[q].max = questions_[q].max;
  blank_nodes_.resize(root + 1);
  for (const QuestionInfo& info : questions_) ++blank_nodes_[info.group].total;
  for (std::size_t g : bottom_up_) blank_nodes_[parent_[g]].total += blank_nodes_[g].total;
  for (Aggregate a : aggregate_) blank_folds_.emplace_back(a);
}

void ScoringPlan::score_one(const BoundCell* cells, std::size_t count, Work& work) const {
  ScoreState& state = work.state;
  state.questions = blank_questions_;
  state.nodes = blank_nodes_;
  state.lifts_at.clear();
  work.folds = blank_folds_;
  const bool na_zero = model_.scoring.not_applicable == NotApplicablePolicy::zero;
  for (const BoundCell* c = cells; c != cells + count; ++c) {
    const QuestionInfo& info = questions_[c->question];
    QuestionScore& s = state.questions[c->question];
    s.respondents = 1;
    s.answered = true;
    if (c->not_applicable) {
      s.not_applicable = true;
      s.counted = na_zero;  // scores 0 with its normal maximum
    } else {
      s.value = c->value;
      s.normalised = (s.value - info.min) / info.range;
      s.score = s.value;
      s.counted = true;
    }
    ++state.nodes[info.group].answered;
    if (s.counted) work.folds[info.group].add(s.score, s.max, info.weight);
  }
  fold_up(work);
}

void ScoringPlan::fold_up(Work& work) const {
  ScoreState& state = work.state;
  for (std::size_t g : bottom_up_) {
    work.folds[g].into(state.nodes[g]);
    NodeScore& p = state.nodes[parent_[g]];
    p.answered += state.nodes[g].answered;
    if (state.nodes[g].scored) work.folds[parent_[g]].add(state.nodes[g].score, state.nodes[g].max, model_.groups[g].weight);
  }
  work.folds[parent_.size()].into(state.nodes[parent_.size()]);
}

void assign_levels(const LevelRule& rule, const Model& model, ScoreState& state) {
  rule.assign(model, state);
  for (NodeScore& node : state.nodes)
    if (!node.scored) node.level = npos;
}

BoundRule bind_rule(const Model& model, const Registry& registry) {
  BoundRule bound;
  bound.rule = registry.rules().find(model.scoring.rule);
  bound.owner = registry.rules().owner(model.scoring.rule);
  bound.call = fmt::format("rule '{}'", model.scoring.rule);
  bound.loc = model.rule_loc;
  return bound;
}

std::string rule_call(const BoundRule& bound, const char* method) {
  return method ? fmt::format("{} ({})", bound.call, method) : bound.call;
}

std::optional<Diagnostic> score_bound(const BoundRule& rule, const Model& model, ScoreState& state) {
  return call_rule(rule, nullptr, [&] { assign_levels(*rule.rule, model, state); });
}

void ScoringPlan::reset(Work& work) const {
  work.collected.resize(model_.questions.size());
  for (auto& c : work.collected) c.clear();
}

void ScoringPlan::score(Work& work, RespondentAggregation how) const {
  ScoreState& state = work.state;
  const std::size_t nq = questions_.size();
  state.questions.resize(nq);
  state.nodes = blank_nodes_;
  state.lifts_at.clear();  // the question totals are the model's
  work.folds = blank_folds_;
  const bool na_zero = model_.scoring.not_applicable == NotApplicablePolicy::zero;
  // (value - min) / (max - min), as Scale::normalise.
  auto normalise = [](const QuestionInfo& info, double value) { return (value - info.min) / info.range; };
  for (std::size_t q = 0; q < nq; ++q) {
    const QuestionInfo& info = questions_[q];
    Collected& c = work.collected[q];
    QuestionScore& s = state.questions[q];
    s = QuestionScore{};
    s.respondents = c.values.size() + c.not_applicable;
    s.answered = s.respondents > 0;
    s.not_applicable = c.values.empty() && c.not_applicable > 0;
    s.max = info.max;
    if (c.values.size() == 1) {
      s.value = c.values[0];
      s.normalised = normalise(info, s.value);
      s.score = s.value;
      s.counted = true;
    } else if (!c.values.empty()) {
      auto [lo, hi] = std::minmax_element(c.values.begin(), c.values.end());
      s.spread = normalise(info, *hi) - normalise(info, *lo);
      s.value = aggregate_values(c.values, how);
      s.normalised = normalise(info, s.value);
      s.score = s.value;
      s.counted = true;
    } else if (s.not_applicable && na_zero) {
      s.counted = true;  // scores 0 with its normal maximum
    }
    // Fold questions into their groups, then groups into parents, children first.
    NodeScore& node = state.nodes[info.group];
    if (s.answered) ++node.answered;
    if (s.counted) work.folds[info.group].add(s.score, s.max, info.weight);
  }
  fold_up(work);
}

}  // namespace detail

namespace {

// Binds every answer of respondent `r` into `work` (answers must have passed check_assessment).
void collect_respondent(const Model& model, const Respondent& r, detail::ScoringPlan::Work& work) {
  for (const auto& answer : r.answers) {
    std::size_t q = detail::answered_question(model, answer.question);
    if (q == npos) continue;  // a retired question's answer
    const Question& question = model.questions[q];
    auto bound = detail::bind_answer(answer, question, model.scales[question.scale], &model);
    if (bound.kind == detail::BoundAnswer::Kind::value) work.collected[q].add_value(bound.value, bound.option);
    else if (bound.kind == detail::BoundAnswer::Kind::not_applicable) work.collected[q].add_not_applicable(bound.option);
    }
}

// Whether respondent `r` is left out of the score: a member of one of the
// model's self_units while someone outside them answered too.
struct SelfUnits {
  const Model& model;
  bool leave_out = false;
  SelfUnits(const Model& m, const Assessment& a) : model(m) {
    if (m.self_units.empty()) return;
    for (const auto& r : a.respondents)
      if (!m.is_self_unit(r.unit)) leave_out = true;
  }
  bool skips(const Respondent& r) const { return leave_out && model.is_self_unit(r.unit); }
};

void collect_answers(const Model& model, const Assessment& a, const SelfUnits& self, detail::ScoringPlan::Work& work) {
  for (const auto& r : a.respondents)
    if (!self.skips(r)) collect_respondent(model, r, work);
}

// [scoring] respondents = "by-unit": each unit's respondents combine first,
// with the assessment's aggregation; then every unit's value counts once, so
// a unit of nine weighs what a unit of two does. Returns how many
// respondents answered each question (the units are what `collected` holds).
std::vector<std::size_t> collect_by_unit(const Model& model, const Assessment& a, const SelfUnits& self,
                                         detail::ScoringPlan::Work& work) {
  std::vector<std::size_t> answered(model.questions.size(), 0);
  std::vector<std::string_view> units;
  for (const auto& r : a.respondents)
    if (!self.skips(r) && std::find(units.begin(), units.end(), r.unit) == units.end()) units.push_back(r.unit);
  detail::ScoringPlan::Work unit;
  unit.collected.resize(model.questions.size());
  for (std::string_view name : units) {
    for (auto& c : unit.collected) c.clear();
    for (const auto& r : a.respondents)
      if (r.unit == name) collect_respondent(model, r, unit);
    for (std::size_t q = 0; q < model.questions.size(); ++q) {
      detail::Collected& c = unit.collected[q];
      answered[q] += c.values.size() + c.not_applicable;
      if (!c.values.empty())
        work.collected[q].add_value(aggregate_values(c.values, a.aggregation), c.values.size() == 1 ? c.option : npos);
      else if (c.not_applicable > 0)
        work.collected[q].add_not_applicable(c.option);
    }
  }
  return answered;
}

// The option an aggregated value stands at: the highest applicable option at
// or below it (npos for a range scale).
std::size_t option_at(const Scale& scale, double value) {
  std::size_t best = npos;
  for (std::size_t o = 0; o < scale.options.size(); ++o) {
    const ScaleOption& opt = scale.options[o];
    if (opt.not_applicable || opt.value > value + 1e-9) continue;
    if (best == npos || opt.value > scale.options[best].value) best = o;
  }
  return best;
}

double children_weight(const Model& model, std::size_t group) {
  const Group& g = model.groups[group];
  double w = 0;
  for (std::size_t c : g.child_groups) w += model.groups[c].weight;
  for (std::size_t q : g.questions) w += model.questions[q].weight;
  return w;
}

// A node with nothing scored has no gap: where it stands is not known (the
// reports list it as not assessed instead).
void add_gap(const Model& model, Result& result, std::size_t group, const TargetValue& tv, const NodeScore& node) {
  if (!node.scored) return;
  // A scored node without a level is below the lowest band, or (a plugin
  // rule such as readiness's) undetermined: that is no place to measure from.
  if (tv.kind == TargetValue::Kind::level && node.level == npos && band_of(model, node.percent()) != npos) return;
  double distance = 0;
  if (tv.kind == TargetValue::Kind::level) {
    double current = node.level == npos ? -1.0 : static_cast<double>(node.level);
    distance = (static_cast<double>(tv.level) - current) / static_cast<double>(model.levels.size());
  } else {
    distance = (tv.percent - node.percent()) / 100.0;
  }
  if (distance <= 1e-9) return;
  Gap gap;
  gap.group = group;
  gap.target = tv;
  gap.current_level = node.level;
  gap.current_percent = node.percent();
  double share = group == npos ? 1.0 : weight_share_of_group(model, group);
  gap.priority = distance * share;
  result.gaps.push_back(gap);
}

}  // namespace

double weight_share_of_group(const Model& model, std::size_t group) {
  double share = 1.0;
  for (std::size_t g = group; g != npos; g = model.groups[g].parent) {
    std::size_t parent = model.groups[g].parent;
    double siblings = 0;
    if (parent == npos)
      for (std::size_t t : model.top_groups) siblings += model.groups[t].weight;
    else
      siblings = children_weight(model, parent);
    share *= model.groups[g].weight / siblings;
  }
  return share;
}

double weight_share_of_question(const Model& model, std::size_t question) {
  const Question& q = model.questions[question];
  return q.weight / children_weight(model, q.group) * weight_share_of_group(model, q.group);
}

namespace {


}  // namespace

AssessOutcome assess(std::shared_ptr<const Model> model_ptr, const Assessment& a, const Registry& registry,
                     const AssessOptions& options) {
  AssessOutcome outcome;
  const Model& model = *model_ptr;
  check_assessment(a, model, outcome.diagnostics, CheckOptions{options.ignore_model_version});
  std::string target_id = options.target.empty() ? a.target : options.target;
  if (!options.target.empty() && model.find_target(options.target) == npos)
    outcome.diagnostics.error(Location{a.file, SourcePos{}},
                              fmt::format("target profile '{}' is not defined by model '{}'", options.target, model.id));
  const detail::BoundRule rule = detail::bind_rule(model, registry);
  if (!rule.rule) check_model_extensions(model, registry, outcome.diagnostics);
  if (outcome.diagnostics.has_errors()) return outcome;
  if (target_id.empty() && model.find_target("default") != npos) target_id = "default";

  detail::ScoringPlan plan(model);
  detail::ScoringPlan::Work work;
  plan.reset(work);
  const bool by_unit = model.respondents == RespondentWeighting::by_unit && a.respondents.size() > 1;
  std::vector<std::size_t> answered_by;
  const SelfUnits self(model, a);
  if (by_unit) answered_by = collect_by_unit(model, a, self, work);
  else collect_answers(model, a, self, work);
  plan.score(work, by_unit ? RespondentAggregation::mean : a.aggregation);
  ScoreState& state = work.state;
  if (by_unit)
    for (std::size_t q = 0; q < state.questions.size(); ++q) state.questions[q].respondents = answered_by[q];
  const std::vector<detail::Collected>& collected = work.collected;
  if (auto failed = detail::score_bound(rule, model, state)) {
    outcome.diagnostics.add(std::move(*failed));
    return outcome;
  }

  Result result;
  result.model = model_ptr;
  result.subject = a.subject;
  result.date = a.date;
  result.assessor = a.assessor;
  result.target = target_id;
  result.respondents = a.respondents.size();
  auto node_result = [&](std::size_t index, std::size_t group) {
    const NodeScore& n = state.nodes[index];
    NodeResult r;
    r.group = group;
    r.scored = n.scored;
    r.score = n.score;
    r.max = n.max;
    r.percent = n.percent();
    r.coverage = n.coverage();
    r.level = n.level;
    return r;
  };
  result.overall = node_result(state.root_index(), npos);
  result.groups.reserve(model.groups.size());
  for (std::size_t g : model.group_order) result.groups.push_back(node_result(g, g));

  result.questions.reserve(model.questions.size());
  for (std::size_t q = 0; q < model.questions.size(); ++q) {
    const QuestionScore& s = state.questions[q];
    QuestionResult r;
    r.question = q;
    r.answered = s.answered;
    r.not_applicable = s.not_applicable;
    r.value = s.value;
    r.normalised = s.normalised;
    r.score = s.score;
    r.max = s.max;
    r.respondents = s.respondents;
    r.spread = s.spread;
    const Scale& scale = model.scales[model.questions[q].scale];
    if (s.respondents == 1 && scale.kind == Scale::Kind::discrete && collected[q].option != npos)
      r.option = scale.options[collected[q].option].id;
    result.questions.push_back(std::move(r));
    if (!s.answered)
      result.warnings.push_back(
          Warning{"unanswered", model.questions[q].id, fmt::format("question '{}' has no answer", model.questions[q].id)});
  }
  for (const auto& respondent : a.respondents)
    for (const auto& answer : respondent.answers) {
      if (answer.evidence.empty() && answer.comment.empty()) continue;
      std::size_t q = detail::answered_question(model, answer.question);
      if (q == npos) continue;
      result.questions[q].notes.push_back(
          AnswerNote{respondent.id, answer.evidence, answer.comment});
    }

  if (!target_id.empty()) {
    const Target& target = model.targets[model.find_target(target_id)];
    if (const TargetValue* tv = effective_target(model, target, npos)) add_gap(model, result, npos, *tv, state.root());
    for (std::size_t g : model.group_order)
      if (const TargetValue* tv = effective_target(model, target, g)) add_gap(model, result, g, *tv, state.nodes[g]);
    std::stable_sort(result.gaps.begin(), result.gaps.end(),
                     [](const Gap& x, const Gap& y) { return x.priority > y.priority; });

    std::vector<std::pair<Recommendation, RecommendationStep>> steps;
    for (std::size_t q = 0; q < model.questions.size(); ++q) {
      const QuestionScore& s = state.questions[q];
      if (!s.answered || s.not_applicable) continue;
      const TargetValue* tv = effective_target(model, target, model.questions[q].group);
      if (!tv) continue;
      std::optional<double> goal;
      if (tv->kind == TargetValue::Kind::percent) {
        goal = tv->percent / 100.0;
      } else {
        if (auto failed = detail::call_rule(rule, "question_target",
                                            [&] { goal = rule.rule->question_target(model, q, tv->level); })) {
          outcome.diagnostics.add(std::move(*failed));
          return outcome;
        }
      }
      const double lift = q < state.lifts_at.size() ? state.lifts_at[q] : 0.0;
      const bool lifts_cap = lift > s.normalised + 1e-9;
      if (!lifts_cap && (!goal || s.normalised >= *goal - 1e-9)) continue;
      Recommendation rec;
      rec.question = q;
      rec.current = s.normalised;
      rec.target = lifts_cap ? std::max(goal.value_or(0.0), lift) : *goal;
      rec.priority = (rec.target - s.normalised) * weight_share_of_question(model, q);
      RecommendationStep step;
      step.lifts_cap = lifts_cap;
      const Scale& scale = model.scales[model.questions[q].scale];
      if (scale.kind == Scale::Kind::discrete)
        step.from = s.respondents == 1 && collected[q].option != npos ? collected[q].option : option_at(scale, s.value);
      steps.emplace_back(rec, step);
    }
    // What lifts a cap first, then by priority; ties keep model order.
    std::stable_sort(steps.begin(), steps.end(), [](const auto& x, const auto& y) {
      if (x.second.lifts_cap != y.second.lifts_cap) return x.second.lifts_cap;
      return x.first.priority > y.first.priority;
    });
    for (const auto& [rec, step] : steps) {
      result.recommendations.push_back(rec);
      result.steps.push_back(step);
    }
  }
  if (options.insights && !model.plugin.empty())
    for (const auto& insight : registry.insights()) {
      if (insight.owner != model.plugin) continue;
      std::string error;
      if (!detail::call_plugin(insight.owner, "its insight producer", error, [&] {
            detail::set_insight(result, insight.owner, insight.producer->produce(InsightContext{model, a, result, registry}));
          })) {
        outcome.diagnostics.plugin_failure(model.plugin_loc, error);
        return outcome;
      }
    }
  outcome.result = std::move(result);
  return outcome;
}

std::vector<PartResult> assess_parts(std::shared_ptr<const Model> model, const Assessment& a, const Registry& registry,
                                     Split split, const AssessOptions& options) {
  std::vector<std::string> keys;
  std::vector<std::vector<const Respondent*>> members;
  for (const auto& r : a.respondents) {
    const std::string& key = split == Split::unit ? r.unit : r.id;
    auto it = std::find(keys.begin(), keys.end(), key);
    if (it == keys.end()) {
      keys.push_back(key);
      members.emplace_back();
      it = keys.end() - 1;
    }
    members[static_cast<std::size_t>(it - keys.begin())].push_back(&r);
  }
  AssessOptions part_options = options;
  part_options.insights = false;
  part_options.ignore_model_version = true;  // the whole was checked by the caller; a part is the same assessment
  std::vector<PartResult> parts;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    Assessment part = a;
    part.respondents.clear();
    for (const Respondent* r : members[i]) part.respondents.push_back(*r);
    auto outcome = assess(model, part, registry, part_options);
    if (outcome.ok()) parts.push_back(PartResult{keys[i], members[i].size(), std::move(*outcome.result)});
  }
  return parts;
}

}  // namespace mmf
