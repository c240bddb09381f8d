// A maturity model (formats-v1 §1) as loaded and validated: scales, levels, a
// group tree, questions and target profiles. Elements refer to each other by
// index.
//
// Thread-safety: a Model is immutable once loaded and safe to share between
// threads.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mmf/diagnostic.h"
#include "mmf/export.h"
#include "mmf/text.h"

namespace mmf {

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

enum class Aggregate { mean, sum, min, max };
enum class NotApplicablePolicy { exclude, zero };

MMF_CORE_EXPORT std::string_view to_string(Aggregate a);

struct ScaleOption {
  std::string id;
  Text label;
  double value = 0;              // meaningless when not_applicable
  bool not_applicable = false;
  Location loc;
};

struct Scale {
  enum class Kind { discrete, range };
  std::string id;
  Kind kind = Kind::discrete;
  std::vector<ScaleOption> options;  // discrete scales only
  double min = 0;                    // discrete: least value among applicable options
  double max = 1;                    // discrete: greatest value among applicable options
  bool allows_not_applicable = false;
  Location loc;

  // Index of the option with this id, or npos.
  MMF_CORE_EXPORT std::size_t find_option(std::string_view id) const;
  // (value - min) / (max - min).
  double normalise(double value) const { return (value - min) / (max - min); }
};

struct Level {
  std::string id;
  Text name;
  Text description;
  std::optional<double> min;                              // bands / weakest: least percent
  std::vector<std::pair<std::size_t, double>> requirements;  // thresholds: level index, least percent
  Location loc;
};

struct Group {
  std::string id;
  Text name;
  Text description;
  std::size_t parent = npos;  // npos: a child of the root
  double weight = 1;
  std::optional<Aggregate> aggregate;
  std::vector<std::size_t> child_groups;  // in file order
  std::vector<std::size_t> questions;     // in file order
  std::size_t depth = 1;                  // top-level groups have depth 1
  Location loc;
};

struct Question {
  std::string id;
  std::size_t group = npos;
  Text text;
  Text help;
  Text recommendation;
  std::size_t scale = npos;
  double weight = 1;
  std::size_t level = npos;  // staged / thresholds: the level this practice belongs to
  std::vector<std::string> tags;
  Location loc;

  MMF_CORE_EXPORT bool has_tag(std::string_view tag) const;
};

struct TargetValue {
  enum class Kind { level, percent };
  Kind kind = Kind::level;
  std::size_t level = npos;
  double percent = 0;
  Location loc;
};

struct Target {
  std::string id;
  std::optional<TargetValue> overall;
  std::vector<std::pair<std::size_t, TargetValue>> groups;  // group index, target
  Location loc;

  // The target set for this group, or nullptr.
  MMF_CORE_EXPORT const TargetValue* for_group(std::size_t group) const;
};

// What a question's answers mean and what to do next from each: a question's
// guide (model format: `answers`, `criteria`, `next_steps`). `answers` and
// `next_steps` run parallel to the options of the question's scale; an
// option without a text has an empty Text.
struct QuestionGuide {
  std::vector<Text> answers;
  std::vector<Text> criteria;  // the evidence an assessor looks for
  std::vector<Text> next_steps;

  bool empty() const { return answers.empty() && criteria.empty() && next_steps.empty(); }
};

// An id from an earlier version of the model that answers may still use:
// a question's (`formerly` of a question) or an option's (`formerly` of a
// scale option; `scale` says whose).
struct FormerId {
  std::string id;
  std::size_t scale = npos;  // npos: a question id
  std::size_t target = npos;  // the question, or the option of `scale`
};

// How respondents combine into a question's value (`[scoring] respondents`):
// all at once, or within their unit first and then unit by unit, every
// unit weighing the same.
enum class RespondentWeighting { all, by_unit };

struct Scoring {
  Aggregate aggregate = Aggregate::mean;
  std::string rule = "bands";
  NotApplicablePolicy not_applicable = NotApplicablePolicy::exclude;
  double performed = 0.66;
};

struct Model {
  std::string id;
  std::string version;
  Text name;
  Text description;
  std::vector<std::string> authors;
  std::string license;
  std::string locale = "en";
  std::string plugin;
  Location loc;           // the [model] table
  Location rule_loc;      // [scoring].rule, for rule diagnostics
  Location plugin_loc;    // [model].plugin

  Scoring scoring;
  std::vector<Scale> scales;
  std::vector<Level> levels;
  std::vector<Group> groups;
  std::vector<Question> questions;
  std::vector<Target> targets;

  std::vector<std::size_t> top_groups;   // children of the root, in file order
  std::vector<std::size_t> group_order;  // every group, parents before children, else file order
  std::shared_ptr<const std::string> file;

  // A tailored model's questions dropped by [remove] (directly or with
  // their group), with their tags and where they were removed, so that
  // validation can say which removal left a plugin rule without what it
  // needs. New in API 1.2, so after the members older plugins know.
  struct RemovedQuestion {
    std::string id;
    std::vector<std::string> tags;
    Location loc;
  };
  std::vector<RemovedQuestion> removed_questions;

  // New in API 2.2, after the members older plugins know.
  std::vector<QuestionGuide> guides;   // parallel to `questions`
  std::vector<FormerId> former_ids;    // earlier question and option ids
  std::vector<std::string> retired;    // questions removed since an earlier version
  RespondentWeighting respondents = RespondentWeighting::all;

  // New in API 2.3: `[scoring] self_units`, the units whose respondents
  // judge their own function. Their answers stay out of the score whenever
  // someone outside them answered too; plugins show them beside it. Sorted
  // (the loader sorts them; sort them again after editing).
  std::vector<std::string> self_units;
  bool is_self_unit(std::string_view unit) const {
    return std::binary_search(self_units.begin(), self_units.end(), unit, std::less<>{});
  }

  // The guide of question `q` (empty when the model gives none).
  MMF_CORE_EXPORT const QuestionGuide& guide(std::size_t q) const;
  // The question (scale == npos) or option of `scale` an earlier id names, or npos.
  MMF_CORE_EXPORT std::size_t former(std::string_view id, std::size_t scale = npos) const;

  MMF_CORE_EXPORT std::size_t find_group(std::string_view id) const;
  MMF_CORE_EXPORT std::size_t find_question(std::string_view id) const;
  MMF_CORE_EXPORT std::size_t find_scale(std::string_view id) const;
  MMF_CORE_EXPORT std::size_t find_level(std::string_view id) const;
  MMF_CORE_EXPORT std::size_t find_target(std::string_view id) const;

  // The aggregation used by this group (its own, else the model's).
  Aggregate aggregate_of(std::size_t group) const {
    return groups[group].aggregate.value_or(scoring.aggregate);
  }

  // Rebuilds the id indexes, the child lists, depths and group_order from the
  // element vectors. Loaders call it; call it again after editing a model.
  MMF_CORE_EXPORT void build_index();

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  using Index = std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>>;
  Index group_index_, question_index_, scale_index_, level_index_, target_index_;
};

// The target `profile` sets for a group (npos: the overall score): the
// group's own, else its nearest ancestor's, else the overall one; nullptr
// when none applies. Gaps, recommendations, roadmaps and the HTML report all
// read targets through this one function, so they cannot disagree.
MMF_CORE_EXPORT const TargetValue* effective_target(const Model& model, const Target& profile, std::size_t group);

}  // namespace mmf
