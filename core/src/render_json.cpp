// The formats-v1 §5 result JSON, and the helpers every renderer shares.
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "render_common.h"

namespace mmf {

double round_to(double value, int decimals) {
  double scale = std::pow(10.0, decimals);
  double r = std::round(value * scale) / scale;
  return r == 0 ? 0.0 : r;  // no "-0"
}

void append_tenths(std::string& out, double value) {
  char buffer[detail::tenths_max];
  out.append(buffer, detail::write_tenths(buffer, value));
}

namespace detail {

std::string percent_text(const NodeResult& node) {
  return node.scored ? fmt::format("{:.1f}%", round_to(node.percent, 1)) : std::string("—");
}

std::string target_text(const Model& m, const TargetValue& tv, const std::string& locale) {
  if (tv.kind == TargetValue::Kind::level) return m.levels[tv.level].name.in(locale);
  return fmt::format("{}%", round_to(tv.percent, 1));
}

std::string recommendation_text(const Model& m, std::size_t question, const std::string& locale) {
  const Question& q = m.questions[question];
  if (!q.recommendation.empty()) return q.recommendation.in(locale);
  return "Raise: " + q.text.in(locale);
}

std::string gap_node_name(const Model& m, const Gap& gap, const std::string& locale) {
  return gap.group == npos ? std::string("Overall") : m.groups[gap.group].name.in(locale);
}

}  // namespace detail

namespace {

using json = nlohmann::ordered_json;

json level_json(const Model& m, std::size_t level, const std::string& locale) {
  if (level == npos) return nullptr;
  return json{{"id", m.levels[level].id}, {"name", m.levels[level].name.in(locale)}, {"index", level}};
}

json node_json(const Model& m, const NodeResult& n, const std::string& locale) {
  json j;
  if (n.group != npos) {
    const Group& g = m.groups[n.group];
    j["id"] = g.id;
    j["name"] = g.name.in(locale);
    j["parent"] = g.parent == npos ? json(nullptr) : json(m.groups[g.parent].id);
  }
  j["score"] = round_to(n.score, 4);
  j["max"] = round_to(n.max, 4);
  j["percent"] = round_to(n.percent, 1);
  j["coverage"] = round_to(n.coverage, 4);
  j["scored"] = n.scored;
  j["level"] = level_json(m, n.level, locale);
  return j;
}

json target_json(const Model& m, const TargetValue& tv) {
  if (tv.kind == TargetValue::Kind::level) return m.levels[tv.level].id;
  return round_to(tv.percent, 1);
}

json to_json_with(const Result& r, const std::string& locale) {
  const Model& m = *r.model;
  json j;
  j["format"] = "mmf-result/1";
  j["model"] = json{{"id", m.id}, {"version", m.version}, {"name", m.name.in(locale)}};
  j["subject"] = r.subject;
  j["date"] = r.date.empty() ? json(nullptr) : json(r.date);
  j["assessor"] = r.assessor.empty() ? json(nullptr) : json(r.assessor);
  j["target"] = r.target.empty() ? json(nullptr) : json(r.target);
  j["respondents"] = r.respondents;
  j["rule"] = m.scoring.rule;
  j["overall"] = node_json(m, r.overall, locale);
  json groups = json::array();
  for (const auto& g : r.groups) groups.push_back(node_json(m, g, locale));
  j["groups"] = std::move(groups);
  json questions = json::array();
  for (const auto& q : r.questions) {
    const Question& question = m.questions[q.question];
    bool has_value = q.answered && !q.not_applicable;
    json e;
    e["id"] = question.id;
    e["group"] = m.groups[question.group].id;
    e["value"] = has_value ? json(round_to(q.value, 4)) : json(nullptr);
    e["normalised"] = has_value ? json(round_to(q.normalised, 4)) : json(nullptr);
    e["respondents"] = q.respondents;
    e["spread"] = round_to(q.spread, 4);
    e["answered"] = q.answered;
    e["not_applicable"] = q.not_applicable;
    if (!q.option.empty()) e["option"] = q.option;
    if (!q.notes.empty()) {
      json notes = json::array();
      for (const auto& n : q.notes) {
        json note;
        if (!n.respondent.empty()) note["respondent"] = n.respondent;
        if (!n.evidence.empty()) note["evidence"] = n.evidence;
        if (!n.comment.empty()) note["comment"] = n.comment;
        notes.push_back(std::move(note));
      }
      e["notes"] = std::move(notes);
    }
    questions.push_back(std::move(e));
  }
  j["questions"] = std::move(questions);
  json gaps = json::array();
  for (const auto& g : r.gaps) {
    json e;
    e["node"] = g.group == npos ? std::string("overall") : m.groups[g.group].id;
    if (g.target.kind == TargetValue::Kind::level)
      e["current"] = g.current_level == npos ? json(nullptr) : json(m.levels[g.current_level].id);
    else
      e["current"] = round_to(g.current_percent, 1);
    e["target"] = target_json(m, g.target);
    e["priority"] = round_to(g.priority, 3);
    e["current_percent"] = round_to(g.current_percent, 1);
    gaps.push_back(std::move(e));
  }
  j["gaps"] = std::move(gaps);
  json recs = json::array();
  for (const auto& rec : r.recommendations) {
    recs.push_back(json{{"question", m.questions[rec.question].id},
                        {"text", detail::recommendation_text(m, rec.question, locale)},
                        {"priority", round_to(rec.priority, 3)},
                        {"current", round_to(rec.current, 4)},
                        {"target", round_to(rec.target, 4)}});
  }
  j["recommendations"] = std::move(recs);
  j["insights"] = r.insights;
  if (!r.crosswalk.is_null()) j["crosswalk"] = r.crosswalk;
  json warnings = json::array();
  for (const auto& w : r.warnings) {
    json e{{"code", w.code}};
    if (!w.question.empty()) e["question"] = w.question;
    e["message"] = w.message;
    warnings.push_back(std::move(e));
  }
  j["warnings"] = std::move(warnings);
  return j;
}

}  // namespace

nlohmann::ordered_json to_json(const Result& result) { return to_json_with(result, result.model->locale); }

std::string render_json(const Result& result, const RenderOptions& options) {
  return to_json_with(result, detail::locale_of(*result.model, options)).dump(2) + "\n";
}

}  // namespace mmf
