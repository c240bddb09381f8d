// Model lookups and the derived structure (child lists, depths, group order).
#include "mmf/model.h"

#include <algorithm>

namespace mmf {

std::string_view to_string(Aggregate a) {
  switch (a) {
    case Aggregate::mean: return "mean";
    case Aggregate::sum: return "sum";
    case Aggregate::min: return "min";
    case Aggregate::max: return "max";
  }
  return "mean";
}

std::size_t Scale::find_option(std::string_view option_id) const {
  for (std::size_t i = 0; i < options.size(); ++i)
    if (options[i].id == option_id) return i;
  return npos;
}

bool Question::has_tag(std::string_view tag) const {
  return std::find(tags.begin(), tags.end(), tag) != tags.end();
}

const TargetValue* Target::for_group(std::size_t group) const {
  for (const auto& [g, v] : groups)
    if (g == group) return &v;
  return nullptr;
}

const TargetValue* effective_target(const Model& model, const Target& profile, std::size_t group) {
  for (std::size_t g = group; g != npos; g = model.groups[g].parent)
    if (const TargetValue* tv = profile.for_group(g)) return tv;
  return profile.overall ? &*profile.overall : nullptr;
}

namespace {

template <class Index>
std::size_t lookup(const Index& index, std::string_view id) {
  auto it = index.find(id);
  return it == index.end() ? npos : it->second;
}

}  // namespace

std::size_t Model::find_group(std::string_view id_) const { return lookup(group_index_, id_); }
std::size_t Model::find_question(std::string_view id_) const { return lookup(question_index_, id_); }
std::size_t Model::find_scale(std::string_view id_) const { return lookup(scale_index_, id_); }
std::size_t Model::find_level(std::string_view id_) const { return lookup(level_index_, id_); }
std::size_t Model::find_target(std::string_view id_) const { return lookup(target_index_, id_); }

const QuestionGuide& Model::guide(std::size_t q) const {
  static const QuestionGuide none;
  return q < guides.size() ? guides[q] : none;
}

std::size_t Model::former(std::string_view id_, std::size_t scale) const {
  for (const FormerId& f : former_ids)
    if (f.scale == scale && f.id == id_) return f.target;
  return npos;
}

void Model::build_index() {
  auto fill = [](Index& index, const auto& items) {
    index.clear();
    index.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) index.emplace(items[i].id, i);
  };
  fill(group_index_, groups);
  fill(question_index_, questions);
  fill(scale_index_, scales);
  fill(level_index_, levels);
  fill(target_index_, targets);

  top_groups.clear();
  for (auto& g : groups) {
    g.child_groups.clear();
    g.questions.clear();
  }
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (groups[i].parent == npos) top_groups.push_back(i);
    else groups[groups[i].parent].child_groups.push_back(i);
  }
  for (std::size_t i = 0; i < questions.size(); ++i)
    if (questions[i].group != npos) groups[questions[i].group].questions.push_back(i);

  // File order, each group pulled after its ancestors; iterative, so deep
  // chains cost no stack. Assumes the tree has no cycle (the loader checks).
  group_order.clear();
  group_order.reserve(groups.size());
  std::vector<char> placed(groups.size(), 0);
  std::vector<std::size_t> chain;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    chain.clear();
    for (std::size_t g = i; g != npos && !placed[g]; g = groups[g].parent) chain.push_back(g);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      std::size_t g = *it;
      placed[g] = 1;
      groups[g].depth = groups[g].parent == npos ? 1 : groups[groups[g].parent].depth + 1;
      group_order.push_back(g);
    }
  }
}

}  // namespace mmf
