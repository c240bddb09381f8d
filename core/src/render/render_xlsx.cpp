// The Excel workbook a consultant works in (libxlsxwriter): a Summary that
// prints on one page with its chart (the groups against their targets, and
// a heatmap of how far each group is toward each level), every answer with
// its label, score and evidence, a roadmap with owner, effort, due date and
// status to fill in, the gaps, the plugins' findings and, for a crosswalked
// result, where its answers came from. Headers frozen, columns filtered,
// scores as percents. The creation date is fixed so that the same result
// gives the same bytes.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "mmf/roadmap.h"
#include "base/ids.h"
#include "render/messages.h"
#include "render/plugin_sections.h"
#include "render/render_common.h"
#include "render/xlsx_workbook.h"

namespace mmf {

namespace {

// 2000-01-01T00:00:00Z: a fixed "created" date, not the time of writing.
constexpr time_t kFixedCreated = 946684800;

std::string level_text(const Model& m, std::size_t level, const std::string& loc) {
  return level == npos ? std::string() : m.levels[level].name.in(loc);
}

}  // namespace
namespace detail {

std::string workbook_bytes(const std::string& title, const std::function<void(lxw_workbook*)>& build) {
  char path[] = "/tmp/mmf-xlsx-XXXXXX";
  int fd = ::mkstemp(path);
  if (fd < 0) throw std::runtime_error("cannot create a temporary file for the workbook");
  ::close(fd);
  lxw_workbook_options wo{};
  lxw_workbook* wb = workbook_new_opt(path, &wo);
  if (!wb) {
    std::remove(path);
    throw std::runtime_error("cannot start the workbook");
  }
  std::string title_copy = title;
  lxw_doc_properties props{};
  props.title = title_copy.data();  // the C API takes char*, and only reads it
  props.created = kFixedCreated;
  workbook_set_properties(wb, &props);
  build(wb);
  lxw_error error = workbook_close(wb);
  if (error != LXW_NO_ERROR) {
    std::remove(path);
    throw std::runtime_error(std::string("cannot write the workbook: ") + lxw_strerror(error));
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::remove(path);
  return bytes.str();
}

std::size_t wrapped_lines(std::string_view text, double width) {
  const auto per_line = static_cast<std::size_t>(width * 1.3);
  std::size_t lines = 0, chars = 0;
  auto end_paragraph = [&] { lines += chars == 0 ? 1 : (chars + per_line - 1) / per_line; };
  for (unsigned char c : text) {
    if (c == '\n') {
      end_paragraph();
      chars = 0;
    } else if ((c & 0xC0) != 0x80) {
      ++chars;
    }
  }
  end_paragraph();
  return lines;
}

void fit_row(lxw_worksheet* ws, lxw_row_t row, std::initializer_list<std::pair<std::string_view, double>> cells) {
  std::size_t lines = 1;
  for (const auto& [text, width] : cells) lines = std::max(lines, wrapped_lines(text, width));
  if (lines > 1) worksheet_set_row(ws, row, 15.0 * static_cast<double>(lines), nullptr);
}

void print_setup(lxw_worksheet* ws, const std::string& header, bool landscape) {
  worksheet_set_paper(ws, 9);  // A4
  if (landscape) worksheet_set_landscape(ws);
  worksheet_fit_to_pages(ws, 1, 0);
  worksheet_set_margins(ws, 0.5, 0.5, 0.75, 0.75);
  worksheet_set_header(ws, header.c_str());
  worksheet_set_footer(ws, "&L&A&RPage &P of &N");
}

std::string header_text(std::string_view s) {
  std::string out;
  for (char c : s) out += c == '&' ? std::string("&&") : std::string(1, c);
  return out;
}

lxw_format* title_format(lxw_workbook* wb) {
  lxw_format* f = workbook_add_format(wb);
  format_set_bold(f);
  format_set_font_size(f, 16);
  return f;
}

lxw_format* heading_format(lxw_workbook* wb) {
  lxw_format* f = workbook_add_format(wb);
  format_set_bold(f);
  format_set_text_wrap(f);
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  format_set_bg_color(f, 0x1F3864);
  format_set_font_color(f, LXW_COLOR_WHITE);
  format_set_border(f, LXW_BORDER_THIN);
  return f;
}

lxw_format* input_format(lxw_workbook* wb, bool as_text) {
  lxw_format* f = workbook_add_format(wb);
  format_set_bg_color(f, 0xFFF2CC);
  format_set_border(f, LXW_BORDER_THIN);
  format_set_text_wrap(f);
  format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
  format_set_unlocked(f);
  if (as_text) format_set_num_format(f, "@");
  return f;
}

}  // namespace detail

namespace {

struct Formats {
  lxw_format *title, *subtitle, *section, *caveat, *label, *heading, *text, *wrap, *percent, *points, *number, *input, *date;
};

Formats make_formats(lxw_workbook* wb) {
  Formats f{};
  f.title = detail::title_format(wb);
  f.subtitle = workbook_add_format(wb);
  format_set_font_color(f.subtitle, 0x595959);
  f.section = workbook_add_format(wb);
  format_set_bold(f.section);
  format_set_font_size(f.section, 13);
  format_set_font_color(f.section, 0x1F4E79);
  f.caveat = workbook_add_format(wb);
  format_set_italic(f.caveat);
  format_set_font_color(f.caveat, 0x9C5700);
  format_set_text_wrap(f.caveat);
  format_set_align(f.caveat, LXW_ALIGN_VERTICAL_TOP);
  f.label = workbook_add_format(wb);
  format_set_bold(f.label);
  f.heading = detail::heading_format(wb);
  f.text = workbook_add_format(wb);
  format_set_align(f.text, LXW_ALIGN_VERTICAL_TOP);
  f.wrap = workbook_add_format(wb);
  format_set_text_wrap(f.wrap);
  format_set_align(f.wrap, LXW_ALIGN_VERTICAL_TOP);
  f.percent = workbook_add_format(wb);
  format_set_num_format(f.percent, "0.0%");
  format_set_align(f.percent, LXW_ALIGN_VERTICAL_TOP);
  f.points = workbook_add_format(wb);
  format_set_num_format(f.points, "0.0\" pts\"");
  format_set_align(f.points, LXW_ALIGN_VERTICAL_TOP);
  f.number = workbook_add_format(wb);
  format_set_num_format(f.number, "0.##");
  format_set_align(f.number, LXW_ALIGN_VERTICAL_TOP);
  f.input = detail::input_format(wb, false);
  f.date = workbook_add_format(wb);
  format_set_bg_color(f.date, 0xFFF2CC);
  format_set_border(f.date, LXW_BORDER_THIN);
  format_set_num_format(f.date, "yyyy-mm-dd");
  format_set_align(f.date, LXW_ALIGN_VERTICAL_TOP);
  return f;
}

// A table's header row: frozen, filtered, printed on every page.
void table_header(lxw_worksheet* ws, lxw_row_t row, const std::vector<std::pair<const char*, double>>& columns,
                  lxw_format* format) {
  std::size_t lines = 1;
  for (lxw_col_t c = 0; c < columns.size(); ++c) {
    worksheet_write_string(ws, row, c, columns[c].first, format);
    worksheet_set_column(ws, c, c, columns[c].second, nullptr);
    lines = std::max(lines, detail::wrapped_lines(columns[c].first, columns[c].second / 1.3));
  }
  if (lines > 1) worksheet_set_row(ws, row, 15.0 * static_cast<double>(lines), nullptr);
}

void color_scale(lxw_worksheet* ws, lxw_row_t first, lxw_col_t col, lxw_row_t last) {
  if (last < first) return;
  lxw_conditional_format cf{};
  cf.type = LXW_CONDITIONAL_3_COLOR_SCALE;
  cf.min_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
  cf.min_value = 0;
  cf.min_color = 0xF8696B;
  cf.mid_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
  cf.mid_value = 0.5;
  cf.mid_color = 0xFFEB84;
  cf.max_rule_type = LXW_CONDITIONAL_RULE_TYPE_NUMBER;
  cf.max_value = 1;
  cf.max_color = 0x63BE7B;
  worksheet_conditional_format_range(ws, first, col, last, col, &cf);
}

class ResultWorkbook {
 public:
  ResultWorkbook(const Result& r, const RenderOptions& options, lxw_workbook* wb)
      : r_(r), m_(*r.model), loc_(detail::locale_of(m_, options)), tx_(detail::Messages::for_locale(loc_)),
        options_(options), wb_(wb), f_(make_formats(wb)), crosswalk_(detail::crosswalk_view(r)) {
    // The gap in points, as a number format with the locale's unit.
    const std::string points = tx_.tr("{} pts");
    const std::size_t at = points.find("{}");
    if (at != std::string::npos) {
      const std::string before = points.substr(0, at), after = points.substr(at + 2);
      if (before.find('"') == std::string::npos && after.find('"') == std::string::npos) {
        points_format_ = (before.empty() ? "" : "\"" + before + "\"") + "0.0" + (after.empty() ? "" : "\"" + after + "\"");
        format_set_num_format(f_.points, points_format_.c_str());
      }
    }
    if (!r.target.empty())
      if (std::size_t t = m_.find_target(r.target); t != npos) target_ = &m_.targets[t];
    header_ = "&L" + detail::header_text(fmt::format("{} — {} {}", r.subject, m_.name.in(loc_), m_.version)) + "&R&F";
  }

  void write() {
    summary();
    answers();
    roadmap();
    gaps();
    insights();
    if (crosswalk_) crosswalk();
  }

 private:
  const std::string& in(const Text& t) const { return t.in(loc_); }
  const char* tr(const char* english) const { return tx_.tr(english); }
  std::optional<double> target_of(std::size_t group) const {
    return target_ ? detail::target_percent(m_, effective_target(m_, *target_, group)) : std::nullopt;
  }
  std::string option_label(const Scale& scale, std::size_t o) const {
    if (o == npos) return {};
    const std::string& label = in(scale.options[o].label);
    return label.empty() ? scale.options[o].id : label;
  }
  // "Converted from … through crosswalk …": on every sheet that shows its numbers.
  lxw_row_t caveat(lxw_worksheet* ws, lxw_row_t row, lxw_col_t last_col) {
    if (!crosswalk_) return row;
    const std::string text = tx_.trf(
        "Converted from {} through crosswalk {}: {}; {} of this model's questions answered. These numbers are "
        "an estimate, not an assessment under this model.",
        crosswalk_->source(), crosswalk_->id, crosswalk_->tally(tx_), tx_.percent(round_to(r_.overall.coverage * 100, 0), 0));
    worksheet_merge_range(ws, row, 0, row, last_col, text.c_str(), f_.caveat);
    detail::fit_row(ws, row, {{text, 12.0 * static_cast<double>(last_col + 1)}});
    return row + 1;
  }

  void key_value(lxw_worksheet* ws, lxw_row_t row, const char* key, const std::string& value) {
    worksheet_write_string(ws, row, 0, key, f_.label);
    worksheet_write_string(ws, row, 1, value.c_str(), nullptr);
  }
  void summary();
  void answers();
  void roadmap();
  void gaps();
  void insights();
  void crosswalk();

  const Result& r_;
  const Model& m_;
  const std::string& loc_;
  const detail::Messages& tx_;
  const RenderOptions& options_;
  lxw_workbook* wb_;
  Formats f_;
  std::optional<detail::CrosswalkView> crosswalk_;
  const Target* target_ = nullptr;
  std::string header_;
  std::string points_format_;
};

void ResultWorkbook::summary() {
  lxw_worksheet* ws = workbook_add_worksheet(wb_, tr("Summary"));
  detail::print_setup(ws, header_, false);
  lxw_row_t row = 0;
  worksheet_write_string(ws, row++, 0, r_.subject.c_str(), f_.title);
  std::string line = fmt::format("{} {}", in(m_.name), m_.version);
  if (!r_.date.empty()) line += " · " + r_.date;
  if (!r_.assessor.empty()) line += " · " + tx_.trf("assessed by {}", r_.assessor);
  worksheet_write_string(ws, row++, 0, line.c_str(), f_.subtitle);
  row = caveat(ws, row, 5);
  std::string summary;
  for (const auto& sentence : detail::executive_summary(r_, loc_)) summary += (summary.empty() ? "" : " ") + sentence;
  worksheet_merge_range(ws, row, 0, row, 5, summary.c_str(), f_.wrap);
  detail::fit_row(ws, row++, {{summary, 92}});
  ++row;
  auto pair = [&](const char* key, const std::string& value) { key_value(ws, row++, key, value); };
  pair(tr("Overall level"), r_.overall.scored ? detail::node_level_name(m_, r_.overall, loc_) : std::string(tr("not assessed")));
  worksheet_write_string(ws, row, 0, tr("Overall score"), f_.label);
  if (r_.overall.scored) worksheet_write_number(ws, row++, 1, round_to(r_.overall.percent, 1) / 100, f_.percent);
  else worksheet_write_string(ws, row++, 1, tr("not assessed"), nullptr);
  worksheet_write_string(ws, row, 0, tr("Coverage"), f_.label);
  worksheet_write_number(ws, row++, 1, round_to(r_.overall.coverage * 100, 1) / 100, f_.percent);
  pair(tr("Target profile"), r_.target.empty() ? std::string("—") : r_.target);
  ++row;
  const lxw_row_t header = row;
  table_header(ws, row++,
               {{tr("Group"), 34}, {tr("Level"), 18}, {tr("Score"), 10}, {tr("Target"), 10}, {tr("Gap"), 10},
                {tr("Coverage"), 10}},
               f_.heading);
  for (const auto& g : r_.groups) {
    const Group& group = m_.groups[g.group];
    worksheet_write_string(ws, row, 0, (std::string(2 * (group.depth - 1), ' ') + in(group.name)).c_str(), f_.text);
    worksheet_write_string(ws, row, 1, detail::node_level_name(m_, g, loc_).c_str(), f_.text);
    const auto target = target_of(g.group);
    if (g.scored) worksheet_write_number(ws, row, 2, round_to(g.percent, 1) / 100, f_.percent);
    if (target) worksheet_write_number(ws, row, 3, *target / 100, f_.percent);
    if (g.scored && target) worksheet_write_number(ws, row, 4, std::max(0.0, round_to(*target - g.percent, 1)), f_.points);
    worksheet_write_number(ws, row, 5, round_to(g.coverage * 100, 1) / 100, f_.percent);
    ++row;
  }
  const lxw_row_t last = row - 1;
  color_scale(ws, header + 1, 2, last);
  // The chart of the top-level groups, their targets beside them.
  lxw_row_t chart_row = row + 1;
  if (!r_.groups.empty()) {
    lxw_chart* chart = workbook_add_chart(wb_, LXW_CHART_BAR);
    lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(series, tr("Summary"), header + 1, 0, last, 0);
    chart_series_set_values(series, tr("Summary"), header + 1, 2, last, 2);
    chart_series_set_name(series, tr("Score"));
    if (target_) {
      lxw_chart_series* t = chart_add_series(chart, nullptr, nullptr);
      chart_series_set_categories(t, tr("Summary"), header + 1, 0, last, 0);
      chart_series_set_values(t, tr("Summary"), header + 1, 3, last, 3);
      chart_series_set_name(t, tr("Target"));
    }
    chart_title_set_name(chart, tr("Groups"));
    chart_axis_set_min(chart->x_axis, 0);
    chart_axis_set_max(chart->x_axis, 1);
    chart_axis_set_num_format(chart->x_axis, "0%");
    chart_axis_set_reverse(chart->y_axis);  // the first group on top, as in the table
    chart_legend_set_position(chart, target_ ? LXW_CHART_LEGEND_BOTTOM : LXW_CHART_LEGEND_NONE);
    lxw_chart_options placement{};
    placement.x_scale = 1.3;
    placement.y_scale = 1.2;
    worksheet_insert_chart_opt(ws, chart_row, 0, chart, &placement);
    chart_row += 20;
  }
  // The heatmap: how far each top-level group is toward each level's band
  // (100%: reached), in DSOMM's manner, for models whose levels are bands.
  std::vector<std::size_t> banded;
  for (std::size_t l = 0; l < m_.levels.size(); ++l)
    if (m_.levels[l].min && *m_.levels[l].min > 0) banded.push_back(l);
  lxw_row_t end = chart_row;
  if (!banded.empty() && !r_.groups.empty()) {
    row = chart_row + 1;
    worksheet_write_string(ws, row++, 0, tr("How far each group is toward each level (100%: reached)"), f_.label);
    const lxw_row_t heat_header = row;
    worksheet_write_string(ws, row, 0, tr("Group"), f_.heading);
    std::size_t lines = 1;
    for (std::size_t i = 0; i < banded.size(); ++i) {
      const std::string& name = in(m_.levels[banded[i]].name);
      worksheet_write_string(ws, row, static_cast<lxw_col_t>(1 + i), name.c_str(), f_.heading);
      lines = std::max(lines, detail::wrapped_lines(name, i == 0 ? 18 : 10));
    }
    worksheet_set_row(ws, row, 15.0 * static_cast<double>(lines), nullptr);
    ++row;
    for (const auto& g : r_.groups) {
      if (m_.groups[g.group].parent != npos) continue;
      worksheet_write_string(ws, row, 0, in(m_.groups[g.group].name).c_str(), f_.text);
      for (std::size_t i = 0; i < banded.size(); ++i)
        if (g.scored)
          worksheet_write_number(ws, row, static_cast<lxw_col_t>(1 + i),
                                 std::min(1.0, round_to(g.percent, 1) / *m_.levels[banded[i]].min), f_.percent);
      ++row;
    }
    for (std::size_t i = 0; i < banded.size(); ++i)
      color_scale(ws, heat_header + 1, static_cast<lxw_col_t>(1 + i), row - 1);
    end = row;
  }
  worksheet_print_area(ws, 0, 0, end, 5);
  worksheet_fit_to_pages(ws, 1, 1);  // the table, its chart and the heatmap on one page
  worksheet_activate(ws);
}

void ResultWorkbook::answers() {
  lxw_worksheet* ws = workbook_add_worksheet(wb_, tr("Answers"));
  detail::print_setup(ws, header_, true);
  lxw_row_t row = caveat(ws, 0, 9);
  const lxw_row_t header = row;
  std::vector<std::pair<const char*, double>> columns = {
      {tr("Group"), 18},  {tr("ID"), 22},          {tr("Question"), 50}, {tr("Answer"), 22},   {tr("Score"), 8},
      {tr("Target"), 8}, {tr("Respondents"), 8}, {tr("Spread"), 8},    {tr("Evidence"), 36}, {tr("Comment"), 30}};
  if (crosswalk_) {
    columns.push_back({tr("Crosswalk from"), 24});
    columns.push_back({tr("Relation"), 12});
    columns.push_back({tr("Confidence"), 10});
  }
  table_header(ws, row++, columns, f_.heading);
  std::vector<double> targets(m_.questions.size(), -1);
  for (const auto& rec : r_.recommendations) targets[rec.question] = rec.target;
  for (const auto& q : r_.questions) {
    const Question& question = m_.questions[q.question];
    const Scale& scale = m_.scales[question.scale];
    worksheet_write_string(ws, row, 0, in(m_.groups[question.group].name).c_str(), f_.wrap);
    worksheet_write_string(ws, row, 1, question.id.c_str(), f_.text);
    worksheet_write_string(ws, row, 2, in(question.text).c_str(), f_.wrap);
    std::string answer = q.not_applicable ? tr("Does not apply") : q.answered ? "" : tr("Not answered");
    if (!q.option.empty()) answer = option_label(scale, scale.find_option(q.option));
    else if (q.answered && !q.not_applicable && scale.kind == Scale::Kind::range) answer = detail::number_text(q.value);
    else if (q.answered && !q.not_applicable) answer = tx_.trf("{} respondents (median of their answers)", q.respondents);
    worksheet_write_string(ws, row, 3, answer.c_str(), f_.wrap);
    if (q.answered && !q.not_applicable) worksheet_write_number(ws, row, 4, round_to(q.normalised, 4), f_.percent);
    if (targets[q.question] >= 0) worksheet_write_number(ws, row, 5, round_to(targets[q.question], 4), f_.percent);
    worksheet_write_number(ws, row, 6, static_cast<double>(q.respondents), f_.number);
    if (q.respondents > 1) worksheet_write_number(ws, row, 7, round_to(q.spread, 4), f_.percent);
    std::string evidence, comment;
    for (const auto& n : q.notes) {
      const std::string who = q.respondents > 1 && !n.respondent.empty() ? n.respondent + ": " : "";
      if (!n.evidence.empty()) evidence += (evidence.empty() ? "" : "\n") + who + n.evidence;
      if (!n.comment.empty()) comment += (comment.empty() ? "" : "\n") + who + n.comment;
    }
    worksheet_write_string(ws, row, 8, evidence.c_str(), f_.wrap);
    worksheet_write_string(ws, row, 9, comment.c_str(), f_.wrap);
    detail::fit_row(ws, row, {{in(m_.groups[question.group].name), 18}, {in(question.text), 50}, {answer, 22},
                              {evidence, 36}, {comment, 30}});
    if (const auto* a = crosswalk_ ? crosswalk_->find(question.id) : nullptr) {
      worksheet_write_string(ws, row, 10, a->from.c_str(), f_.wrap);
      worksheet_write_string(ws, row, 11, a->relation.c_str(), f_.text);
      worksheet_write_number(ws, row, 12, round_to(a->confidence, 2), f_.percent);
    }
    ++row;
  }
  color_scale(ws, header + 1, 4, row - 1);
  worksheet_freeze_panes(ws, header + 1, 3);
  worksheet_autofilter(ws, header, 0, row - 1, static_cast<lxw_col_t>(columns.size() - 1));
  worksheet_repeat_rows(ws, header, header);
}

void ResultWorkbook::roadmap() {
  lxw_worksheet* ws = workbook_add_worksheet(wb_, tr("Roadmap"));
  detail::print_setup(ws, header_, true);
  lxw_row_t row = caveat(ws, 0, 10);
  const lxw_row_t header = row;
  table_header(ws, row++,
               {{tr("Priority"), 10}, {tr("Action"), 56}, {tr("Question"), 28}, {tr("From"), 20}, {tr("To"), 20},
                {tr("Lifts the cap"), 9}, {tr("Owner"), 18}, {tr("Effort"), 9}, {tr("Due"), 12}, {tr("Status"), 13},
                {tr("Notes"), 30}},
               f_.heading);
  const auto rows = detail::roadmap_rows(r_);
  for (const auto& item : rows) {
    const Question& q = m_.questions[item.rec.question];
    const Scale& scale = m_.scales[q.scale];
    const std::string action = detail::recommendation_text(m_, item.rec.question, loc_, item.from);
    worksheet_write_string(ws, row, 0, tr(detail::band_name(item.band)), f_.text);
    worksheet_write_string(ws, row, 1, action.c_str(), f_.wrap);
    detail::fit_row(ws, row, {{action, 56}, {q.id, 18}});
    worksheet_write_string(ws, row, 2, q.id.c_str(), f_.text);
    if (scale.kind == Scale::Kind::discrete) {
      worksheet_write_string(ws, row, 3, option_label(scale, item.from).c_str(), f_.wrap);
      worksheet_write_string(ws, row, 4, option_label(scale, item.to).c_str(), f_.wrap);
    } else {
      worksheet_write_number(ws, row, 3, round_to(item.rec.current, 4), f_.percent);
      worksheet_write_number(ws, row, 4, round_to(item.rec.target, 4), f_.percent);
    }
    worksheet_write_string(ws, row, 5, item.lifts_cap ? tr("yes") : "", f_.text);
    worksheet_write_blank(ws, row, 6, f_.input);
    worksheet_write_blank(ws, row, 7, f_.input);
    worksheet_write_blank(ws, row, 8, f_.date);
    worksheet_write_string(ws, row, 9, tr("Not started"), f_.input);
    worksheet_write_blank(ws, row, 10, f_.input);
    ++row;
  }
  if (!rows.empty()) {
    const char* efforts[] = {"S", "M", "L", "XL", nullptr};
    const char* statuses[] = {tr("Not started"), tr("In progress"), tr("Done"), tr("Dropped"), nullptr};
    lxw_data_validation effort{};
    effort.validate = LXW_VALIDATION_TYPE_LIST;
    effort.value_list = const_cast<char**>(efforts);
    worksheet_data_validation_range(ws, header + 1, 7, row - 1, 7, &effort);
    lxw_data_validation due{};
    due.validate = LXW_VALIDATION_TYPE_DATE;
    due.criteria = LXW_VALIDATION_CRITERIA_GREATER_THAN_OR_EQUAL_TO;
    due.minimum_datetime = lxw_datetime{2000, 1, 1, 0, 0, 0};
    due.value_datetime = lxw_datetime{2000, 1, 1, 0, 0, 0};
    due.input_message = const_cast<char*>(tr("A date, as YYYY-MM-DD"));
    worksheet_data_validation_range(ws, header + 1, 8, row - 1, 8, &due);
    lxw_data_validation status{};
    status.validate = LXW_VALIDATION_TYPE_LIST;
    status.value_list = const_cast<char**>(statuses);
    worksheet_data_validation_range(ws, header + 1, 9, row - 1, 9, &status);
    // High in red, Medium in amber, Low in grey.
    const std::pair<const char*, lxw_color_t> bands[] = {{"High", 0xC00000}, {"Medium", 0xBF8F00}, {"Low", 0x7F7F7F}};
    for (const auto& [band, color] : bands) {
      const std::string value = fmt::format("\"{}\"", tr(band));
      lxw_format* f = workbook_add_format(wb_);
      format_set_font_color(f, color);
      format_set_bold(f);
      lxw_conditional_format cf{};
      cf.type = LXW_CONDITIONAL_TYPE_CELL;
      cf.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO;
      cf.value_string = const_cast<char*>(value.c_str());
      cf.format = f;
      worksheet_conditional_format_range(ws, header + 1, 0, row - 1, 0, &cf);
    }
  }
  worksheet_freeze_panes(ws, header + 1, 2);
  worksheet_autofilter(ws, header, 0, row == header + 1 ? header : row - 1, 10);
  worksheet_repeat_rows(ws, header, header);
}

void ResultWorkbook::gaps() {
  lxw_worksheet* ws = workbook_add_worksheet(wb_, tr("Gaps"));
  detail::print_setup(ws, header_, false);
  lxw_row_t row = caveat(ws, 0, 3);
  const lxw_row_t header = row;
  table_header(ws, row++, {{tr("Group"), 34}, {tr("Now"), 18}, {tr("Target"), 18}, {tr("Gap"), 10}}, f_.heading);
  for (const auto& gap : r_.gaps) {
    worksheet_write_string(ws, row, 0, gap.group == npos ? tr("Overall") : detail::gap_node_name(m_, gap, loc_).c_str(),
                           f_.text);
    const bool level = gap.target.kind == TargetValue::Kind::level;
    if (level) worksheet_write_string(ws, row, 1, level_text(m_, gap.current_level, loc_).c_str(), f_.text);
    else worksheet_write_number(ws, row, 1, round_to(gap.current_percent, 1) / 100, f_.percent);
    worksheet_write_string(ws, row, 2, detail::target_text(m_, gap.target, loc_).c_str(), f_.text);
    if (auto t = detail::target_percent(m_, &gap.target))
      worksheet_write_number(ws, row, 3, std::max(0.0, round_to(*t - gap.current_percent, 1)), f_.points);
    ++row;
  }
  if (r_.gaps.empty()) worksheet_write_string(ws, row, 0, tr("Every target is met."), f_.text);
  worksheet_freeze_panes(ws, header + 1, 0);
}

// The plugin's sections: paragraphs across the sheet, tables in columns.
void ResultWorkbook::insights() {
  const auto sections = detail::plugin_sections(r_, options_, tx_);
  if (sections.empty()) return;
  lxw_worksheet* ws = workbook_add_worksheet(wb_, tr("Findings"));
  detail::print_setup(ws, header_, false);
  constexpr lxw_col_t kColumns = 5;
  constexpr double kFirst = 44, kOther = 16, kWidth = kFirst + (kColumns - 1) * kOther;
  worksheet_set_column(ws, 0, 0, kFirst, nullptr);
  worksheet_set_column(ws, 1, kColumns - 1, kOther, nullptr);
  lxw_format* right = workbook_add_format(wb_);
  format_set_align(right, LXW_ALIGN_RIGHT);
  format_set_align(right, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* warning = workbook_add_format(wb_);
  format_set_bold(warning);
  format_set_font_color(warning, 0x9C0006);
  format_set_text_wrap(warning);
  format_set_align(warning, LXW_ALIGN_VERTICAL_TOP);
  lxw_row_t row = caveat(ws, 0, kColumns - 1);
  auto words = [&](const std::string& text, lxw_format* format) {
    worksheet_merge_range(ws, row, 0, row, kColumns - 1, text.c_str(), format);
    const std::size_t lines = detail::wrapped_lines(text, kWidth / 1.1);
    if (lines > 1) worksheet_set_row(ws, row, 15.0 * static_cast<double>(lines), nullptr);
    ++row;
  };
  for (const auto& part : sections) {
    worksheet_write_string(ws, row++, 0, part.section.title.c_str(), f_.section);
    for (const auto& b : part.section.blocks) {
      switch (b.kind) {
        case SectionBlock::Kind::heading:
          ++row;
          worksheet_write_string(ws, row++, 0, b.text.c_str(), f_.label);
          break;
        case SectionBlock::Kind::paragraph: words(b.text, f_.wrap); break;
        case SectionBlock::Kind::warning: words(b.text, warning); break;
        case SectionBlock::Kind::bullets:
          for (const auto& item : b.items) words("• " + item, f_.wrap);
          break;
        case SectionBlock::Kind::table: {
          const auto numeric = detail::numeric_columns(b.table);
          const auto& t = b.table;
          auto write = [&](const std::vector<std::string>& cells, bool head) {
            std::size_t lines = 1;
            for (std::size_t c = 0; c < cells.size(); ++c) {
              // Columns past the sheet's fifth share its last cell.
              const lxw_col_t col = static_cast<lxw_col_t>(std::min<std::size_t>(c, kColumns - 1));
              std::string text = cells[c];
              if (c >= kColumns) continue;
              if (c == kColumns - 1)
                for (std::size_t k = c + 1; k < cells.size(); ++k) text += " · " + cells[k];
              worksheet_write_string(ws, row, col, text.c_str(), head ? f_.heading : numeric[c] ? right : f_.wrap);
              lines = std::max(lines, detail::wrapped_lines(text, (c == 0 ? kFirst : kOther) / 1.1));
            }
            if (lines > 1) worksheet_set_row(ws, row, 15.0 * static_cast<double>(lines), nullptr);
            ++row;
          };
          write(t.headers, true);
          for (const auto& cells : t.rows) write(cells, false);
          break;
        }
      }
    }
    ++row;
  }
}

void ResultWorkbook::crosswalk() {
  lxw_worksheet* ws = workbook_add_worksheet(wb_, tr("Crosswalk"));
  detail::print_setup(ws, header_, true);
  lxw_row_t row = caveat(ws, 0, 3);
  auto pair = [&](const char* key, const std::string& value) { key_value(ws, row++, key, value); };
  pair(tr("Source model"), crosswalk_->source());
  pair(tr("Crosswalk"), crosswalk_->id);
  worksheet_write_string(ws, row, 0, tr("Mean confidence"), f_.label);
  worksheet_write_number(ws, row++, 1, round_to(crosswalk_->confidence, 2), f_.percent);
  worksheet_write_string(ws, row, 0, tr("Coverage"), f_.label);
  worksheet_write_number(ws, row++, 1, round_to(r_.overall.coverage * 100, 1) / 100, f_.percent);
  ++row;
  const lxw_row_t header = row;
  table_header(ws, row++, {{tr("Question"), 28}, {tr("Answered from"), 40}, {tr("Relation"), 14}, {tr("Confidence"), 12}},
               f_.heading);
  for (const auto& a : crosswalk_->answers) {
    worksheet_write_string(ws, row, 0, a.question.c_str(), f_.text);
    worksheet_write_string(ws, row, 1, a.from.c_str(), f_.wrap);
    detail::fit_row(ws, row, {{a.from, 40}});
    worksheet_write_string(ws, row, 2, a.relation.c_str(), f_.text);
    worksheet_write_number(ws, row, 3, round_to(a.confidence, 2), f_.percent);
    ++row;
  }
  for (const auto& q : crosswalk_->unanswered) {
    worksheet_write_string(ws, row, 0, q.c_str(), f_.text);
    worksheet_write_string(ws, row++, 1, tr("not answered by the crosswalk"), f_.wrap);
  }
  worksheet_freeze_panes(ws, header + 1, 0);
  worksheet_autofilter(ws, header, 0, row - 1, 3);
}

}  // namespace

std::string render_xlsx(const Result& r, const RenderOptions& options) {
  const Model& m = *r.model;
  const std::string& loc = detail::locale_of(m, options);
  return detail::workbook_bytes(r.subject + " — " + m.name.in(loc),
                                [&](lxw_workbook* wb) { ResultWorkbook(r, options, wb).write(); });
}

}  // namespace mmf
