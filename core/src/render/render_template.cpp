// A blank assessment for respondents: valid TOML, every question an empty
// entry with its text, help and valid answers in comments.
#include <fmt/format.h>

#include "base/ids.h"
#include "base/quote.h"
#include "mmf/semver.h"
#include "render/csv_writer.h"
#include "render/render_common.h"

namespace mmf {

using namespace detail;

namespace {

// Comment text must stay on one line, and show no control character raw.
std::string one_line(std::string_view s) {
  std::string out;
  for (char c : s) out += (c == '\n' || c == '\r') ? ' ' : c;
  return escape_controls(out);
}

std::string answers_text(const Scale& s, const std::string& loc) {
  if (s.kind == Scale::Kind::range)
    return fmt::format("a number from {} to {}{}", number_text(s.min), number_text(s.max),
                       s.allows_not_applicable ? ", or \"na\" (not applicable)" : "");
  std::string out;
  for (const auto& o : s.options) {
    out += out.empty() ? "" : " · ";
    out += fmt::format("{} = {}", o.id, one_line(o.label.in(loc)));
  }
  return out;
}

}  // namespace

std::string render_template(const Model& m, const RenderOptions& options) {
  const std::string& loc = locale_of(m, options);
  std::string out;
  auto line = [&](std::string s = {}) {
    out += s;
    out += '\n';
  };
  line(fmt::format("# Assessment for {} {} ({}).", one_line(m.name.in(loc)), m.version, m.id));
  line("# Give each answer one of the ids listed above it; leave \"\" where you have no answer.");
  if (!m.questions.empty())
    line(fmt::format("# Add evidence like this:  {} = {{ answer = \"…\", evidence = \"…\", comment = \"…\" }}",
                     m.questions.front().id));
  line(fmt::format("# Then score it:  mmf assess {} THIS-FILE.toml", m.id));
  line("format = \"mmf-assessment/1\"");
  line(fmt::format("model = \"{}\"", m.id));
  if (auto v = Version::parse(m.version)) line(fmt::format("model_version = \"{}\"", answers_requirement(*v)));
  line("subject = \"\"");
  line("# date = 2026-01-31");
  line("assessor = \"\"");
  if (!m.targets.empty()) {
    std::string ids;
    for (const auto& t : m.targets) ids += (ids.empty() ? "" : ", ") + t.id;
    line(fmt::format("# target = \"{}\"   # profiles: {}", m.targets.front().id, ids));
  }
  line();
  line("[answers]");
  for (std::size_t g : m.group_order) {
    const Group& group = m.groups[g];
    if (group.questions.empty()) continue;
    std::string path = group.name.in(loc);
    for (std::size_t p = group.parent; p != npos; p = m.groups[p].parent) path = m.groups[p].name.in(loc) + " › " + path;
    line();
    line(fmt::format("# ── {} ──", one_line(path)));
    for (std::size_t q : group.questions) {
      const Question& question = m.questions[q];
      line(fmt::format("# {}", one_line(question.text.in(loc))));
      if (!question.help.empty()) line(fmt::format("#   Help: {}", one_line(question.help.in(loc))));
      line(fmt::format("#   Answers: {}", answers_text(m.scales[question.scale], loc)));
      // What each answer means for this question, and what evidence to look for.
      const QuestionGuide& guide = m.guide(q);
      const Scale& scale = m.scales[question.scale];
      for (std::size_t o = 0; o < guide.answers.size() && o < scale.options.size(); ++o)
        if (!guide.answers[o].empty())
          line(fmt::format("#     {} — {}", scale.options[o].id, one_line(guide.answers[o].in(loc))));
      for (const Text& c : guide.criteria) line(fmt::format("#   Evidence: {}", one_line(c.in(loc))));
      line(fmt::format("{} = \"\"", question.id));
    }
  }
  return out;
}

std::string render_model(const Model& m, const RenderOptions& options) {
  const std::string& loc = locale_of(m, options);
  std::string out;
  auto line = [&](std::string s = {}) {
    out += s;
    out += '\n';
  };
  line(fmt::format("{} ({}) {}", m.name.in(loc), m.id, m.version));
  if (m.file) line(fmt::format("file: {}", *m.file));
  std::string scoring = fmt::format("rule: {} · aggregate: {} · not applicable: {}", m.scoring.rule,
                                    to_string(m.scoring.aggregate),
                                    m.scoring.not_applicable == NotApplicablePolicy::exclude ? "exclude" : "zero");
  if (m.scoring.rule == "staged") scoring += fmt::format(" · performed at {}", number_text(m.scoring.performed));
  line(scoring);
  if (!m.plugin.empty()) line(fmt::format("plugin: {}", m.plugin));
  if (!m.description.empty()) {
    line();
    line(m.description.in(loc));
  }
  line();
  line("Levels (lowest first)");
  std::size_t width = 0;
  for (const auto& l : m.levels) width = std::max(width, display_width(l.name.in(loc)));
  for (std::size_t i = 0; i < m.levels.size(); ++i) {
    const Level& l = m.levels[i];
    std::string row = fmt::format("  {}. {}  [{}]", i, pad(l.name.in(loc), width), l.id);
    if (l.min) row += fmt::format("  from {}%", number_text(*l.min));
    for (const auto& [on, percent] : l.requirements)
      row += fmt::format("  needs {} ≥ {}%", m.levels[on].id, number_text(percent));
    line(row);
  }
  line();
  line("Scales");
  for (const auto& s : m.scales) line(fmt::format("  {}: {}", s.id, answers_text(s, loc)));
  line();
  line(fmt::format("Groups and questions ({} groups, {} questions)", m.groups.size(), m.questions.size()));
  for (std::size_t g : m.group_order) {
    const Group& group = m.groups[g];
    std::string indent(2 * group.depth, ' ');
    std::string row = fmt::format("{}{} [{}]", indent, group.name.in(loc), group.id);
    if (group.weight != 1) row += fmt::format(" weight {}", number_text(group.weight));
    if (group.aggregate) row += fmt::format(" aggregate {}", to_string(*group.aggregate));
    line(row);
    for (std::size_t q : group.questions) {
      const Question& question = m.questions[q];
      std::string qrow = fmt::format("{}  {}: {}", indent, question.id, question.text.in(loc));
      std::string meta = m.scales[question.scale].id;
      if (question.level != npos) meta += ", level " + m.levels[question.level].id;
      if (question.weight != 1) meta += ", weight " + number_text(question.weight);
      line(fmt::format("{} ({})", qrow, meta));
    }
  }
  if (!m.targets.empty()) {
    line();
    line("Targets");
    for (const auto& t : m.targets) {
      std::string row = fmt::format("  {}:", t.id);
      if (t.overall) row += " overall " + target_text(m, *t.overall, loc);
      for (const auto& [g, tv] : t.groups) row += fmt::format("; {} {}", m.groups[g].id, target_text(m, tv, loc));
      line(row);
    }
  }
  return escape_controls(out, true);  // printed to a terminal: no escape sequence from the model reaches it
}

std::string render_template_csv(const Model& m) {
  std::string out = "subject,respondent,unit,date";
  for (const Question& q : m.questions) {
    out += ',';
    out += csv_field(q.id);
  }
  out += '\n';
  return out;
}

}  // namespace mmf
