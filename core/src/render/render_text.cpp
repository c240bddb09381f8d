// The terminal view of a result: a level ladder, the group tree with levels
// and percents, gaps, recommendations and warnings.
#include <algorithm>

#include <fmt/format.h>

#include <spdlog/spdlog.h>

#include "base/quote.h"
#include "mmf/registry.h"
#include "render/messages.h"
#include "render/plugin_sections.h"
#include "render/render_common.h"

namespace mmf {

using namespace detail;

namespace {

std::string ladder_note(const Level& level) {
  if (level.min) return fmt::format("from {}%", round_to(*level.min, 1));
  return {};
}

}  // namespace

namespace detail {

std::vector<std::string_view> text_lines(std::string_view text) {
  std::vector<std::string_view> rows;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    rows.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return rows;
}

}  // namespace detail

std::string render_text(const Result& r, const RenderOptions& options) {
  const Model& m = *r.model;
  const std::string& loc = locale_of(m, options);
  std::string out;
  auto line = [&](std::string s = {}) {
    out += s;
    out += '\n';
  };

  line(r.subject.empty() ? std::string("(no subject)") : r.subject);
  std::string meta = fmt::format("{} {}", m.name.in(loc), m.version);
  if (!r.date.empty()) meta += " · " + r.date;
  if (!r.assessor.empty()) meta += " · assessed by " + r.assessor;
  if (r.respondents > 1) meta += fmt::format(" · {} respondents", r.respondents);
  line(meta);
  line();
  if (r.overall.scored)
    line(fmt::format("Overall: {} — {} (coverage {:.0f}%)", node_level_name(m, r.overall, loc),
                     percent_text(r.overall), round_to(r.overall.coverage * 100, 0)));
  else
    line(fmt::format("Overall: not assessed (coverage {:.0f}%)", round_to(r.overall.coverage * 100, 0)));
  line();

  if (!m.levels.empty()) {
    line("Level ladder");
    std::size_t width = 0;
    for (const auto& l : m.levels) width = std::max(width, display_width(l.name.in(loc)));
    for (std::size_t i = m.levels.size(); i-- > 0;) {
      const Level& l = m.levels[i];
      bool here = i == r.overall.level;
      std::string note = ladder_note(l);
      std::string row = fmt::format("  {} {}", here ? "▶" : " ", pad(l.name.in(loc), width));
      if (!note.empty()) row += "  " + note;
      if (here) row += "   ← overall";
      line(row);
    }
    line();
  }

  std::size_t name_width = 5;
  for (const auto& g : r.groups)
    name_width = std::max(name_width, 2 * m.groups[g.group].depth + display_width(m.groups[g.group].name.in(loc)));
  std::size_t level_width = 5;
  for (const auto& l : m.levels) level_width = std::max(level_width, display_width(l.name.in(loc)));
  for (const auto& g : r.groups)
    if (!g.scored) level_width = std::max(level_width, not_assessed.size());
  line(fmt::format("{}  {}  {:>8}  {:>8}", pad("Group", name_width), pad("Level", level_width), "Percent", "Coverage"));
  for (const auto& g : r.groups) {
    const Group& group = m.groups[g.group];
    std::string name = std::string(2 * (group.depth - 1), ' ') + group.name.in(loc);
    line(fmt::format("{}  {}  {:>8}  {:>7.0f}%", pad(name, name_width), pad(node_level_name(m, g, loc), level_width),
                     percent_text(g), round_to(g.coverage * 100, 0)));
  }

  for (const auto& part : plugin_sections(r, options, Messages::for_locale(loc))) {
    line();
    out += section_text(part.section);
  }

  if (!r.target.empty()) {
    line();
    std::string unassessed;  // nodes without a score, so neither met nor missed
    if (!r.overall.scored) unassessed = "Overall";
    for (const auto& g : r.groups)
      if (!g.scored) unassessed += (unassessed.empty() ? "" : ", ") + m.groups[g.group].name.in(loc);
    if (r.gaps.empty() && !unassessed.empty()) {
      line(fmt::format("Target '{}': met wherever assessed; not assessed: {}.", r.target, unassessed));
    } else if (r.gaps.empty()) {
      line(fmt::format("Target '{}': met everywhere.", r.target));
    } else {
      line(fmt::format("Gaps against target '{}' (highest priority first)", r.target));
      std::size_t width = 0;
      for (const auto& gap : r.gaps) width = std::max(width, display_width(gap_node_name(m, gap, loc)));
      for (const auto& gap : r.gaps) {
        std::string current = gap.target.kind == TargetValue::Kind::level
                                  ? level_name(m, gap.current_level, loc)
                                  : fmt::format("{}%", round_to(gap.current_percent, 1));
        line(fmt::format("  {}  {} → {}  (priority {:.3f})", pad(gap_node_name(m, gap, loc), width), current,
                         target_text(m, gap.target, loc), round_to(gap.priority, 3)));
      }
      if (!unassessed.empty()) line(fmt::format("  Not assessed, so not compared: {}", unassessed));
    }
  }

  if (!r.recommendations.empty()) {
    line();
    line("Recommendations (highest priority first)");
    std::size_t n = 0;
    for (std::size_t i = 0; i < r.recommendations.size(); ++i) {
      const Recommendation& rec = r.recommendations[i];
      const RecommendationStep& step = r.step(i);
      line(fmt::format("  {:>2}. [{}] {}", ++n, m.questions[rec.question].id,
                       recommendation_text(m, rec.question, loc, step.from)));
      std::string from;
      if (step.from != npos)
        from = "from \"" + m.scales[m.questions[rec.question].scale].options[step.from].label.in(loc) + "\": ";
      line(fmt::format("      {}now {:.0f}% of the scale, target {:.0f}%, priority {:.3f}{}", from,
                       round_to(rec.current * 100, 0), round_to(rec.target * 100, 0), round_to(rec.priority, 3),
                       step.lifts_cap ? "; lifts the cap on the level" : ""));
    }
  }

  if (!r.crosswalk.empty()) {
    const auto cw = parse_json_text(r.crosswalk);
    line();
    line(fmt::format("Crosswalk '{}' from {} {}: {} answers converted, mean confidence {:.2f}",
                     cw["id"].get<std::string>(), cw["from"]["model"].get<std::string>(),
                     cw["from"]["version"].get<std::string>(), cw["converted"].get<std::size_t>(),
                     cw["confidence"].get<double>()));
    for (const auto& a : cw["answers"]) {
      std::string sources;
      for (const auto& f : a["from"]) sources += (sources.empty() ? "" : ", ") + f.get<std::string>();
      line(fmt::format("  {} ← {} ({}, confidence {:.2f})", a["question"].get<std::string>(), sources,
                       a["relation"].get<std::string>(), a["confidence"].get<double>()));
    }
  }

  std::vector<std::string> unanswered;
  std::vector<const Warning*> others;
  for (const auto& w : r.warnings) {
    if (w.code == "unanswered") unanswered.push_back(w.question);
    else others.push_back(&w);
  }
  if (!unanswered.empty() || !others.empty()) {
    line();
    line("Warnings");
    if (!unanswered.empty()) {
      std::string ids;
      for (std::size_t i = 0; i < unanswered.size() && i < 20; ++i) ids += (i ? ", " : "") + unanswered[i];
      if (unanswered.size() > 20) ids += fmt::format(", and {} more", unanswered.size() - 20);
      line(fmt::format("  {} question{} unanswered: {}", unanswered.size(), unanswered.size() == 1 ? "" : "s", ids));
    }
    for (const Warning* w : others) line("  " + w->message);
  }
  return out;
}

}  // namespace mmf
