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

}  // namespace alliance
