// The scoring engine: binds an assessment to its model, aggregates answers
// over respondents and up the group tree (formats-v1 §2), applies the model's
// level rule (§3), and derives gaps and recommendations against a target
// profile.
//
// Thread-safety: every function may be called from many threads at once on
// the same model and registry (a Registry is read-only after start-up, and
// the objects plugins register must be stateless).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mmf/assessment.h"
#include "mmf/diagnostic.h"
#include "mmf/export.h"
#include "mmf/result.h"
#include "mmf/registry.h"
#include "mmf/rule.h"

namespace mmf {

struct AssessOptions {
  std::string target;     // a target profile; overrides the assessment's own
  bool insights = true;   // run the model's plugin insight producers
  bool ignore_model_version = false;  // see CheckOptions
};

struct [[nodiscard]] AssessOutcome {
  std::optional<Result> result;  // empty when the diagnostics hold errors
  Diagnostics diagnostics;
  bool ok() const { return result.has_value(); }
};

// Checks the assessment against the model and scores it with the model's
// level rule, then runs the insight producers of the model's plugin. A
// plugin that throws becomes an error naming the plugin and the call.
MMF_CORE_EXPORT AssessOutcome assess(std::shared_ptr<const Model> model, const Assessment& assessment,
                                     const Registry& registry, const AssessOptions& options = {});

// One slice of an assessment scored on its own: one respondent, or the
// respondents of one unit.
struct PartResult {
  std::string key;  // the respondent's id, or the unit ("" for respondents without one)
  std::size_t respondents = 0;
  Result result;
};
enum class Split { respondent, unit };

// Scores each respondent, or each unit, separately (insights off), in order
// of first appearance. The assessment must be valid for the model; a part
// that cannot be scored is left out.
MMF_CORE_EXPORT std::vector<PartResult> assess_parts(std::shared_ptr<const Model> model, const Assessment& assessment,
                                                     const Registry& registry, Split split,
                                                     const AssessOptions& options = {});

// Priority of closing a gap or a recommendation: the node's or question's
// share of the overall score (the product of weight / sibling weights along
// its path) times the distance to its target (0..1).
MMF_CORE_EXPORT double weight_share_of_group(const Model& model, std::size_t group);
MMF_CORE_EXPORT double weight_share_of_question(const Model& model, std::size_t question);

}  // namespace mmf
