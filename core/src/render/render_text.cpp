// The terminal view of a result: a level ladder, the group tree with levels
// and percents, gaps, recommendations and warnings.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include <spdlog/spdlog.h>

#include "base/quote.h"
#include "mmf/registry.h"
#include "render/messages.h"
#include "render/plugin_sections.h"
#include "render/render_common.h"

namespace mmf {

using namespace detail;


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
  const Messages& tx = Messages::for_locale(loc);
  std::string out;
  auto line = [&](std::string s = {}) {
    out += s;
    out += '\n';
  };
  // Percents and numbers: as they always were in English, the locale's way otherwise.
  auto pct = [&](double percent, int decimals) {
    const double v = round_to(percent, decimals);
    return tx.english() ? (decimals == 0 ? fmt::format("{:.0f}%", v) : fmt::format("{}%", v)) : tx.percent(v, decimals);
  };
  auto node_pct = [&](const NodeResult& n) { return tx.english() ? percent_text(n) : tx.percent(round_to(n.percent, 1), 1); };
  auto num = [&](double v, int decimals) {
    return tx.english() ? fmt::format("{:.{}f}", v, decimals) : tx.number(v, decimals);
  };
  auto level_of = [&](const NodeResult& n) {
    return n.scored ? level_name(m, n.level, loc) : std::string(tx.tr("not assessed"));
  };
  // Right-aligns `s` in at least `width` columns.
  auto right = [](const std::string& s, std::size_t width) {
    const std::size_t w = display_width(s);
    return (w < width ? std::string(width - w, ' ') : std::string()) + s;
  };

  line(r.subject.empty() ? std::string(tx.tr("(no subject)")) : r.subject);
  std::string meta = fmt::format("{} {}", m.name.in(loc), m.version);
  if (!r.date.empty()) meta += " · " + r.date;
  if (!r.assessor.empty()) meta += " · " + tx.trf("assessed by {}", r.assessor);
  if (r.respondents > 1) meta += " · " + tx.trf("{} respondents", r.respondents);
  line(meta);
  line();
  if (r.overall.scored)
    line(tx.trf("Overall: {} — {} (coverage {})", level_of(r.overall), node_pct(r.overall),
                pct(r.overall.coverage * 100, 0)));
  else
    line(tx.trf("Overall: not assessed (coverage {})", pct(r.overall.coverage * 100, 0)));
  line();

  if (!m.levels.empty()) {
    line(tx.tr("Level ladder"));
    std::size_t width = 0;
    for (const auto& l : m.levels) width = std::max(width, display_width(l.name.in(loc)));
    for (std::size_t i = m.levels.size(); i-- > 0;) {
      const Level& l = m.levels[i];
      bool here = i == r.overall.level;
      std::string row = fmt::format("  {} {}", here ? "▶" : " ", pad(l.name.in(loc), width));
      if (l.min) row += "  " + tx.trf("from {}", pct(*l.min, *l.min == std::round(*l.min) ? 0 : 1));
      if (here) row += "   " + std::string(tx.tr("← overall"));
      line(row);
    }
    line();
  }

  const std::string group_word = tx.tr("Group"), level_word = tx.tr("Level"), percent_word = tx.tr("Percent"),
                    coverage_word = tx.tr("Coverage");
  std::size_t name_width = std::max<std::size_t>(5, display_width(group_word));
  for (const auto& g : r.groups)
    name_width = std::max(name_width, 2 * m.groups[g.group].depth + display_width(m.groups[g.group].name.in(loc)));
  std::size_t level_width = std::max<std::size_t>(5, display_width(level_word));
  for (const auto& l : m.levels) level_width = std::max(level_width, display_width(l.name.in(loc)));
  for (const auto& g : r.groups)
    if (!g.scored) level_width = std::max(level_width, display_width(level_of(g)));
  const std::size_t percent_width = std::max<std::size_t>(8, display_width(percent_word));
  const std::size_t coverage_width = std::max<std::size_t>(8, display_width(coverage_word));
  line(fmt::format("{}  {}  {}  {}", pad(group_word, name_width), pad(level_word, level_width),
                   right(percent_word, percent_width), right(coverage_word, coverage_width)));
  for (const auto& g : r.groups) {
    const Group& group = m.groups[g.group];
    std::string name = std::string(2 * (group.depth - 1), ' ') + group.name.in(loc);
    line(fmt::format("{}  {}  {}  {}", pad(name, name_width), pad(level_of(g), level_width),
                     right(node_pct(g), percent_width), right(pct(g.coverage * 100, 0), coverage_width)));
  }

  for (const auto& part : plugin_sections(r, options, tx)) {
    line();
    if (part.typed()) out += section_text(part.section);
    else
      for (std::string_view row : text_lines(part.text)) line(escape_controls(row));  // an older plugin's words
  }

  if (!r.target.empty()) {
    line();
    std::string unassessed;  // nodes without a score, so neither met nor missed
    if (!r.overall.scored) unassessed = tx.tr("Overall");
    for (const auto& g : r.groups)
      if (!g.scored) unassessed += (unassessed.empty() ? "" : ", ") + m.groups[g.group].name.in(loc);
    if (r.gaps.empty() && !unassessed.empty()) {
      line(tx.trf("Target '{}': met wherever assessed; not assessed: {}.", r.target, unassessed));
    } else if (r.gaps.empty()) {
      line(tx.trf("Target '{}': met everywhere.", r.target));
    } else {
      line(tx.trf("Gaps against target '{}' (highest priority first)", r.target));
      std::size_t width = 0;
      for (const auto& gap : r.gaps) width = std::max(width, display_width(gap_node_name(m, gap, loc)));
      for (const auto& gap : r.gaps) {
        std::string current = gap.target.kind == TargetValue::Kind::level ? level_name(m, gap.current_level, loc)
                                                                         : pct(gap.current_percent, 1);
        line(fmt::format("  {}  {} → {}  ({})", pad(gap_node_name(m, gap, loc), width), current,
                         target_text(m, gap.target, loc), tx.trf("priority {}", num(round_to(gap.priority, 3), 3))));
      }
      if (!unassessed.empty()) line("  " + tx.trf("Not assessed, so not compared: {}", unassessed));
    }
  }

  if (!r.recommendations.empty()) {
    line();
    line(tx.tr("Recommendations (highest priority first)"));
    std::size_t n = 0;
    for (std::size_t i = 0; i < r.recommendations.size(); ++i) {
      const Recommendation& rec = r.recommendations[i];
      const RecommendationStep& step = r.step(i);
      line(fmt::format("  {:>2}. [{}] {}", ++n, m.questions[rec.question].id,
                       recommendation_text(m, rec.question, loc, step.from)));
      std::string from;
      if (step.from != npos)
        from = tx.trf("from \"{}\": ", m.scales[m.questions[rec.question].scale].options[step.from].label.in(loc));
      line("      " + from +
           tx.trf("now {} of the scale, target {}, priority {}", pct(rec.current * 100, 0), pct(rec.target * 100, 0),
                  num(round_to(rec.priority, 3), 3)) +
           (step.lifts_cap ? std::string(tx.tr("; lifts the cap on the level")) : std::string()));
    }
  }

  if (!r.crosswalk.empty()) {
    const auto cw = parse_json_text(r.crosswalk);
    line();
    line(tx.trf("Crosswalk '{}' from {} {}: {} answers converted, mean confidence {}", cw["id"].get<std::string>(),
                cw["from"]["model"].get<std::string>(), cw["from"]["version"].get<std::string>(),
                cw["converted"].get<std::size_t>(), num(cw["confidence"].get<double>(), 2)));
    for (const auto& a : cw["answers"]) {
      std::string sources;
      for (const auto& f : a["from"]) sources += (sources.empty() ? "" : ", ") + f.get<std::string>();
      line(fmt::format("  {} ← {} ({})", a["question"].get<std::string>(), sources,
                       tx.trf("{}, confidence {}", a["relation"].get<std::string>(), num(a["confidence"].get<double>(), 2))));
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
    line(tx.tr("Warnings"));
    if (!unanswered.empty()) {
      std::string ids;
      for (std::size_t i = 0; i < unanswered.size() && i < 20; ++i) ids += (i ? ", " : "") + unanswered[i];
      if (unanswered.size() > 20) ids += tx.trf(", and {} more", unanswered.size() - 20);
      line("  " + (unanswered.size() == 1 ? tx.trf("1 question unanswered: {}", ids)
                                          : tx.trf("{} questions unanswered: {}", unanswered.size(), ids)));
    }
    for (const Warning* w : others) line("  " + w->message);
  }
  return out;
}

}  // namespace mmf
