// The alliance plugin's shared logic: which defining traits of a strategic
// alliance are present, for the rule and for the insight alike.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "mmf/model.h"

namespace alliance {

// The four traits that set a strategic alliance apart, as question tags.
inline const std::vector<std::string> kTraits = {"vision", "shared-fate", "customer-value", "board"};

struct QuestionState {
  bool answered = false;
  bool not_applicable = false;
  double normalised = 0;
};

// A trait is present in a subtree when it has questions tagged trait:<name>
// there and each is answered (not n/a) at or above the model's `performed`.
// Returns, per node (groups, then the root last), the traits that have
// questions below it and are missing.
std::vector<std::vector<std::string>> missing_traits(const mmf::Model& model,
                                                     const std::function<QuestionState(std::size_t)>& question);

// A stage's own test: questions tagged stage:<level-id> (or
// stage:<level-id>@<min>) must stand at or above `min` (default the model's
// `performed`) before any node reaches that stage; an unmet one holds the
// root at the stage below. stage:solution on the integrated offering keeps an
// alliance without one out of Solution, whatever its bands say.
struct StageGate {
  std::size_t level;     // index into model.levels
  std::size_t question;  // index into model.questions
  double min;            // normalised value the answer must reach
};
std::vector<StageGate> stage_gates(const mmf::Model& model);

// The value stage the root reaches: the band of `percent`, lowered below
// every stage whose gate (a stage test or, for the top stage, a missing trait)
// is unmet (an unanswered stage test does not hold it). `unmet` receives the gates that hold the stage down (those of
// the stages between the result and the band).
std::size_t gated_stage(const mmf::Model& model, std::size_t by_bands, bool traits_missing,
                        const std::function<QuestionState(std::size_t)>& question, std::vector<StageGate>* unmet);

// Per-dimension maturity label (not a value stage): emerging below 35%,
// developing below 60%, established below 80%, leading from 80%.
const char* dimension_label(double percent);

}  // namespace alliance
