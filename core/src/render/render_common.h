// Helpers shared by the renderers: names in a locale, padding by display width.
#pragma once

#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mmf/formats.h"
#include "mmf/render.h"

namespace mmf::detail {

class Messages;

// The most characters write_tenths() writes.
constexpr std::size_t tenths_max = 32;

// Writes round_to(value, 1) in its shortest form, as append_tenths(); returns
// the end. Integer arithmetic: batch output writes millions of these.
inline char* write_tenths(char* out, double value) {
  const double t = value * 10.0;
  if (!(std::fabs(t) < 1e15)) return fmt::format_to(out, "{}", round_to(value, 1));  // and NaN
  // std::round(t), half away from zero, without a call: t - trunc(t) is exact.
  auto k = static_cast<long long>(t);
  const double fraction = t - static_cast<double>(k);
  if (fraction >= 0.5) ++k;
  else if (fraction <= -0.5) --k;
  if (k < 0) {
    *out++ = '-';
    k = -k;
  }
  auto whole = static_cast<unsigned long long>(k / 10);
  char digits[20];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + whole % 10);
    whole /= 10;
  } while (whole);
  while (n) *out++ = digits[--n];
  if (k % 10 != 0) {
    *out++ = '.';
    *out++ = static_cast<char>('0' + k % 10);
  }
  return out;
}

inline const std::string& locale_of(const Model& m, const RenderOptions& o) {
  return o.locale.empty() ? m.locale : o.locale;
}

// Display width of UTF-8 text: one column per code point.
inline std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++w;
  return w;
}

inline std::string pad(std::string_view s, std::size_t width) {
  std::string out(s);
  for (std::size_t w = display_width(s); w < width; ++w) out += ' ';
  return out;
}

inline std::string level_name(const Model& m, std::size_t level, const std::string& locale) {
  return level == npos ? std::string("—") : m.levels[level].name.in(locale);
}

// What a report shows nothing was scored in: no level, no percent.
inline constexpr std::string_view not_assessed = "not assessed";

// A node's level as reports show it: the level's name, "not assessed" when
// nothing was scored in the node, "—" when it has a score but no level.
inline std::string node_level_name(const Model& m, const NodeResult& node, const std::string& locale) {
  return node.scored ? level_name(m, node.level, locale) : std::string(not_assessed);
}

// "63.3%", or "—" for a node nothing was scored in.
std::string percent_text(const NodeResult& node);
// A target as written: a level's name or "60%".
std::string target_text(const Model& m, const TargetValue& tv, const std::string& locale);
// A recommendation's text: the question's own, else "Raise: <question text>".
// The next step from option `from` (`next_steps`), else the question's
// `recommendation`, else "Raise: <text>".
std::string recommendation_text(const Model& m, std::size_t question, const std::string& locale,
                                std::size_t from = npos);
// The name of a gap's node: a group's name or "Overall".
// The option question `question`'s recommendation in `r` starts from, or npos.
inline std::size_t step_from(const Result& r, std::size_t question) {
  for (std::size_t i = 0; i < r.recommendations.size(); ++i)
    if (r.recommendations[i].question == question) return r.step(i).from;
  return npos;
}

std::string gap_node_name(const Model& m, const Gap& gap, const std::string& locale);

// The percent a target value asks of a node: a percent, or a level's band.
inline std::optional<double> target_percent(const Model& m, const TargetValue* tv) {
  if (!tv) return std::nullopt;
  if (tv->kind == TargetValue::Kind::percent) return tv->percent;
  if (tv->level < m.levels.size() && m.levels[tv->level].min) return *m.levels[tv->level].min;
  return std::nullopt;
}

// The least option of `scale` whose value reaches `normalised` (a
// recommendation's target as an answer), or npos (a range scale).
inline std::size_t option_reaching(const Scale& scale, double normalised) {
  std::size_t best = npos;
  for (std::size_t o = 0; o < scale.options.size(); ++o) {
    const ScaleOption& option = scale.options[o];
    if (option.not_applicable || scale.normalise(option.value) < normalised - 1e-9) continue;
    if (best == npos || option.value < scale.options[best].value) best = o;
  }
  return best;
}

// One action of the merged roadmap: a recommendation, in roadmap order, with
// its priority band (0 High, 1 Medium, 2 Low: the roadmap's three phases),
// the options it goes from and to (npos on a range scale, or where no
// single answer stands), and whether it lifts a capped level.
struct RoadmapRow {
  Recommendation rec;
  int band = 0;
  std::size_t from = npos;
  std::size_t to = npos;
  bool lifts_cap = false;
};
std::vector<RoadmapRow> roadmap_rows(const Result& r);
// An answer a roadmap action goes from or to: the option's label (its id
// when it has none), else the fraction of the scale as a percent ("66%").
inline std::string step_answer(const Scale& scale, std::size_t option, double fraction, const std::string& locale) {
  if (option == npos || scale.kind == Scale::Kind::range) return fmt::format("{:.0f}%", round_to(fraction * 100, 0));
  const std::string& label = scale.options[option].label.in(locale);
  return label.empty() ? scale.options[option].id : label;
}

// The executive summary, written from the result in a few sentences: where
// the subject stands, its strongest and weakest top-level groups, the
// targets it misses, and what to do first. Plain text (each renderer
// escapes it for its own format).
std::vector<std::string> executive_summary(const Result& r, const std::string& locale);
// The result's warnings as the reports list them: the unanswered questions
// in one line first ("3 questions unanswered: a, b, c"), then every other
// warning's message; in the locale's language.
std::vector<std::string> warning_lines(const Result& r, const std::string& locale);
inline const char* band_name(int band) { return band == 0 ? "High" : band == 1 ? "Medium" : "Low"; }

// Where a crosswalked result's answers came from (Result::crosswalk), as
// every renderer shows it.
struct CrosswalkAnswerView {
  std::string question;
  std::string from;  // the source questions, ", " between them
  std::string relation;
  double confidence = 0;
};
struct CrosswalkView {
  std::string id;
  std::string from_id, from_name, from_version;  // the source model (name: its id if the report has none)
  std::size_t converted = 0;
  double confidence = 0;  // mean over the converted answers
  std::vector<CrosswalkAnswerView> answers;
  std::vector<std::string> unanswered;

  // "Alliance Maturity Model 1.0.0 (alliance)"
  std::string source() const { return fmt::format("{} {} ({})", from_name, from_version, from_id); }
  // "15 answers, mean confidence 0.72", in the language of `words`.
  std::string tally(const Messages& words) const;
  const CrosswalkAnswerView* find(std::string_view question) const {
    for (const auto& a : answers)
      if (a.question == question) return &a;
    return nullptr;
  }
};
// Empty when the result was not converted through a crosswalk.
std::optional<CrosswalkView> crosswalk_view(const Result& r);

// Text from a model, an assessment or a store in Markdown (docs/reports.md,
// "Markdown"): shown as written, never read as Markdown or HTML. On one line
// (line breaks become spaces), control characters escaped, \ ` * _ [ ] | ~
// and a leading or trailing # escaped with a backslash, < > & written as
// entities, so it is safe in a table cell, a heading or a list item.
std::string markdown_text(std::string_view s);

// The history's points with their models' names in `locale` where the model
// is known (History::models): levels, groups and the model itself.
std::vector<Store::Point> named_points(const History& history, const std::string& locale);
// `text`'s lines, without their "\n" (a final newline ends the last line).
std::vector<std::string_view> text_lines(std::string_view text);
// `s` as a code span, or as markdown_text() when a code span cannot hold it
// (a backtick, a line break, a control character).
std::string markdown_code(std::string_view s);

// JSON text a Result holds (a plugin's insights, the crosswalk report),
// parsed with the order of its members kept; null for text that is not JSON.
nlohmann::ordered_json parse_json_text(std::string_view text);

// The result JSON on one line, as nlohmann's dump() without indent writes it
// (mmf batch's JSON Lines, the store).
std::string result_json_line(const Result& result);

}  // namespace mmf::detail
