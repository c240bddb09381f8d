// The result of scoring an assessment against a model (formats-v1 §5). A
// plain value that keeps its model alive; renderers read only this.
//
// Thread-safety: like any value, one Result may be read from many threads at
// once, not written while it is read.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mmf/model.h"

namespace mmf {

struct NodeResult {
  std::size_t group = npos;  // index into Model::groups; npos for the root
  bool scored = false;
  double score = 0;
  double max = 0;
  double percent = 0;
  double coverage = 1;
  std::size_t level = npos;  // npos: no level applies
};

struct AnswerNote {
  std::string respondent;
  std::string evidence;
  std::string comment;
};

struct QuestionResult {
  std::size_t question = npos;  // index into Model::questions
  bool answered = false;
  bool not_applicable = false;
  double value = 0;
  double normalised = 0;
  double score = 0;
  double max = 0;
  std::size_t respondents = 0;
  double spread = 0;
  std::string option;           // single-valued discrete answers: the option chosen
  std::vector<AnswerNote> notes;
};

struct Gap {
  std::size_t group = npos;  // npos: the overall score
  TargetValue target;
  std::size_t current_level = npos;
  double current_percent = 0;
  double priority = 0;
};

struct Recommendation {
  std::size_t question = npos;
  double current = 0;  // normalised
  double target = 0;   // normalised
  double priority = 0;
};

// What a recommendation starts from (parallel to Result::recommendations, a
// separate list so that plugins built against API 2.1 read Recommendation
// as they know it).
struct RecommendationStep {
  // The option the answer stands at: the single respondent's, else the
  // highest applicable option at or below the aggregated value; npos for a
  // range scale.
  std::size_t from = npos;
  // The level rule named this question as holding its node below the level
  // its scores reach (QuestionScore lifts_at): it comes first.
  bool lifts_cap = false;
};

struct Warning {
  std::string code;
  std::string question;  // may be empty
  std::string message;
};

// One plugin's section of a result's insights: insights.<plugin> of the
// result JSON, as JSON text. The host checked that it is one JSON object when
// the plugin's InsightProducer returned it. Text, not a JSON library's type,
// so that a plugin reads it with whatever JSON library (and version) it likes.
struct PluginInsight {
  std::string plugin;
  std::string json;
};

struct Result {
  std::shared_ptr<const Model> model;
  std::string subject;
  std::string date;
  std::string assessor;
  std::string target;  // the target profile used, or empty
  std::size_t respondents = 0;
  NodeResult overall;
  std::vector<NodeResult> groups;  // in Model::group_order
  std::vector<QuestionResult> questions;  // in Model::questions order
  std::vector<Gap> gaps;                  // highest priority first
  std::vector<Recommendation> recommendations;  // highest priority first
  std::vector<PluginInsight> insights;  // at most one per plugin, in the order they ran
  // Set when the answers were converted from another model (mmf crosswalk):
  // CrosswalkOutcome::report, a JSON object as text. Empty otherwise.
  std::string crosswalk;
  std::vector<Warning> warnings;
  // New in API 2.2: parallel to `recommendations`, where each starts from and
  // whether it lifts a cap (see RecommendationStep).
  std::vector<RecommendationStep> steps;

  // Where recommendation `i` starts from (a blank step when none is known).
  const RecommendationStep& step(std::size_t i) const {
    static const RecommendationStep none;
    return i < steps.size() ? steps[i] : none;
  }

  // The JSON text of `plugin`'s insights; empty when it added none.
  std::string_view insight(std::string_view plugin) const {
    for (const auto& i : insights)
      if (i.plugin == plugin) return i.json;
    return {};
  }
};

}  // namespace mmf
