// A model written back as a standalone mmf-model/1 TOML file: what `mmf show
// --resolved` prints for a tailored model, with every base element merged in.
#include <cstdio>

#include <fmt/format.h>

#include "base/ids.h"
#include "mmf/render.h"

namespace mmf {

namespace {

// A TOML basic string.
std::string toml_string(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7F) out += fmt::format("\\u{:04X}", static_cast<unsigned>(c));
        else out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

// A text field: a string when it has one locale, else a table of locales.
std::string text(const Text& t) {
  if (t.locales.size() <= 1) return toml_string(t.value);
  std::string out = "{ ";
  bool first = true;
  for (const auto& [locale, value] : t.locales) {
    out += fmt::format("{}{} = {}", first ? "" : ", ", toml_string(locale), toml_string(value));
    first = false;
  }
  return out + " }";
}

std::string number(double v) { return detail::number_text(v); }

std::string target_value(const Model& m, const TargetValue& tv) {
  return tv.kind == TargetValue::Kind::level ? toml_string(m.levels[tv.level].id) : number(tv.percent);
}

}  // namespace

std::string render_model_toml(const Model& m) {
  std::string out;
  auto line = [&](std::string s = {}) {
    out += s;
    out += '\n';
  };
  line(fmt::format("# Model '{}' {} with everything it extends merged in.", m.id, m.version));
  line("format = \"mmf-model/1\"");
  line();
  line("[model]");
  line("id = " + toml_string(m.id));
  line("name = " + text(m.name));
  line("version = " + toml_string(m.version));
  if (!m.description.empty()) line("description = " + text(m.description));
  if (!m.authors.empty()) {
    std::string a;
    for (const auto& author : m.authors) a += (a.empty() ? "" : ", ") + toml_string(author);
    line("authors = [" + a + "]");
  }
  if (!m.license.empty()) line("license = " + toml_string(m.license));
  line("locale = " + toml_string(m.locale));
  if (!m.plugin.empty()) line("plugin = " + toml_string(m.plugin));
  auto id_list = [](const std::vector<std::string>& ids) {
    std::string list;
    for (const auto& id : ids) list += (list.empty() ? "" : ", ") + toml_string(id);
    return "[" + list + "]";
  };
  if (!m.retired.empty()) line("retired = " + id_list(m.retired));
  line();
  line("[scoring]");
  line(fmt::format("aggregate = \"{}\"", to_string(m.scoring.aggregate)));
  line("rule = " + toml_string(m.scoring.rule));
  line(fmt::format("not_applicable = \"{}\"",
                   m.scoring.not_applicable == NotApplicablePolicy::exclude ? "exclude" : "zero"));
  line("performed = " + number(m.scoring.performed));
  if (m.respondents == RespondentWeighting::by_unit) line("respondents = \"by-unit\"");
  if (!m.self_units.empty()) line("self_units = " + id_list(m.self_units));
  for (const auto& s : m.scales) {
    line();
    line(fmt::format("[scales.{}]", s.id));
    if (s.kind == Scale::Kind::range) {
      line("min = " + number(s.min));
      line("max = " + number(s.max));
      if (s.allows_not_applicable) line("not_applicable = true");
      continue;
    }
    line("options = [");
    const std::size_t scale_index = static_cast<std::size_t>(&s - m.scales.data());
    for (std::size_t oi = 0; oi < s.options.size(); ++oi) {
      const ScaleOption& o = s.options[oi];
      std::vector<std::string> former;
      for (const FormerId& f : m.former_ids)
        if (f.scale == scale_index && f.target == oi) former.push_back(f.id);
      std::string tail = former.empty() ? "" : ", formerly = " + id_list(former);
      if (o.not_applicable)
        line(fmt::format("  {{ id = {}, label = {}, not_applicable = true{} }},", toml_string(o.id), text(o.label),
                         tail));
      else
        line(fmt::format("  {{ id = {}, label = {}, value = {}{} }},", toml_string(o.id), text(o.label),
                         number(o.value), tail));
    }
    line("]");
  }
  for (const auto& l : m.levels) {
    line();
    line("[[levels]]");
    line("id = " + toml_string(l.id));
    line("name = " + text(l.name));
    if (!l.description.empty()) line("description = " + text(l.description));
    if (l.min) line("min = " + number(*l.min));
    if (!l.requirements.empty()) {
      std::string r;
      for (const auto& [on, percent] : l.requirements)
        r += fmt::format("{}{} = {}", r.empty() ? "" : ", ", m.levels[on].id, number(percent));
      line("requires = { " + r + " }");
    }
  }
  for (std::size_t g : m.group_order) {
    const Group& group = m.groups[g];
    line();
    line("[[groups]]");
    line("id = " + toml_string(group.id));
    line("name = " + text(group.name));
    if (!group.description.empty()) line("description = " + text(group.description));
    if (group.parent != npos) line("parent = " + toml_string(m.groups[group.parent].id));
    if (group.weight != 1) line("weight = " + number(group.weight));
    if (group.aggregate) line(fmt::format("aggregate = \"{}\"", to_string(*group.aggregate)));
  }
  for (const auto& q : m.questions) {
    line();
    line("[[questions]]");
    line("id = " + toml_string(q.id));
    line("group = " + toml_string(m.groups[q.group].id));
    line("text = " + text(q.text));
    if (!q.help.empty()) line("help = " + text(q.help));
    line("scale = " + toml_string(m.scales[q.scale].id));
    if (q.weight != 1) line("weight = " + number(q.weight));
    if (q.level != npos) line("level = " + toml_string(m.levels[q.level].id));
    if (!q.recommendation.empty()) line("recommendation = " + text(q.recommendation));
    if (!q.tags.empty()) {
      std::string t;
      for (const auto& tag : q.tags) t += (t.empty() ? "" : ", ") + toml_string(tag);
      line("tags = [" + t + "]");
    }
    const std::size_t qi = static_cast<std::size_t>(&q - m.questions.data());
    std::vector<std::string> former;
    for (const FormerId& f : m.former_ids)
      if (f.scale == npos && f.target == qi) former.push_back(f.id);
    if (!former.empty()) line("formerly = " + id_list(former));
    const QuestionGuide& guide = m.guide(qi);
    const Scale& scale = m.scales[q.scale];
    for (std::size_t o = 0; o < guide.answers.size() && o < scale.options.size(); ++o)
      if (!guide.answers[o].empty()) line(fmt::format("answers.{} = {}", toml_string(scale.options[o].id), text(guide.answers[o])));
    if (!guide.criteria.empty()) {
      std::string c;
      for (const Text& t : guide.criteria) c += (c.empty() ? "" : ", ") + text(t);
      line("criteria = [" + c + "]");
    }
    for (std::size_t o = 0; o < guide.next_steps.size() && o < scale.options.size(); ++o)
      if (!guide.next_steps[o].empty())
        line(fmt::format("next_steps.{} = {}", toml_string(scale.options[o].id), text(guide.next_steps[o])));
  }
  for (const auto& t : m.targets) {
    line();
    line(fmt::format("[targets.{}]", t.id));
    if (t.overall) line("overall = " + target_value(m, *t.overall));
    if (!t.groups.empty()) {
      std::string g;
      for (const auto& [group, tv] : t.groups)
        g += fmt::format("{}{} = {}", g.empty() ? "" : ", ", m.groups[group].id, target_value(m, tv));
      line("groups = { " + g + " }");
    }
  }
  return out;
}

}  // namespace mmf
