// Trait presence per node of the group tree.
#include "value_stage.h"

#include <algorithm>
#include <cstdlib>

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

std::vector<StageGate> stage_gates(const mmf::Model& model) {
  std::vector<StageGate> gates;
  for (std::size_t q = 0; q < model.questions.size(); ++q)
    for (const auto& tag : model.questions[q].tags) {
      if (tag.rfind("stage:", 0) != 0) continue;
      std::string rest = tag.substr(6);
      double min = model.scoring.performed;
      if (auto at = rest.find('@'); at != std::string::npos) {
        min = std::strtod(rest.c_str() + at + 1, nullptr);
        rest.resize(at);
      }
      for (std::size_t l = 0; l < model.levels.size(); ++l)
        if (model.levels[l].id == rest) gates.push_back({l, q, min});
    }
  return gates;
}

std::size_t gated_stage(const mmf::Model& model, std::size_t by_bands, bool traits_missing,
                        const std::function<QuestionState(std::size_t)>& question, std::vector<StageGate>* unmet) {
  if (by_bands == mmf::npos) return by_bands;
  const std::size_t top = model.levels.size() - 1;
  auto gates = stage_gates(model);
  // An unanswered test (an answer file from before the question existed)
  // does not hold the stage; an answer below `min` or n/a does.
  auto met = [&](const StageGate& g) {
    QuestionState s = question(g.question);
    return !s.answered || (!s.not_applicable && s.normalised >= g.min - 1e-9);
  };
  // The highest stage at or below the bands whose own test and every lower
  // stage's test hold.
  std::size_t level = 0;
  for (std::size_t l = 1; l <= by_bands; ++l) {
    bool ok = !(l == top && traits_missing);
    for (const auto& g : gates)
      if (g.level == l && !met(g)) ok = false;
    if (!ok) break;
    level = l;
  }
  if (unmet)
    for (const auto& g : gates)
      if (g.level > level && g.level <= by_bands && !met(g)) unmet->push_back(g);
  return level;
}

const char* dimension_label(double percent) {
  if (percent >= 80) return "leading";
  if (percent >= 60) return "established";
  if (percent >= 35) return "developing";
  return "emerging";
}

}  // namespace alliance
