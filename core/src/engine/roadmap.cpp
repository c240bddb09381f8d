// Roadmaps from recommendations: ordering, phasing, and projected results.
#include "mmf/roadmap.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>


namespace mmf {

namespace {

// The least answer on `scale` whose normalised value reaches `target`.
Answer answer_reaching(const Scale& scale, double target) {
  Answer a;
  if (scale.kind == Scale::Kind::range) {
    a.kind = Answer::Kind::number;
    a.number = std::min(scale.max, scale.min + target * (scale.max - scale.min));
    return a;
  }
  const ScaleOption* best = nullptr;
  for (const auto& o : scale.options) {
    if (o.not_applicable || scale.normalise(o.value) < target - 1e-9) continue;
    if (!best || o.value < best->value) best = &o;
  }
  a.kind = Answer::Kind::option;
  a.option = best ? best->id : std::string();
  return a;
}

}  // namespace

std::vector<std::vector<Recommendation>> roadmap_phases(const Model& m, std::vector<Recommendation> items,
                                                        std::size_t phases) {
  const bool by_level = m.scoring.rule == "staged" || m.scoring.rule == "thresholds";
  std::stable_sort(items.begin(), items.end(), [&](const Recommendation& a, const Recommendation& b) {
    if (by_level) {
      std::size_t la = m.questions[a.question].level, lb = m.questions[b.question].level;
      if (la != lb) return la < lb;
    }
    if (std::fabs(a.priority - b.priority) > 1e-12) return a.priority > b.priority;
    return a.question < b.question;
  });
  std::vector<std::vector<Recommendation>> out;
  std::size_t count = std::max<std::size_t>(1, std::min(phases, items.size())), next = 0;
  for (std::size_t p = 0; p < count && next < items.size(); ++p) {
    std::size_t size = (items.size() - next + (count - p) - 1) / (count - p);
    out.emplace_back(items.begin() + static_cast<std::ptrdiff_t>(next),
                     items.begin() + static_cast<std::ptrdiff_t>(next + size));
    next += size;
  }
  return out;
}

Roadmap plan_roadmap(std::shared_ptr<const Model> model, const Assessment& assessment, const Registry& registry,
                     const RoadmapOptions& options, Diagnostics& out) {
  Roadmap roadmap;
  AssessOptions assess_options{options.target, true, options.ignore_model_version};
  auto outcome = assess(model, assessment, registry, assess_options);
  out.append(outcome.diagnostics);
  if (!outcome.ok()) return roadmap;
  roadmap.current = std::move(*outcome.result);
  const Model& m = *model;

  for (const auto& q : roadmap.current.questions)
    if (!q.answered) roadmap.unanswered.push_back(q.question);

  Assessment improved = assessment;
  for (const auto& recommendations : roadmap_phases(m, roadmap.current.recommendations, options.phases)) {
    RoadmapPhase phase;
    for (const auto& rec : recommendations) {
      RoadmapItem item{rec.question, rec.current, rec.target, rec.priority};
      phase.items.push_back(item);
      const Question& q = m.questions[item.question];
      Answer raised = answer_reaching(m.scales[q.scale], item.target);
      for (auto& r : improved.respondents)
        for (auto& a : r.answers)
          if (a.question == q.id) {
            a.kind = raised.kind;
            a.option = raised.option;
            a.number = raised.number;
          }
    }
    auto projected = assess(model, improved, registry, AssessOptions{options.target, false, options.ignore_model_version});
    if (projected.ok()) phase.projected = projected.result->overall;
    roadmap.phases.push_back(std::move(phase));
  }
  return roadmap;
}

}  // namespace mmf
