// The Markdown view of a result, for reports pasted into documents and wikis.
#include <fmt/format.h>

#include "base/quote.h"
#include "render/messages.h"
#include "render/plugin_sections.h"
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
  const Messages& tx = Messages::for_locale(loc);
  std::string out;
  auto line = [&](std::string s = {}) {
    out += s;
    out += '\n';
  };
  // Percents as the locale writes them ("39.2%", "39,2 %").
  auto node_pct = [&](const NodeResult& n) {
    return n.scored ? tx.percent(round_to(n.percent, 1), 1) : std::string("—");
  };
  auto share = [&](double fraction) { return tx.percent(round_to(fraction * 100, 0), 0); };
  auto fact = [&](const char* label, const std::string& value) { line(fmt::format("- **{}:** {}", tx.tr(label), value)); };
  auto not_assessed_text = [&](const NodeResult& n) {
    return n.scored ? level_name(m, n.level, loc) : std::string(tx.tr("not assessed"));
  };
  line(fmt::format("# {}", cell(r.subject.empty() ? tx.tr("(no subject)") : r.subject)));
  line();
  fact(N_("Model"), fmt::format("{} {} ({})", cell(m.name.in(loc)), cell(m.version), markdown_code(m.id)));
  if (!r.date.empty()) fact(N_("Date"), cell(r.date));
  if (!r.assessor.empty()) fact(N_("Assessor"), cell(r.assessor));
  if (r.respondents > 1) fact(N_("Respondents"), std::to_string(r.respondents));
  if (r.overall.scored)
    fact(N_("Overall"), fmt::format("{} — {} ({})", cell(not_assessed_text(r.overall)), node_pct(r.overall),
                                    tx.trf("coverage {}", share(r.overall.coverage))));
  else
    fact(N_("Overall"), fmt::format("{} ({})", tx.tr("not assessed"), tx.trf("coverage {}", share(r.overall.coverage))));
  const auto crosswalk = crosswalk_view(r);
  if (crosswalk) {
    fact(N_("Converted from"),
         tx.trf("{} {} ({}) through crosswalk {}: {}", cell(crosswalk->from_name), cell(crosswalk->from_version),
                markdown_code(crosswalk->from_id), markdown_code(crosswalk->id), crosswalk->tally(tx)));
  }
  line();
  line(fmt::format("## {}", tx.tr("Summary")));
  line();
  std::string summary;
  for (const auto& sentence : executive_summary(r, loc)) summary += (summary.empty() ? "" : " ") + cell(sentence);
  line(summary);
  line();

  if (!m.levels.empty()) {
    line(fmt::format("## {}", tx.tr("Levels")));
    line();
    line(fmt::format("| | {} | {} |", tx.tr("Level"), tx.trc("lower bound", "From")));
    line("|---|---|---|");
    for (std::size_t i = m.levels.size(); i-- > 0;) {
      const Level& l = m.levels[i];
      line(fmt::format("| {} | {} | {} |", i == r.overall.level ? "▶" : "", cell(l.name.in(loc)),
                       !l.min            ? std::string()
                       : tx.english()    ? fmt::format("{}%", round_to(*l.min, 1))
                                         : tx.percent(round_to(*l.min, 1), *l.min == std::round(*l.min) ? 0 : 1)));
    }
    line();
  }

  line(fmt::format("## {}", tx.tr("Groups")));
  line();
  line(fmt::format("| {} | {} | {} | {} |", tx.tr("Group"), tx.tr("Level"), tx.tr("Percent"), tx.tr("Coverage")));
  line("|---|---|---:|---:|");
  for (const auto& g : r.groups) {
    const Group& group = m.groups[g.group];
    std::string indent;
    for (std::size_t d = 1; d < group.depth; ++d) indent += "&nbsp;&nbsp;";
    line(fmt::format("| {}{} | {} | {} | {} |", indent, cell(group.name.in(loc)), cell(not_assessed_text(g)),
                     node_pct(g), share(g.coverage)));
  }

  for (const auto& part : plugin_sections(r, options, tx)) {
    line();
    if (part.typed()) {
      out += section_markdown(part.section);
      continue;
    }
    // An older plugin's words, as they always were.
    line(fmt::format("## {}", tx.tr("Reading the result")));
    line();
    for (std::string_view row : text_lines(part.text)) {
      if (row.rfind("- ", 0) == 0) line("- " + markdown_text(row.substr(2)));
      else if (!row.empty()) line(markdown_text(row) + "  ");
      else line();
    }
  }

  if (!r.gaps.empty()) {
    line();
    line(fmt::format("## {}", tx.trf("Gaps against target {}", markdown_code(r.target))));
    line();
    line(fmt::format("| {} | {} | {} | {} |", tx.tr("Group"), tx.tr("Now"), tx.tr("Target"), tx.tr("Gap")));
    line("|---|---|---|---:|");
    for (const auto& gap : r.gaps) {
      std::string current = gap.target.kind == TargetValue::Kind::level
                                ? level_name(m, gap.current_level, loc)
                                : tx.english() ? fmt::format("{}%", round_to(gap.current_percent, 1))
                                               : tx.percent(round_to(gap.current_percent, 1), 1);
      const auto wanted = target_percent(m, &gap.target);
      const double points = wanted ? round_to(std::max(0.0, *wanted - gap.current_percent), 1) : 0.0;
      line(fmt::format("| {} | {} | {} | {} |",
                       cell(gap.group == npos ? std::string(tx.tr("Overall")) : gap_node_name(m, gap, loc)), cell(current),
                       cell(target_text(m, gap.target, loc)),
                       !wanted        ? std::string("—")
                       : tx.english() ? fmt::format("{} pts", points)
                                      : tx.trf("{} pts", tx.number(points, points == std::round(points) ? 0 : 1))));
    }
  }

  if (!r.recommendations.empty()) {
    // One roadmap, as the HTML report's: each recommendation once, in
    // roadmap order, High / Medium / Low, from one answer to the next.
    line();
    line(fmt::format("## {}", tx.tr("Roadmap")));
    line();
    line(fmt::format("| {} | {} | {} | {} |", tx.tr("Priority"), tx.tr("Action"), tx.tr("Question"), tx.tr("From → to")));
    line("|---|---|---|---|");
    for (const auto& row : roadmap_rows(r)) {
      const Question& q = m.questions[row.rec.question];
      const Scale& scale = m.scales[q.scale];
      line(fmt::format("| **{}**{} | {} | {} ({}) | {} → {} |", tx.tr(band_name(row.band)),
                       row.lifts_cap ? fmt::format(" ({})", tx.tr("lifts the cap")) : std::string(),
                       cell(recommendation_text(m, row.rec.question, loc, row.from)), cell(q.text.in(loc)),
                       markdown_code(q.id), cell(step_answer(scale, row.from, row.rec.current, loc)),
                       cell(step_answer(scale, row.to, row.rec.target, loc))));
    }
  }

  if (crosswalk) {
    line();
    line(fmt::format("## {}", tx.tr("Crosswalk")));
    line();
    line(tx.trf("Each answer below stands for answers to {} {}; its confidence is the mapping's strength × its "
                "relation's factor × the share of its sources answered.",
                cell(crosswalk->from_name), cell(crosswalk->from_version)));
    line();
    line(fmt::format("| {} | {} | {} | {} |", tx.tr("Question"), tx.tr("From"), tx.tr("Relation"), tx.tr("Confidence")));
    line("|---|---|---|---:|");
    for (const auto& a : crosswalk->answers)
      line(fmt::format("| {} | {} | {} | {} |", cell(a.question), cell(a.from), cell(a.relation),
                       tx.number(round_to(a.confidence, 2), 2)));
    if (!crosswalk->unanswered.empty()) {
      std::string ids;
      for (const auto& u : crosswalk->unanswered) ids += (ids.empty() ? "" : ", ") + u;
      line();
      line(tx.trf("Not answered through the crosswalk ({}): {}", crosswalk->unanswered.size(), cell(ids)));
    }
  }

  if (!r.warnings.empty()) {
    line();
    line(fmt::format("## {}", tx.tr("Warnings")));
    line();
    for (const auto& w : r.warnings) line("- " + cell(w.message));
  }
  return out;
}

}  // namespace mmf
