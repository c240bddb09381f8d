// Level rules (formats-v1 §3) and the registry that names them. A rule reads
// the scores the engine computed and gives a level to every group and to the
// root. Built-in rules: bands, staged, thresholds, weakest; plugins register
// more as "<plugin>.<rule>".
//
// Thread-safety: rules must be stateless: one rule object scores many
// assessments, possibly from several threads at once. A RuleRegistry is
// filled at start-up (add() is not thread-safe), then read-only and safe to
// read from many threads.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mmf/diagnostic.h"
#include "mmf/export.h"
#include "mmf/model.h"

namespace mmf {

// One question's aggregated answer and score.
struct QuestionScore {
  bool answered = false;        // some respondent answered (not applicable included)
  bool not_applicable = false;  // every respondent who answered said not applicable
  bool counted = false;         // takes part in its group's score
  double value = 0;             // in the scale's units
  double normalised = 0;        // 0..1 over the scale's applicable range
  double score = 0;
  double max = 0;
  std::size_t respondents = 0;  // respondents who answered it
  double spread = 0;            // max - min of the respondents' normalised values
  std::size_t level = npos;     // set by rules that level questions (weakest)
};

// A group's or the root's aggregated score and level.
struct NodeScore {
  bool scored = false;          // some question below it is counted
  double score = 0;
  double max = 0;
  std::size_t answered = 0;     // questions below it that were answered (n/a included)
  std::size_t total = 0;        // questions below it
  std::size_t level = npos;     // npos: no level applies

  double percent() const { return scored && max > 0 ? 100.0 * score / max : 0.0; }
  double coverage() const { return total == 0 ? 1.0 : static_cast<double>(answered) / static_cast<double>(total); }
};

// What the engine hands to a rule: one entry per question, and one per group
// (same index as Model::groups) followed by the root.
struct ScoreState {
  std::vector<QuestionScore> questions;
  std::vector<NodeScore> nodes;
  // New in API 2.2. Empty, or parallel to `questions` (a rule that sets it
  // resizes it first): the normalised value at which a question stops
  // holding its node below the level its scores reach — a missing defining
  // trait, an unmet blocker. 0 holds nothing. The engine always recommends
  // such a question, to at least this value, and lists it first.
  std::vector<double> lifts_at;

  NodeScore& root() { return nodes.back(); }
  const NodeScore& root() const { return nodes.back(); }
  std::size_t root_index() const { return nodes.size() - 1; }
};

class MMF_CORE_EXPORT LevelRule {
 public:
  virtual ~LevelRule();

  // Reports what this model lacks for the rule (levels without `min`, ...).
  virtual void check(const Model& model, Diagnostics& out) const;

  // Sets NodeScore::level of every group and of the root.
  virtual void assign(const Model& model, ScoreState& state) const = 0;

  // The least normalised value `question` must reach for its group to reach
  // `level`, or nullopt when the level asks nothing of it. Gaps and
  // recommendations use it. The default reads the level's band `min`.
  virtual std::optional<double> question_target(const Model& model, std::size_t question,
                                                std::size_t level) const;
};

// The highest level whose band `min` is at most `percent`, or npos.
MMF_CORE_EXPORT std::size_t band_of(const Model& model, double percent);

// Reports levels without a band `min`, or with mins that fall: what rules
// built on bands need. Bands and weakest use it; plugins may too.
MMF_CORE_EXPORT void check_band_levels(const Model& model, Diagnostics& out);

// Every group index, children before their parents: the order to fold scores
// up the tree without recursion.
MMF_CORE_EXPORT std::vector<std::size_t> bottom_up_order(const Model& model);

class MMF_CORE_EXPORT RuleRegistry {
 public:
  RuleRegistry();
  ~RuleRegistry();
  RuleRegistry(RuleRegistry&&) noexcept;
  RuleRegistry& operator=(RuleRegistry&&) noexcept;

  // A registry holding bands, staged, thresholds and weakest.
  static RuleRegistry with_builtins();

  // Adds a rule; false when the name is taken (the registry is unchanged).
  [[nodiscard]] bool add(std::string name, std::shared_ptr<const LevelRule> rule, std::string owner = "mmf");
  const LevelRule* find(std::string_view name) const;
  // Who registered `name` ("mmf" for the built-ins, else the plugin), or "".
  std::string owner(std::string_view name) const;
  std::vector<std::string> names() const;

 private:
  struct Entry {
    std::string name;
    std::string owner;
    std::shared_ptr<const LevelRule> rule;
  };
  std::vector<Entry> entries_;
};

}  // namespace mmf
