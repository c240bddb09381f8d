// Roadmaps from recommendations: ordering, phasing, and projected results.
#include "mmf/roadmap.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "render_common.h"

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

namespace {

using Json = nlohmann::ordered_json;

Json level_json(const Model& m, std::size_t level) {
  return level == npos ? Json(nullptr) : Json(m.levels[level].id);
}

}  // namespace

std::string render_roadmap_json(const Roadmap& r, const RenderOptions& options) {
  const Model& m = *r.current.model;
  const std::string& loc = detail::locale_of(m, options);
  Json j;
  j["format"] = "mmf-roadmap/1";
  j["model"] = Json{{"id", m.id}, {"version", m.version}};
  j["subject"] = r.current.subject;
  j["target"] = r.current.target.empty() ? Json(nullptr) : Json(r.current.target);
  j["current"] = Json{{"percent", round_to(r.current.overall.percent, 1)}, {"level", level_json(m, r.current.overall.level)}};
  Json phases = Json::array();
  for (std::size_t p = 0; p < r.phases.size(); ++p) {
    Json items = Json::array();
    for (const auto& item : r.phases[p].items) {
      const Question& q = m.questions[item.question];
      Json e{{"question", q.id}, {"group", m.groups[q.group].id}};
      if (q.level != npos) e["level"] = m.levels[q.level].id;
      e["current"] = round_to(item.current, 4);
      e["target"] = round_to(item.target, 4);
      e["priority"] = round_to(item.priority, 3);
      e["text"] = detail::recommendation_text(m, item.question, loc);
      items.push_back(std::move(e));
    }
    const NodeResult& pr = r.phases[p].projected;
    phases.push_back(Json{{"phase", p + 1},
                          {"items", std::move(items)},
                          {"projected", Json{{"percent", round_to(pr.percent, 1)}, {"level", level_json(m, pr.level)}}}});
  }
  j["phases"] = std::move(phases);
  Json unanswered = Json::array();
  for (std::size_t q : r.unanswered) unanswered.push_back(m.questions[q].id);
  j["unanswered"] = std::move(unanswered);
  return j.dump(2) + "\n";
}

std::string render_roadmap_text(const Roadmap& r, const RenderOptions& options) {
  const Model& m = *r.current.model;
  const std::string& loc = detail::locale_of(m, options);
  std::string out;
  auto line = [&](std::string s = {}) {
    out += s;
    out += '\n';
  };
  line(fmt::format("Roadmap for {} — {} {}", r.current.subject, m.name.in(loc), m.version));
  line(fmt::format("Now: {} ({}){}", detail::level_name(m, r.current.overall.level, loc),
                   detail::percent_text(r.current.overall),
                   r.current.target.empty() ? "" : fmt::format(" · target profile '{}'", r.current.target)));
  if (r.phases.empty()) line("\nNothing to raise: every answered question meets its target.");
  for (std::size_t p = 0; p < r.phases.size(); ++p) {
    const auto& phase = r.phases[p];
    line();
    line(fmt::format("Phase {} — then {} ({})", p + 1, detail::level_name(m, phase.projected.level, loc),
                     detail::percent_text(phase.projected)));
    for (const auto& item : phase.items) {
      const Question& q = m.questions[item.question];
      std::string level = q.level == npos ? "" : fmt::format(" [{}]", m.levels[q.level].name.in(loc));
      line(fmt::format("  - {}{}: {}", q.id, level, detail::recommendation_text(m, item.question, loc)));
      line(fmt::format("      {:.0f}% → {:.0f}% of the scale, priority {:.3f}", round_to(item.current * 100, 0),
                       round_to(item.target * 100, 0), round_to(item.priority, 3)));
    }
  }
  if (!r.unanswered.empty()) {
    std::string ids;
    for (std::size_t q : r.unanswered) ids += (ids.empty() ? "" : ", ") + m.questions[q].id;
    line();
    line(fmt::format("Answer first ({}): {}", r.unanswered.size(), ids));
  }
  return out;
}

std::string render_roadmap_markdown(const Roadmap& r, const RenderOptions& options) {
  const Model& m = *r.current.model;
  const std::string& loc = detail::locale_of(m, options);
  std::string out = fmt::format("# Roadmap: {}\n\n- **Model:** {} {}\n- **Now:** {} ({})\n", r.current.subject,
                                m.name.in(loc), m.version, detail::level_name(m, r.current.overall.level, loc),
                                detail::percent_text(r.current.overall));
  for (std::size_t p = 0; p < r.phases.size(); ++p) {
    const auto& phase = r.phases[p];
    out += fmt::format("\n## Phase {} — then {} ({})\n\n| Question | Action | Now | Target | Priority |\n|---|---|---:|---:|---:|\n",
                       p + 1, detail::level_name(m, phase.projected.level, loc), detail::percent_text(phase.projected));
    for (const auto& item : phase.items)
      out += fmt::format("| {} | {} | {:.0f}% | {:.0f}% | {:.3f} |\n", m.questions[item.question].id,
                         detail::recommendation_text(m, item.question, loc), round_to(item.current * 100, 0),
                         round_to(item.target * 100, 0), round_to(item.priority, 3));
  }
  return out;
}

}  // namespace mmf
