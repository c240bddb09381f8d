// The result as CSV: the detailed table of one result (render_csv), and
// the rows mmf batch writes, one a result (BatchRowWriter). Percents are
// written by write_tenths() in both, fields quoted by csv_field().
#include "render/render_csv.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "base/fold.h"
#include "render/csv_writer.h"
#include "render/render_common.h"

namespace mmf {

namespace detail {

std::string batch_csv_header(const Model& model) {
  std::string out = "subject,percent,level";
  for (std::size_t g : model.group_order) {
    out += ',';
    out += csv_field(model.groups[g].id + ".percent");
    out += ',';
    out += csv_field(model.groups[g].id + ".level");
  }
  out += '\n';
  return out;
}

BatchRowWriter::BatchRowWriter(const Model& model) : model_(model) {
  for (const Level& l : model.levels) {
    level_width_ = std::max(level_width_, l.id.size());
    LevelId id{};
    id.size = l.id.size();
    std::memcpy(id.text, l.id.data(), std::min(l.id.size(), sizeof id.text));
    level_ids_.push_back(id);
  }
}

void BatchRowWriter::append(std::string& out, std::string_view subject, std::span<const Node> nodes) const {
  const bool utf8 = is_utf8(subject);
  if (utf8 && subject.find_first_of(",\"\n\r") == std::string_view::npos && !csv_needs_neutralising(subject))
    out += subject;
  else out += utf8 ? csv_field(subject) : csv_field(to_utf8(subject));
  // Written into room made first: batch writes millions of these rows.
  const std::size_t room = nodes.size() * (tenths_max + level_width_ + 2) + sizeof(LevelId::text);
  out.resize(out.size() + room);
  char* p = out.data() + out.size() - room;
  for (const Node& n : nodes) {
    *p++ = ',';
    if (n.scored) p = write_tenths(p, n.percent);
    *p++ = ',';
    if (n.level != npos) {
      const LevelId& id = level_ids_[n.level];
      if (id.size <= sizeof id.text) std::memcpy(p, id.text, sizeof id.text);  // one fixed-size copy
      else std::memcpy(p, model_.levels[n.level].id.data(), id.size);
      p += id.size;
    }
  }
  out.resize(static_cast<std::size_t>(p - out.data()));
  out += '\n';
}

}  // namespace detail

std::string render_csv(const Result& r, const RenderOptions& options) {
  const Model& m = *r.model;
  const std::string& loc = detail::locale_of(m, options);
  auto field = [](std::string_view v) { return csv_field(v); };
  auto number = [](double v, int decimals) { return fmt::format("{}", round_to(v, decimals)); };
  auto percent = [](const NodeResult& n) {  // as the batch row writes it
    std::string s;
    if (n.scored) append_tenths(s, n.percent);
    return s;
  };
  // A crosswalked result adds four columns: the crosswalk, where each answer came from, how, how surely.
  const auto crosswalk = detail::crosswalk_view(r);
  std::string out = "kind,id,group,name,level,percent,coverage,answer,value,normalised,respondents,spread";
  out += crosswalk ? ",crosswalk,from,relation,confidence\n" : "\n";
  auto node = [&](const char* kind, const std::string& id, const std::string& parent, const std::string& name,
                  const NodeResult& n, const std::string& tail) {
    out += fmt::format("{},{},{},{},{},{},{},,,,,{}\n", kind, field(id), field(parent), field(name),
                       n.level == npos ? "" : field(m.levels[n.level].id), percent(n),
                       number(n.coverage, 4), tail);
  };
  std::string overall_tail, group_tail;
  if (crosswalk) {
    overall_tail = fmt::format(",{},{},,{}", field(crosswalk->id), field(crosswalk->from_id + "@" + crosswalk->from_version),
                               number(crosswalk->confidence, 4));
    group_tail = ",,,,";
  }
  node("overall", "overall", "", m.name.in(loc), r.overall, overall_tail);
  for (const auto& g : r.groups) {
    const Group& group = m.groups[g.group];
    node("group", group.id, group.parent == npos ? "" : m.groups[group.parent].id, group.name.in(loc), g, group_tail);
  }
  for (const auto& q : r.questions) {
    const Question& question = m.questions[q.question];
    bool value = q.answered && !q.not_applicable;
    std::string answer = q.not_applicable && q.option.empty() ? "na" : q.option;  // a range scale's n/a has no option
    std::string tail;
    if (crosswalk) {
      const auto* a = crosswalk->find(question.id);
      tail = a ? fmt::format(",{},{},{},{}", field(crosswalk->id), field(a->from), field(a->relation),
                             number(a->confidence, 4))
               : std::string(",,,,");
    }
    out += fmt::format("question,{},{},{},,,,{},{},{},{},{}{}\n", field(question.id), field(m.groups[question.group].id),
                       field(question.text.in(loc)), field(answer), value ? number(q.value, 4) : "",
                       value ? number(q.normalised, 4) : "", q.respondents, number(q.spread, 4), tail);
  }
  return out;
}

}  // namespace mmf
