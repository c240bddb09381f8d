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
  line();
  line("[scoring]");
  line(fmt::format("aggregate = \"{}\"", to_string(m.scoring.aggregate)));
  line("rule = " + toml_string(m.scoring.rule));
  line(fmt::format("not_applicable = \"{}\"",
                   m.scoring.not_applicable == NotApplicablePolicy::exclude ? "exclude" : "zero"));
  line("performed = " + number(m.scoring.performed));
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
    for (const auto& o : s.options) {
      if (o.not_applicable)
        line(fmt::format("  {{ id = {}, label = {}, not_applicable = true }},", toml_string(o.id), text(o.label)));
      else
        line(fmt::format("  {{ id = {}, label = {}, value = {} }},", toml_string(o.id), text(o.label), number(o.value)));
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
