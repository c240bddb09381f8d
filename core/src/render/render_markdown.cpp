// The Markdown view of a result, for reports pasted into documents and wikis.
#include <fmt/format.h>

#include "base/quote.h"
#include "render/render_common.h"

namespace mmf {

using namespace detail;

namespace detail {

std::string markdown_text(std::string_view raw) {
  const std::string s = escape_controls(raw, true);
  std::size_t last_hash = npos;  // a trailing # would close a heading
  if (!s.empty() && s.back() == '#') last_hash = s.size() - 1;
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    switch (c) {
      case '\n':
      case '\t': out += ' '; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '~':
        out += '\\';
        out += c;
        break;
      case '#':
        if (i == 0 || i == last_hash) out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

std::string markdown_code(std::string_view s) {
  if (s.find_first_of("`\n") != std::string_view::npos || has_controls(s)) return markdown_text(s);
  return fmt::format("`{}`", s);
}

}  // namespace detail

namespace {

std::string cell(std::string_view s) { return markdown_text(s); }

}  // namespace

std::string render_markdown(const Result& r, const RenderOptions& options) {
  const Model& m = *r.model;
  const std::string& loc = locale_of(m, options);
  std::string out;
  auto line = [&](std::string s = {}) {
    out += s;
    out += '\n';
  };
  line(fmt::format("# {}", cell(r.subject.empty() ? "(no subject)" : r.subject)));
  line();
  line(fmt::format("- **Model:** {} {} ({})", cell(m.name.in(loc)), cell(m.version), markdown_code(m.id)));
  if (!r.date.empty()) line(fmt::format("- **Date:** {}", cell(r.date)));
  if (!r.assessor.empty()) line(fmt::format("- **Assessor:** {}", cell(r.assessor)));
  if (r.respondents > 1) line(fmt::format("- **Respondents:** {}", r.respondents));
  if (r.overall.scored)
    line(fmt::format("- **Overall:** {} — {} (coverage {:.0f}%)", cell(node_level_name(m, r.overall, loc)),
                     percent_text(r.overall), round_to(r.overall.coverage * 100, 0)));
  else
    line(fmt::format("- **Overall:** not assessed (coverage {:.0f}%)", round_to(r.overall.coverage * 100, 0)));
  const auto crosswalk = crosswalk_view(r);
  if (crosswalk)
    line(fmt::format("- **Converted from:** {} {} ({}) through crosswalk {}: {}", cell(crosswalk->from_name),
                     cell(crosswalk->from_version), markdown_code(crosswalk->from_id), markdown_code(crosswalk->id),
                     crosswalk->tally()));
  line();
  line("## Summary");
  line();
  std::string summary;
  for (const auto& sentence : executive_summary(r, loc)) summary += (summary.empty() ? "" : " ") + cell(sentence);
  line(summary);
  line();

  if (!m.levels.empty()) {
    line("## Levels");
    line();
    line("| | Level | From |");
    line("|---|---|---|");
    for (std::size_t i = m.levels.size(); i-- > 0;) {
      const Level& l = m.levels[i];
      line(fmt::format("| {} | {} | {} |", i == r.overall.level ? "▶" : "", cell(l.name.in(loc)),
                       l.min ? fmt::format("{}%", round_to(*l.min, 1)) : std::string()));
    }
    line();
  }

  line("## Groups");
  line();
  line("| Group | Level | Percent | Coverage |");
  line("|---|---|---:|---:|");
  for (const auto& g : r.groups) {
    const Group& group = m.groups[g.group];
    std::string indent;
    for (std::size_t d = 1; d < group.depth; ++d) indent += "&nbsp;&nbsp;";
    line(fmt::format("| {}{} | {} | {} | {:.0f}% |", indent, cell(group.name.in(loc)),
                     cell(node_level_name(m, g, loc)), percent_text(g), round_to(g.coverage * 100, 0)));
  }

  for (const auto& [plugin, text] : plugin_texts(r, options)) {
    line();
    (void)plugin;
    line("## Reading the result");
    line();
    for (std::string_view row : text_lines(text)) {
      if (row.rfind("- ", 0) == 0) line("- " + markdown_text(row.substr(2)));
      else if (!row.empty()) line(markdown_text(row) + "  ");
      else line();
    }
  }

  if (!r.gaps.empty()) {
    line();
    line(fmt::format("## Gaps against target {}", markdown_code(r.target)));
    line();
    line("| Group | Now | Target | Gap |");
    line("|---|---|---|---:|");
    for (const auto& gap : r.gaps) {
      std::string current = gap.target.kind == TargetValue::Kind::level
                                ? level_name(m, gap.current_level, loc)
                                : fmt::format("{}%", round_to(gap.current_percent, 1));
      const auto wanted = target_percent(m, &gap.target);
      line(fmt::format("| {} | {} | {} | {} |", cell(gap_node_name(m, gap, loc)), cell(current),
                       cell(target_text(m, gap.target, loc)),
                       wanted ? fmt::format("{} pts", round_to(std::max(0.0, *wanted - gap.current_percent), 1))
                              : std::string("—")));
    }
  }

  if (!r.recommendations.empty()) {
    // One roadmap, as the HTML report's: each recommendation once, in
    // roadmap order, High / Medium / Low, from one answer to the next.
    line();
    line("## Roadmap");
    line();
    line("| Priority | Action | Question | From → to |");
    line("|---|---|---|---|");
    for (const auto& row : roadmap_rows(r)) {
      const Question& q = m.questions[row.rec.question];
      const Scale& scale = m.scales[q.scale];
      line(fmt::format("| **{}**{} | {} | {} ({}) | {} → {} |", band_name(row.band),
                       row.lifts_cap ? " (lifts the cap)" : "",
                       cell(recommendation_text(m, row.rec.question, loc, row.from)), cell(q.text.in(loc)),
                       markdown_code(q.id), cell(step_answer(scale, row.from, row.rec.current, loc)),
                       cell(step_answer(scale, row.to, row.rec.target, loc))));
    }
  }

  if (crosswalk) {
    line();
    line("## Crosswalk");
    line();
    line(fmt::format("Each answer below stands for answers to {} {}; its confidence is the mapping's strength × "
                     "its relation's factor × the share of its sources answered.",
                     cell(crosswalk->from_name), cell(crosswalk->from_version)));
    line();
    line("| Question | From | Relation | Confidence |");
    line("|---|---|---|---:|");
    for (const auto& a : crosswalk->answers)
      line(fmt::format("| {} | {} | {} | {:.2f} |", cell(a.question), cell(a.from), cell(a.relation), a.confidence));
    if (!crosswalk->unanswered.empty()) {
      std::string ids;
      for (const auto& u : crosswalk->unanswered) ids += (ids.empty() ? "" : ", ") + u;
      line();
      line(fmt::format("Not answered through the crosswalk ({}): {}", crosswalk->unanswered.size(), cell(ids)));
    }
  }

  if (!r.warnings.empty()) {
    line();
    line("## Warnings");
    line();
    for (const auto& w : r.warnings) line("- " + cell(w.message));
  }
  return out;
}

}  // namespace mmf
