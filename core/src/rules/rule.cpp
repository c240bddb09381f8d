// The level-rule interface's defaults, shared helpers, and the registry.
#include "mmf/rule.h"

#include <algorithm>

namespace mmf {

LevelRule::~LevelRule() = default;

void LevelRule::check(const Model&, Diagnostics&) const {}

std::optional<double> LevelRule::question_target(const Model& model, std::size_t, std::size_t level) const {
  if (level >= model.levels.size() || !model.levels[level].min) return std::nullopt;
  return *model.levels[level].min / 100.0;
}

std::size_t band_of(const Model& model, double percent) {
  std::size_t found = npos;
  // A tiny tolerance, so that 59.99999999 computed from 0.6 still reaches a band at 60.
  for (std::size_t i = 0; i < model.levels.size(); ++i)
    if (model.levels[i].min && *model.levels[i].min <= percent + 1e-9) found = i;
  return found;
}

std::vector<std::size_t> bottom_up_order(const Model& model) {
  return {model.group_order.rbegin(), model.group_order.rend()};
}

RuleRegistry::RuleRegistry() = default;
RuleRegistry::~RuleRegistry() = default;
RuleRegistry::RuleRegistry(RuleRegistry&&) noexcept = default;
RuleRegistry& RuleRegistry::operator=(RuleRegistry&&) noexcept = default;

bool RuleRegistry::add(std::string name, std::shared_ptr<const LevelRule> rule, std::string owner_name) {
  if (find(name)) return false;
  entries_.push_back(Entry{std::move(name), std::move(owner_name), std::move(rule)});
  return true;
}

const LevelRule* RuleRegistry::find(std::string_view name) const {
  for (const auto& e : entries_)
    if (e.name == name) return e.rule.get();
  return nullptr;
}

std::string RuleRegistry::owner(std::string_view name) const {
  for (const auto& e : entries_)
    if (e.name == name) return e.owner;
  return {};
}

std::vector<std::string> RuleRegistry::names() const {
  std::vector<std::string> result;
  for (const auto& e : entries_) result.push_back(e.name);
  return result;
}

}  // namespace mmf
