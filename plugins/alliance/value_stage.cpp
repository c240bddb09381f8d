// Trait presence per node of the group tree.
#include "value_stage.h"

#include <algorithm>

#include "mmf/rule.h"

namespace alliance {

std::vector<std::vector<std::string>> missing_traits(const mmf::Model& model,
                                                     const std::function<QuestionState(std::size_t)>& question) {
  const std::size_t root = model.groups.size();
  // Per node and trait: 0 no question, 1 all present so far, 2 missing.
  std::vector<std::vector<int>> state(root + 1, std::vector<int>(kTraits.size(), 0));
  std::vector<std::string> tags;
  for (const auto& trait : kTraits) tags.push_back("trait:" + trait);
  for (std::size_t q = 0; q < model.questions.size(); ++q)
    for (std::size_t t = 0; t < kTraits.size(); ++t) {
      if (!model.questions[q].has_tag(tags[t])) continue;
      QuestionState s = question(q);
      bool present = s.answered && !s.not_applicable && s.normalised >= model.scoring.performed - 1e-9;
      int& cell = state[model.questions[q].group][t];
      cell = std::max(cell, present ? 1 : 2);
    }
  for (std::size_t g : mmf::bottom_up_order(model)) {
    std::size_t parent = model.groups[g].parent == mmf::npos ? root : model.groups[g].parent;
    for (std::size_t t = 0; t < kTraits.size(); ++t) state[parent][t] = std::max(state[parent][t], state[g][t]);
  }
  std::vector<std::vector<std::string>> missing(root + 1);
  for (std::size_t n = 0; n <= root; ++n)
    for (std::size_t t = 0; t < kTraits.size(); ++t)
      if (state[n][t] == 2) missing[n].push_back(kTraits[t]);
  // The root must show every trait: one without any question counts as missing.
  for (std::size_t t = 0; t < kTraits.size(); ++t)
    if (state[root][t] == 0) missing[root].push_back(kTraits[t]);
  return missing;
}

}  // namespace alliance
