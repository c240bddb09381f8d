// A roadmap as JSON, text and Markdown (mmf roadmap --format).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mmf/roadmap.h"
#include "render/messages.h"
#include "render/render_common.h"

namespace mmf {

namespace {

using Json = nlohmann::ordered_json;

Json level_json(const Model& m, std::size_t level) {
  return level == npos ? Json(nullptr) : Json(m.levels[level].id);
}

}  // namespace

std::vector<detail::RoadmapRow> detail::roadmap_rows(const Result& r) {
  std::vector<RoadmapRow> rows;
  const auto phases = roadmap_phases(*r.model, r.recommendations, 3);
  for (std::size_t p = 0; p < phases.size(); ++p)
    for (const Recommendation& rec : phases[p]) {
      RoadmapRow row{rec, static_cast<int>(std::min<std::size_t>(p, 2))};
      std::size_t index = 0;
      while (index < r.recommendations.size() && r.recommendations[index].question != rec.question) ++index;
      if (index < r.recommendations.size()) {
        row.from = r.step(index).from;
        row.lifts_cap = r.step(index).lifts_cap;
      }
      row.to = option_reaching(r.model->scales[r.model->questions[rec.question].scale], rec.target);
      rows.push_back(row);
    }
  return rows;
}

std::vector<std::string> detail::executive_summary(const Result& r, const std::string& loc) {
  const Model& m = *r.model;
  const Messages& t = Messages::for_locale(loc);
  const std::string subject = r.subject.empty() ? std::string(t.tr("The subject")) : r.subject;
  auto pct1 = [&](double v) { return t.percent(round_to(v, 1), 1); };
  std::vector<std::string> out;
  if (!r.overall.scored) {
    out.push_back(t.trf("{} could not be assessed: none of its answers could be scored.", subject));
    return out;
  }
  out.push_back(t.trf("{} stands at {} ({}, with {} of the questions answered).", subject,
                      level_name(m, r.overall.level, loc), pct1(r.overall.percent),
                      t.percent(round_to(r.overall.coverage * 100, 0), 0)));
  const NodeResult* best = nullptr;
  const NodeResult* worst = nullptr;
  for (const auto& g : r.groups) {
    if (m.groups[g.group].parent != npos || !g.scored) continue;
    if (!best || g.percent > best->percent) best = &g;
    if (!worst || g.percent < worst->percent) worst = &g;
  }
  if (best && worst && best != worst)
    out.push_back(t.trf("Strongest: {} ({}); weakest: {} ({}).", m.groups[best->group].name.in(loc),
                        pct1(best->percent), m.groups[worst->group].name.in(loc), pct1(worst->percent)));
  std::vector<std::string> short_of;
  for (const auto& gap : r.gaps)
    short_of.push_back(gap.group == npos ? std::string(t.tr("Overall")) : gap_node_name(m, gap, loc));
  if (!short_of.empty()) {
    std::string names;
    for (std::size_t i = 0; i < short_of.size(); ++i)
      names += (i == 0 ? "" : i + 1 == short_of.size() ? t.tr(" and ") : ", ") + short_of[i];
    out.push_back(t.trf("Below target '{}': {}.", r.target, names));
  } else if (!r.target.empty()) {
    out.push_back(t.trf("Every target of profile '{}' is met.", r.target));
  }
  const auto rows = roadmap_rows(r);
  if (!rows.empty()) {
    const RoadmapRow& first = rows.front();
    const std::string action = recommendation_text(m, first.rec.question, loc, first.from);
    out.push_back(first.lifts_cap ? t.trf("First, to lift what holds the level back: {}", action)
                                  : t.trf("First: {}", action));
    std::size_t high = 0;
    for (const auto& row : rows) high += row.band == 0 ? 1 : 0;
    if (rows.size() > 1)
      out.push_back(t.trf("The roadmap below has {} actions, {} of them of high priority.", rows.size(), high));
  }
  return out;
}

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
      e["text"] = detail::recommendation_text(m, item.question, loc, detail::step_from(r.current, item.question));
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
      line(fmt::format("  - {}{}: {}", q.id, level, detail::recommendation_text(m, item.question, loc, detail::step_from(r.current, item.question))));
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
  using detail::markdown_text;
  std::string out = fmt::format("# Roadmap: {}\n\n- **Model:** {} {}\n- **Now:** {} ({})\n",
                                markdown_text(r.current.subject), markdown_text(m.name.in(loc)),
                                markdown_text(m.version), markdown_text(detail::level_name(m, r.current.overall.level, loc)),
                                detail::percent_text(r.current.overall));
  for (std::size_t p = 0; p < r.phases.size(); ++p) {
    const auto& phase = r.phases[p];
    out += fmt::format("\n## Phase {} — then {} ({})\n\n| Question | Action | Now | Target | Priority |\n|---|---|---:|---:|---:|\n",
                       p + 1, markdown_text(detail::level_name(m, phase.projected.level, loc)),
                       detail::percent_text(phase.projected));
    for (const auto& item : phase.items)
      out += fmt::format("| {} | {} | {:.0f}% | {:.0f}% | {:.3f} |\n", markdown_text(m.questions[item.question].id),
                         markdown_text(detail::recommendation_text(m, item.question, loc, detail::step_from(r.current, item.question))), round_to(item.current * 100, 0),
                         round_to(item.target * 100, 0), round_to(item.priority, 3));
  }
  return out;
}

}  // namespace mmf
