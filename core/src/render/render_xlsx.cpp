// The Excel workbook (libxlsxwriter): a summary sheet with a native chart of
// the groups, every answer with its score, and the gaps and recommendations.
// The creation date is fixed so that the same result gives the same bytes.
#include <cstdio>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

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

}  // namespace detail

std::string render_xlsx(const Result& r, const RenderOptions& options) {
  const Model& m = *r.model;
  const std::string& loc = detail::locale_of(m, options);
  return detail::workbook_bytes(r.subject + " — " + m.name.in(loc), [&](lxw_workbook* wb) {
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* percent = workbook_add_format(wb);
  format_set_num_format(percent, "0.0");

  // Summary.
  lxw_worksheet* summary = workbook_add_worksheet(wb, "Summary");
  worksheet_set_column(summary, 0, 0, 32, nullptr);
  worksheet_set_column(summary, 1, 4, 16, nullptr);
  lxw_row_t row = 0;
  auto pair = [&](const char* key, const std::string& value) {
    worksheet_write_string(summary, row, 0, key, bold);
    worksheet_write_string(summary, row++, 1, value.c_str(), nullptr);
  };
  pair("Subject", r.subject);
  pair("Model", fmt::format("{} {} ({})", m.name.in(loc), m.version, m.id));
  pair("Date", r.date);
  pair("Assessor", r.assessor);
  pair("Target profile", r.target);
  const auto crosswalk = detail::crosswalk_view(r);
  if (crosswalk) {
    pair("Converted from", fmt::format("{} through crosswalk {}", crosswalk->source(), crosswalk->id));
    worksheet_write_string(summary, row, 0, "Crosswalk confidence", bold);
    worksheet_write_number(summary, row++, 1, round_to(crosswalk->confidence, 4), nullptr);
  }
  pair("Overall level", r.overall.scored ? level_text(m, r.overall.level, loc) : std::string(detail::not_assessed));
  worksheet_write_string(summary, row, 0, "Overall percent", bold);
  if (r.overall.scored)
    worksheet_write_number(summary, row++, 1, round_to(r.overall.percent, 1), percent);
  else
    worksheet_write_string(summary, row++, 1, "—", nullptr);
  worksheet_write_string(summary, row, 0, "Coverage", bold);
  worksheet_write_number(summary, row++, 1, round_to(r.overall.coverage * 100, 1), percent);
  ++row;
  const lxw_row_t header = row;
  const char* headers[] = {"Group", "Id", "Level", "Percent", "Coverage"};
  for (lxw_col_t c = 0; c < 5; ++c) worksheet_write_string(summary, row, c, headers[c], bold);
  ++row;
  for (const auto& g : r.groups) {
    const Group& group = m.groups[g.group];
    worksheet_write_string(summary, row, 0, (std::string(2 * (group.depth - 1), ' ') + group.name.in(loc)).c_str(), nullptr);
    worksheet_write_string(summary, row, 1, group.id.c_str(), nullptr);
    worksheet_write_string(summary, row, 2, detail::node_level_name(m, g, loc).c_str(), nullptr);
    if (g.scored) worksheet_write_number(summary, row, 3, round_to(g.percent, 1), percent);
    worksheet_write_number(summary, row, 4, round_to(g.coverage * 100, 1), percent);
    ++row;
  }
  if (!r.groups.empty()) {
    lxw_chart* chart = workbook_add_chart(wb, LXW_CHART_BAR);
    lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(series, "Summary", header + 1, 0, row - 1, 0);
    chart_series_set_values(series, "Summary", header + 1, 3, row - 1, 3);
    chart_series_set_name(series, "Percent");
    chart_title_set_name(chart, "Groups (percent)");
    chart_axis_set_min(chart->x_axis, 0);
    chart_axis_set_max(chart->x_axis, 100);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    worksheet_insert_chart(summary, 1, 6, chart);
  }

  // Answers.
  lxw_worksheet* answers = workbook_add_worksheet(wb, "Answers");
  const char* answer_headers[] = {"Question", "Group", "Text", "Answer", "Value", "Normalised", "Respondents", "Spread",
                                  "Evidence", "Comment"};
  for (lxw_col_t c = 0; c < 10; ++c) worksheet_write_string(answers, 0, c, answer_headers[c], bold);
  if (crosswalk) {
    const char* crosswalk_headers[] = {"Crosswalk from", "Relation", "Confidence"};
    for (lxw_col_t c = 0; c < 3; ++c) worksheet_write_string(answers, 0, 10 + c, crosswalk_headers[c], bold);
  }
  worksheet_set_column(answers, 2, 2, 60, nullptr);
  worksheet_set_column(answers, 8, 9, 40, nullptr);
  row = 1;
  for (const auto& q : r.questions) {
    const Question& question = m.questions[q.question];
    const Scale& scale = m.scales[question.scale];
    worksheet_write_string(answers, row, 0, question.id.c_str(), nullptr);
    worksheet_write_string(answers, row, 1, m.groups[question.group].id.c_str(), nullptr);
    worksheet_write_string(answers, row, 2, question.text.in(loc).c_str(), nullptr);
    std::string answer = q.not_applicable ? "not applicable" : q.answered ? "" : "unanswered";
    if (!q.option.empty()) answer = scale.options[scale.find_option(q.option)].label.in(loc);
    worksheet_write_string(answers, row, 3, answer.c_str(), nullptr);
    if (q.answered && !q.not_applicable) {
      worksheet_write_number(answers, row, 4, round_to(q.value, 4), nullptr);
      worksheet_write_number(answers, row, 5, round_to(q.normalised, 4), nullptr);
    }
    worksheet_write_number(answers, row, 6, static_cast<double>(q.respondents), nullptr);
    worksheet_write_number(answers, row, 7, round_to(q.spread, 4), nullptr);
    std::string evidence, comment;
    for (const auto& n : q.notes) {
      if (!n.evidence.empty()) evidence += (evidence.empty() ? "" : "; ") + n.evidence;
      if (!n.comment.empty()) comment += (comment.empty() ? "" : "; ") + n.comment;
    }
    worksheet_write_string(answers, row, 8, evidence.c_str(), nullptr);
    worksheet_write_string(answers, row, 9, comment.c_str(), nullptr);
    if (const auto* a = crosswalk ? crosswalk->find(question.id) : nullptr) {
      worksheet_write_string(answers, row, 10, a->from.c_str(), nullptr);
      worksheet_write_string(answers, row, 11, a->relation.c_str(), nullptr);
      worksheet_write_number(answers, row, 12, round_to(a->confidence, 4), nullptr);
    }
    ++row;
  }

  // Gaps and recommendations.
  lxw_worksheet* gaps = workbook_add_worksheet(wb, "Gaps");
  worksheet_set_column(gaps, 1, 1, 60, nullptr);
  const char* gap_headers[] = {"Gap", "Current", "Target", "Priority"};
  for (lxw_col_t c = 0; c < 4; ++c) worksheet_write_string(gaps, 0, c, gap_headers[c], bold);
  row = 1;
  for (const auto& gap : r.gaps) {
    worksheet_write_string(gaps, row, 0, detail::gap_node_name(m, gap, loc).c_str(), nullptr);
    std::string current = gap.target.kind == TargetValue::Kind::level
                              ? level_text(m, gap.current_level, loc)
                              : fmt::format("{}%", round_to(gap.current_percent, 1));
    worksheet_write_string(gaps, row, 1, current.c_str(), nullptr);
    worksheet_write_string(gaps, row, 2, detail::target_text(m, gap.target, loc).c_str(), nullptr);
    worksheet_write_number(gaps, row, 3, round_to(gap.priority, 3), nullptr);
    ++row;
  }
  ++row;
  const char* rec_headers[] = {"Question", "Recommendation", "Now", "Target", "Priority"};
  for (lxw_col_t c = 0; c < 5; ++c) worksheet_write_string(gaps, row, c, rec_headers[c], bold);
  ++row;
  for (const auto& rec : r.recommendations) {
    worksheet_write_string(gaps, row, 0, m.questions[rec.question].id.c_str(), nullptr);
    worksheet_write_string(gaps, row, 1, detail::recommendation_text(m, rec.question, loc, detail::step_from(r, rec.question)).c_str(), nullptr);
    worksheet_write_number(gaps, row, 2, round_to(rec.current, 4), nullptr);
    worksheet_write_number(gaps, row, 3, round_to(rec.target, 4), nullptr);
    worksheet_write_number(gaps, row, 4, round_to(rec.priority, 3), nullptr);
    ++row;
  }

  });
}

}  // namespace mmf
