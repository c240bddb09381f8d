// The formats-v1 §5 result JSON, and the helpers every renderer shares.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "render/render_common.h"

namespace mmf {

double round_to(double value, int decimals) {
  double scale = std::pow(10.0, decimals);
  double r = std::round(value * scale) / scale;
  return r == 0 ? 0.0 : r;  // no "-0"
}

namespace detail {

std::string percent_text(const NodeResult& node) {
  return node.scored ? fmt::format("{:.1f}%", round_to(node.percent, 1)) : std::string("—");
}

std::string target_text(const Model& m, const TargetValue& tv, const std::string& locale) {
  if (tv.kind == TargetValue::Kind::level) return m.levels[tv.level].name.in(locale);
  return fmt::format("{}%", round_to(tv.percent, 1));
}

std::string recommendation_text(const Model& m, std::size_t question, const std::string& locale, std::size_t from) {
  const Question& q = m.questions[question];
  const QuestionGuide& guide = m.guide(question);
  if (from < guide.next_steps.size() && !guide.next_steps[from].empty()) return guide.next_steps[from].in(locale);
  if (!q.recommendation.empty()) return q.recommendation.in(locale);
  return "Raise: " + q.text.in(locale);
}

std::string gap_node_name(const Model& m, const Gap& gap, const std::string& locale) {
  return gap.group == npos ? std::string("Overall") : m.groups[gap.group].name.in(locale);
}

nlohmann::ordered_json parse_json_text(std::string_view text) {
  auto j = nlohmann::ordered_json::parse(text, nullptr, false);
  return j.is_discarded() ? nlohmann::ordered_json() : j;
}

std::optional<CrosswalkView> crosswalk_view(const Result& r) {
  if (r.crosswalk.empty()) return std::nullopt;
  const auto cw = parse_json_text(r.crosswalk);
  if (!cw.is_object()) return std::nullopt;
  auto text = [](const nlohmann::ordered_json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
  };
  CrosswalkView v;
  v.id = text(cw, "id");
  if (cw.contains("from") && cw["from"].is_object()) {
    v.from_id = text(cw["from"], "model");
    v.from_version = text(cw["from"], "version");
    v.from_name = text(cw["from"], "name");
  }
  if (v.from_name.empty()) v.from_name = v.from_id;
  if (cw.contains("converted") && cw["converted"].is_number()) v.converted = cw["converted"].get<std::size_t>();
  if (cw.contains("confidence") && cw["confidence"].is_number()) v.confidence = cw["confidence"].get<double>();
  if (cw.contains("answers") && cw["answers"].is_array())
    for (const auto& a : cw["answers"]) {
      CrosswalkAnswerView answer{text(a, "question"), {}, text(a, "relation"), 0};
      if (a.contains("from") && a["from"].is_array())
        for (const auto& f : a["from"])
          if (f.is_string()) answer.from += (answer.from.empty() ? "" : ", ") + f.get<std::string>();
      if (a.contains("confidence") && a["confidence"].is_number()) answer.confidence = a["confidence"].get<double>();
      v.answers.push_back(std::move(answer));
    }
  if (cw.contains("unanswered") && cw["unanswered"].is_array())
    for (const auto& u : cw["unanswered"])
      if (u.is_string()) v.unanswered.push_back(u.get<std::string>());
  return v;
}

}  // namespace detail

namespace {

// The result document is described once, in write_result(), against a
// writer. TextWriter streams the text that nlohmann's dump(2) (or, not
// indented, dump()) of the document would give, without building a tree
// (mmf serve answers every request with it). A test holds them equal.
class TextWriter {
 public:
  explicit TextWriter(bool indent = true) : indent_(indent) { out_.reserve(16384); }
  void begin_object() { open('{'); }
  void begin_array() { open('['); }
  void end() {
    Level level = levels_.back();
    levels_.pop_back();
    if (!level.empty) newline(levels_.size());
    out_ += level.close;
  }
  void key(std::string_view k) {
    separate();
    string(k);
    out_ += indent_ ? ": " : ":";
    keyed_ = true;
  }
  void value(std::string_view v) {
    separate();
    string(v);
  }
  void value(const std::string& v) { value(std::string_view(v)); }
  void value(const char* v) { value(std::string_view(v)); }
  void value(bool v) {
    separate();
    out_ += v ? "true" : "false";
  }
  void value(double v) {
    separate();
    if (!std::isfinite(v)) {
      out_ += "null";  // as nlohmann's dump
      return;
    }
    // nlohmann's own shortest form, so that the text equals dump()'s.
    char buffer[64];
    char* end = nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, v);
    out_.append(buffer, end);
  }
  void value(std::uint64_t v) {
    separate();
    fmt::format_to(std::back_inserter(out_), "{}", v);
  }
  void null() {
    separate();
    out_ += "null";
  }
  // JSON text as nlohmann's dump() writes it (a plugin's insights, checked
  // and compacted where they entered the result; the crosswalk report),
  // laid out as this writer lays out the rest, without parsing it into a
  // tree: strings and numbers are copied as they are, already in dump()'s
  // form. Whitespace between tokens is dropped. Text that is not JSON (a
  // Result filled by hand) still leaves every bracket this writer opened
  // closed, and no text at all is written as null.
  void json_text(std::string_view t) {
    if (t.find_first_not_of(" \n\t\r") == std::string_view::npos) return null();
    const std::size_t depth = levels_.size();
    std::size_t i = 0;
    while (i < t.size()) {
      const char c = t[i];
      if (c == '{' || c == '[') {
        open(c);
        ++i;
      } else if (c == '}' || c == ']') {
        if (levels_.size() > depth) end();
        ++i;
      } else if (c == ',' || c == ' ' || c == '\n' || c == '\t' || c == '\r') {
        ++i;  // separate() writes the commas
      } else if (c == '"') {
        std::size_t j = i + 1;
        while (j < t.size() && t[j] != '"') j += t[j] == '\\' ? 2 : 1;
        j = std::min(j + 1, t.size());
        separate();
        out_.append(t.substr(i, j - i));
        while (j < t.size() && (t[j] == ' ' || t[j] == '\n' || t[j] == '\t' || t[j] == '\r')) ++j;
        if (j < t.size() && t[j] == ':') {
          out_ += indent_ ? ": " : ":";
          keyed_ = true;
          ++j;
        }
        i = j;
      } else {  // a number, true, false or null
        std::size_t j = i;
        while (j < t.size() && t[j] != ',' && t[j] != '}' && t[j] != ']' && t[j] != ' ' && t[j] != '\n') ++j;
        separate();
        out_.append(t.substr(i, j - i));
        i = j;
      }
    }
    while (levels_.size() > depth) end();
  }
  std::string take() { return std::move(out_); }

 private:
  struct Level {
    char close;
    bool empty = true;
  };
  void open(char c) {
    separate();
    out_ += c;
    levels_.push_back(Level{c == '{' ? '}' : ']'});
  }
  // Before a member or element: a comma after the previous one, a newline
  // and the indent; nothing after a key.
  void separate() {
    if (keyed_) {
      keyed_ = false;
      return;
    }
    if (levels_.empty()) return;
    Level& level = levels_.back();
    if (!level.empty) out_ += ',';
    level.empty = false;
    newline(levels_.size());
  }
  void newline(std::size_t depth) {
    if (!indent_) return;
    out_ += '\n';
    out_.append(2 * depth, ' ');
  }
  // Whether any of the eight bytes in w is a control character, '"' or '\\'
  // (exact: no byte is missed; a flagged block is then read byte by byte).
  static bool needs_escape(std::uint64_t w) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    auto zero = [&](std::uint64_t v) { return (v - ones) & ~v & highs; };
    std::uint64_t below_space = (w - ones * 0x20) & ~w & highs;
    return (below_space | zero(w ^ (ones * '"')) | zero(w ^ (ones * '\\'))) != 0;
  }
  void string(std::string_view s) {
    out_ += '"';
    std::size_t run = 0;  // the start of the characters not yet copied
    std::size_t i = 0;
    while (i < s.size()) {
      if (i + 8 <= s.size()) {
        std::uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        if (!needs_escape(w)) {
          i += 8;
          continue;
        }
      }
      const auto c = static_cast<unsigned char>(s[i++]);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      out_.append(s.data() + run, i - 1 - run);
      run = i;
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default: fmt::format_to(std::back_inserter(out_), "\\u{:04x}", static_cast<int>(c));
      }
    }
    out_.append(s.data() + run, s.size() - run);
    out_ += '"';
  }
  std::string out_;
  std::vector<Level> levels_;
  bool keyed_ = false;
  bool indent_;
};

template <class W>
void write_level(W& w, const Model& m, std::size_t level, const std::string& locale) {
  if (level == npos) return w.null();
  w.begin_object();
  w.key("id");
  w.value(m.levels[level].id);
  w.key("name");
  w.value(m.levels[level].name.in(locale));
  w.key("index");
  w.value(level);
  w.end();
}

template <class W>
void write_node(W& w, const Model& m, const NodeResult& n, const std::string& locale) {
  w.begin_object();
  if (n.group != npos) {
    const Group& g = m.groups[n.group];
    w.key("id");
    w.value(g.id);
    w.key("name");
    w.value(g.name.in(locale));
    w.key("parent");
    if (g.parent == npos) w.null();
    else w.value(m.groups[g.parent].id);
  }
  w.key("score");
  w.value(round_to(n.score, 4));
  w.key("max");
  w.value(round_to(n.max, 4));
  w.key("percent");
  w.value(round_to(n.percent, 1));
  w.key("coverage");
  w.value(round_to(n.coverage, 4));
  w.key("scored");
  w.value(n.scored);
  w.key("level");
  write_level(w, m, n.level, locale);
  w.end();
}

template <class W>
void write_target(W& w, const Model& m, const TargetValue& tv) {
  if (tv.kind == TargetValue::Kind::level) w.value(m.levels[tv.level].id);
  else w.value(round_to(tv.percent, 1));
}

template <class W>
void write_optional(W& w, const std::string& s) {
  if (s.empty()) w.null();
  else w.value(s);
}

template <class W>
void write_result(W& w, const Result& r, const std::string& locale) {
  const Model& m = *r.model;
  w.begin_object();
  w.key("format");
  w.value("mmf-result/1");
  w.key("model");
  w.begin_object();
  w.key("id");
  w.value(m.id);
  w.key("version");
  w.value(m.version);
  w.key("name");
  w.value(m.name.in(locale));
  w.end();
  w.key("subject");
  w.value(r.subject);
  w.key("date");
  write_optional(w, r.date);
  w.key("assessor");
  write_optional(w, r.assessor);
  w.key("target");
  write_optional(w, r.target);
  w.key("respondents");
  w.value(r.respondents);
  w.key("rule");
  w.value(m.scoring.rule);
  w.key("overall");
  write_node(w, m, r.overall, locale);
  w.key("groups");
  w.begin_array();
  for (const auto& g : r.groups) write_node(w, m, g, locale);
  w.end();
  w.key("questions");
  w.begin_array();
  for (const auto& q : r.questions) {
    const Question& question = m.questions[q.question];
    bool has_value = q.answered && !q.not_applicable;
    w.begin_object();
    w.key("id");
    w.value(question.id);
    w.key("group");
    w.value(m.groups[question.group].id);
    w.key("value");
    if (has_value) w.value(round_to(q.value, 4));
    else w.null();
    w.key("normalised");
    if (has_value) w.value(round_to(q.normalised, 4));
    else w.null();
    w.key("respondents");
    w.value(q.respondents);
    w.key("spread");
    w.value(round_to(q.spread, 4));
    w.key("answered");
    w.value(q.answered);
    w.key("not_applicable");
    w.value(q.not_applicable);
    if (!q.option.empty()) {
      w.key("option");
      w.value(q.option);
    }
    if (!q.notes.empty()) {
      w.key("notes");
      w.begin_array();
      for (const auto& n : q.notes) {
        w.begin_object();
        if (!n.respondent.empty()) {
          w.key("respondent");
          w.value(n.respondent);
        }
        if (!n.evidence.empty()) {
          w.key("evidence");
          w.value(n.evidence);
        }
        if (!n.comment.empty()) {
          w.key("comment");
          w.value(n.comment);
        }
        w.end();
      }
      w.end();
    }
    w.end();
  }
  w.end();
  w.key("gaps");
  w.begin_array();
  for (const auto& g : r.gaps) {
    w.begin_object();
    w.key("node");
    w.value(g.group == npos ? std::string("overall") : m.groups[g.group].id);
    w.key("current");
    if (g.target.kind != TargetValue::Kind::level) w.value(round_to(g.current_percent, 1));
    else if (g.current_level == npos) w.null();
    else w.value(m.levels[g.current_level].id);
    w.key("target");
    write_target(w, m, g.target);
    w.key("priority");
    w.value(round_to(g.priority, 3));
    w.key("current_percent");
    w.value(round_to(g.current_percent, 1));
    w.end();
  }
  w.end();
  w.key("recommendations");
  w.begin_array();
  for (std::size_t i = 0; i < r.recommendations.size(); ++i) {
    const Recommendation& rec = r.recommendations[i];
    const RecommendationStep& step = r.step(i);
    w.begin_object();
    w.key("question");
    w.value(m.questions[rec.question].id);
    w.key("text");
    w.value(detail::recommendation_text(m, rec.question, locale, step.from));
    w.key("from");
    if (step.from == npos) w.null();
    else w.value(m.scales[m.questions[rec.question].scale].options[step.from].id);
    w.key("lifts_cap");
    w.value(step.lifts_cap);
    w.key("priority");
    w.value(round_to(rec.priority, 3));
    w.key("current");
    w.value(round_to(rec.current, 4));
    w.key("target");
    w.value(round_to(rec.target, 4));
    w.end();
  }
  w.end();
  w.key("insights");
  w.begin_object();
  for (const auto& insight : r.insights) {
    w.key(insight.plugin);
    w.json_text(insight.json);
  }
  w.end();
  if (!r.crosswalk.empty()) {
    w.key("crosswalk");
    w.json_text(r.crosswalk);
  }
  w.key("warnings");
  w.begin_array();
  for (const auto& warning : r.warnings) {
    w.begin_object();
    w.key("code");
    w.value(warning.code);
    if (!warning.question.empty()) {
      w.key("question");
      w.value(warning.question);
    }
    w.key("message");
    w.value(warning.message);
    w.end();
  }
  w.end();
  w.end();
}

}  // namespace

std::string render_json(const Result& result, const RenderOptions& options) {
  TextWriter w;
  write_result(w, result, detail::locale_of(*result.model, options));
  return w.take() + "\n";
}

namespace detail {

std::string result_json_line(const Result& result) {
  TextWriter w(false);
  write_result(w, result, result.model->locale);
  return w.take();
}

}  // namespace detail

std::string render_json_line(const Result& result) { return detail::result_json_line(result); }

}  // namespace mmf
