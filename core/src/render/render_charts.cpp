// Comparison and history pages (HTML with an SVG chart) and workbooks (xlsx
// with a native chart), from one page template: core/templates/chart_page.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "mmf/compare.h"
#include "mmf/store.h"
#include "mmf/version.h"
#include "render/mustache.h"
#include "render/render_common.h"
#include "render/xlsx_workbook.h"

extern const char* const mmf_chart_page_template;

namespace mmf {

namespace {

using Json = nlohmann::ordered_json;

const char* const kPalette[] = {"#2f6fed", "#d64545", "#2e9e5b", "#e5a50a", "#8a4fd1",
                                "#1a9bb5", "#c2541e", "#5c6b7a", "#d93f87", "#6b8e23"};
const char* color(std::size_t i) { return kPalette[i % std::size(kPalette)]; }

constexpr double kWidth = 900, kHeight = 370, kLeft = 48, kRight = 12, kTop = 12, kBottom = 50;
constexpr double kPlotW = kWidth - kLeft - kRight, kPlotH = kHeight - kTop - kBottom;

std::string num(double v) { return fmt::format("{:.1f}", v); }
double y_of(double percent) { return kTop + kPlotH * (1 - std::clamp(percent, 0.0, 100.0) / 100.0); }

Json page(const std::string& title, const std::string& subtitle, const std::string& locale, const char* kind,
          const char* label) {
  Json grid = Json::array();
  for (int p = 0; p <= 100; p += 25)
    grid.push_back(Json{{"x1", num(kLeft)}, {"x2", num(kWidth - kRight)}, {"y", num(y_of(p))}, {"lx", num(kLeft - 6)},
                        {"ly", num(y_of(p) + 4)}, {"label", std::to_string(p) + "%"}});
  return Json{{"title", title}, {"subtitle", subtitle}, {"locale", locale}, {"mmf_version", library_version()},
              {"chart_kind", kind}, {"chart_label", label}, {"width", num(kWidth)}, {"height", num(kHeight)},
              {"grid", grid}, {"bars", Json::array()}, {"lines", Json::array()}, {"dots", Json::array()},
              {"xlabels", Json::array()}, {"legend", Json::array()}, {"headers", Json::array()},
              {"rows", Json::array()}};
}

std::string render(const Json& data) { return detail::render_mustache(mmf_chart_page_template, data); }

// Grouped bars: categories along x, one bar per series in each.
void grouped_bars(Json& data, const std::vector<std::string>& categories, const std::vector<std::string>& series,
                  const std::vector<std::vector<std::optional<double>>>& values /* [category][series] */) {
  double cat_w = kPlotW / static_cast<double>(std::max<std::size_t>(1, categories.size()));
  double bar_w = cat_w * 0.8 / static_cast<double>(std::max<std::size_t>(1, series.size()));
  for (std::size_t c = 0; c < categories.size(); ++c) {
    double x0 = kLeft + cat_w * static_cast<double>(c) + cat_w * 0.1;
    for (std::size_t s = 0; s < series.size(); ++s) {
      if (!values[c][s]) continue;
      double y = y_of(*values[c][s]);
      data["bars"].push_back(Json{{"x", num(x0 + bar_w * static_cast<double>(s))}, {"y", num(y)}, {"w", num(bar_w * 0.92)},
                                  {"h", num(kTop + kPlotH - y)}, {"color", color(s)},
                                  {"title", fmt::format("{} — {}: {:.1f}%", categories[c], series[s], *values[c][s])}});
    }
    // Staggered on two rows, so that long names do not overlap.
    data["xlabels"].push_back(Json{{"x", num(kLeft + cat_w * (static_cast<double>(c) + 0.5))},
                                   {"y", num(kHeight - kBottom + (c % 2 ? 34 : 18))}, {"text", categories[c]}});
  }
  for (std::size_t s = 0; s < series.size(); ++s) data["legend"].push_back(Json{{"name", series[s]}, {"color", color(s)}});
}

}  // namespace

std::string render_comparison_html(const Comparison& c, const RenderOptions& options) {
  if (c.results.empty()) return render(page("Comparison", "nothing to compare", "en", "bars", "Comparison"));
  const Model& first = *c.results.front().model;
  const std::string& loc = detail::locale_of(first, options);
  if (!c.same_model()) {
    Json data = page("Comparison across models", c.results.front().subject, loc, "bars", "Overall percent under each model");
    std::vector<std::string> categories;
    std::vector<std::vector<std::optional<double>>> values;
    data["headers"] = Json::array({"Model", "Level", "Percent"});
    for (const auto& r : c.results) {
      const std::string& l = detail::locale_of(*r.model, options);
      categories.push_back(r.model->name.in(l));
      values.push_back({r.overall.scored ? std::optional<double>(round_to(r.overall.percent, 1)) : std::nullopt});
      data["rows"].push_back(Json{{"cells", Json::array({Json{{"text", r.model->name.in(l)}},
                                                          Json{{"text", detail::level_name(*r.model, r.overall.level, l)}},
                                                          Json{{"text", detail::percent_text(r.overall)}}})}});
    }
    grouped_bars(data, categories, {"Overall"}, values);
    return render(data);
  }
  Json data = page(fmt::format("Comparison — {} {}", first.name.in(loc), first.version),
                   fmt::format("{} columns: {}", c.labels.size(), fmt::join(c.labels, ", ")), loc, "bars",
                   "Percent of the overall result and each top-level group, by column");
  // Chart: the overall result and the top-level groups; table: every group.
  std::vector<std::string> categories{"Overall"};
  std::vector<std::vector<std::optional<double>>> values(1);
  auto percent = [](const NodeResult& n) { return n.scored ? std::optional<double>(round_to(n.percent, 1)) : std::nullopt; };
  for (const auto& r : c.results) values[0].push_back(percent(r.overall));
  for (std::size_t i = 0; i < c.results.front().groups.size(); ++i) {
    const Group& g = first.groups[c.results.front().groups[i].group];
    if (g.parent != npos) continue;
    categories.push_back(g.name.in(loc));
    values.emplace_back();
    for (const auto& r : c.results) values.back().push_back(percent(r.groups[i]));
  }
  grouped_bars(data, categories, c.labels, values);
  data["headers"].push_back("Group");
  for (const auto& l : c.labels) data["headers"].push_back(l);
  auto cells_for = [&](auto node_of, const std::string& name) {
    Json cells = Json::array({Json{{"text", name}}});
    for (std::size_t k = 0; k < c.results.size(); ++k) {
      const NodeResult& n = node_of(c.results[k]);
      Json cell{{"text", fmt::format("{} {}", detail::level_name(first, n.level, loc), detail::percent_text(n))}};
      if (k > 0 && n.scored && node_of(c.results[k - 1]).scored)
        cell["delta"] = fmt::format("{:+.1f}", round_to(round_to(n.percent, 1) - round_to(node_of(c.results[k - 1]).percent, 1), 1));
      cells.push_back(cell);
    }
    data["rows"].push_back(Json{{"cells", cells}});
  };
  cells_for([](const Result& r) -> const NodeResult& { return r.overall; }, "Overall");
  for (std::size_t i = 0; i < c.results.front().groups.size(); ++i)
    cells_for([i](const Result& r) -> const NodeResult& { return r.groups[i]; },
              first.groups[c.results.front().groups[i].group].name.in(loc));
  return render(data);
}

std::string render_history_html(const std::vector<Store::Point>& points, const std::string& subject) {
  Json data = page(fmt::format("History of {}", subject),
                   points.empty() ? std::string("no stored assessments") : fmt::format("model {}", points.front().entry.model),
                   "en", "trend", "Overall and group percents by date");
  // The chart follows the first model's points (history is kept per model).
  std::vector<const Store::Point*> series;
  for (const auto& p : points)
    if (p.entry.model == points.front().entry.model) series.push_back(&p);
  std::vector<std::string> groups;
  for (const auto* p : series)
    for (const auto& g : p->groups)
      if (std::find(groups.begin(), groups.end(), g.group) == groups.end()) groups.push_back(g.group);
  auto x_of = [&](std::size_t i) {
    return series.size() == 1 ? kLeft + kPlotW / 2
                              : kLeft + 40 + (kPlotW - 80) * static_cast<double>(i) / static_cast<double>(series.size() - 1);
  };
  auto add_line = [&](const std::string& name, std::size_t colour, double stroke, auto value_of) {
    std::string pts;
    for (std::size_t i = 0; i < series.size(); ++i) {
      auto v = value_of(*series[i]);
      if (!v) continue;
      pts += fmt::format("{}{},{}", pts.empty() ? "" : " ", num(x_of(i)), num(y_of(*v)));
      data["dots"].push_back(Json{{"cx", num(x_of(i))}, {"cy", num(y_of(*v))}, {"color", color(colour)},
                                  {"title", fmt::format("{} {}: {:.1f}%", name, series[i]->entry.date, *v)}});
    }
    data["lines"].push_back(Json{{"points", pts}, {"color", color(colour)}, {"stroke", num(stroke)}});
    data["legend"].push_back(Json{{"name", name}, {"color", color(colour)}});
  };
  add_line("Overall", 0, 3, [](const Store::Point& p) { return std::optional<double>(p.entry.percent); });
  for (std::size_t g = 0; g < groups.size(); ++g)
    add_line(groups[g], g + 1, 1.5, [&](const Store::Point& p) -> std::optional<double> {
      for (const auto& gp : p.groups)
        if (gp.group == groups[g]) return gp.percent;
      return std::nullopt;
    });
  for (std::size_t i = 0; i < series.size(); ++i)
    data["xlabels"].push_back(Json{{"x", num(x_of(i))}, {"y", num(kHeight - kBottom + 18)},
                                   {"text", series[i]->entry.date.empty() ? fmt::format("#{}", series[i]->entry.id)
                                                                          : series[i]->entry.date}});
  data["headers"] = Json::array({"Model", "Date", "Level", "Percent"});
  for (const auto& g : groups) data["headers"].push_back(g);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    Json percent_cell{{"text", fmt::format("{:.1f}%", p.entry.percent)}};
    if (i > 0 && points[i - 1].entry.model == p.entry.model)
      percent_cell["delta"] = fmt::format("{:+.1f}", round_to(p.entry.percent - points[i - 1].entry.percent, 1));
    Json cells = Json::array({Json{{"text", p.entry.model}}, Json{{"text", p.entry.date}}, Json{{"text", p.entry.level}},
                              percent_cell});
    for (const auto& g : groups) {
      std::string text = "—";
      for (const auto& gp : p.groups)
        if (gp.group == g && gp.percent) text = fmt::format("{:.1f}%", *gp.percent);
      cells.push_back(Json{{"text", text}});
    }
    data["rows"].push_back(Json{{"cells", cells}});
  }
  return render(data);
}

std::string render_comparison_xlsx(const Comparison& c, const RenderOptions& options) {
  return detail::workbook_bytes("Comparison", [&](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "Comparison");
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    worksheet_set_column(ws, 0, 0, 30, nullptr);
    worksheet_write_string(ws, 0, 0, "Node", bold);
    for (std::size_t k = 0; k < c.labels.size(); ++k)
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(k + 1), c.labels[k].c_str(), bold);
    lxw_row_t row = 1;
    auto write_row = [&](const std::string& name, auto node_of) {
      worksheet_write_string(ws, row, 0, name.c_str(), nullptr);
      for (std::size_t k = 0; k < c.results.size(); ++k) {
        const NodeResult& n = node_of(c.results[k]);
        if (n.scored) worksheet_write_number(ws, row, static_cast<lxw_col_t>(k + 1), round_to(n.percent, 1), nullptr);
      }
      ++row;
    };
    write_row("Overall", [](const Result& r) -> const NodeResult& { return r.overall; });
    if (c.same_model() && !c.results.empty()) {
      const Model& m = *c.results.front().model;
      for (std::size_t i = 0; i < c.results.front().groups.size(); ++i)
        write_row(m.groups[c.results.front().groups[i].group].name.in(detail::locale_of(m, options)),
                  [i](const Result& r) -> const NodeResult& { return r.groups[i]; });
    }
    lxw_chart* chart = workbook_add_chart(wb, LXW_CHART_COLUMN);
    for (std::size_t k = 0; k < c.labels.size(); ++k) {
      lxw_chart_series* s = chart_add_series(chart, nullptr, nullptr);
      chart_series_set_categories(s, "Comparison", 1, 0, row - 1, 0);
      chart_series_set_values(s, "Comparison", 1, static_cast<lxw_col_t>(k + 1), row - 1, static_cast<lxw_col_t>(k + 1));
      chart_series_set_name_range(s, "Comparison", 0, static_cast<lxw_col_t>(k + 1));
    }
    chart_title_set_name(chart, "Percent by column");
    chart_axis_set_min(chart->y_axis, 0);
    chart_axis_set_max(chart->y_axis, 100);
    worksheet_insert_chart(ws, row + 1, 0, chart);
  });
}

std::string render_history_xlsx(const std::vector<Store::Point>& points, const std::string& subject) {
  return detail::workbook_bytes("History of " + subject, [&](lxw_workbook* wb) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, "History");
    lxw_format* bold = workbook_add_format(wb);
    format_set_bold(bold);
    std::vector<std::string> groups;
    for (const auto& p : points)
      for (const auto& g : p.groups)
        if (std::find(groups.begin(), groups.end(), g.group) == groups.end()) groups.push_back(g.group);
    const char* fixed[] = {"Model", "Date", "Level", "Percent"};
    for (lxw_col_t col = 0; col < 4; ++col) worksheet_write_string(ws, 0, col, fixed[col], bold);
    for (std::size_t g = 0; g < groups.size(); ++g)
      worksheet_write_string(ws, 0, static_cast<lxw_col_t>(4 + g), groups[g].c_str(), bold);
    lxw_row_t row = 1;
    for (const auto& p : points) {
      worksheet_write_string(ws, row, 0, p.entry.model.c_str(), nullptr);
      worksheet_write_string(ws, row, 1, p.entry.date.c_str(), nullptr);
      worksheet_write_string(ws, row, 2, p.entry.level.c_str(), nullptr);
      worksheet_write_number(ws, row, 3, p.entry.percent, nullptr);
      for (std::size_t g = 0; g < groups.size(); ++g)
        for (const auto& gp : p.groups)
          if (gp.group == groups[g] && gp.percent)
            worksheet_write_number(ws, row, static_cast<lxw_col_t>(4 + g), *gp.percent, nullptr);
      ++row;
    }
    if (points.empty()) return;
    lxw_chart* chart = workbook_add_chart(wb, LXW_CHART_LINE);
    for (std::size_t col = 3; col < 4 + groups.size(); ++col) {
      lxw_chart_series* s = chart_add_series(chart, nullptr, nullptr);
      chart_series_set_categories(s, "History", 1, 1, row - 1, 1);
      chart_series_set_values(s, "History", 1, static_cast<lxw_col_t>(col), row - 1, static_cast<lxw_col_t>(col));
      chart_series_set_name_range(s, "History", 0, static_cast<lxw_col_t>(col));
    }
    chart_title_set_name(chart, "Trend by date");
    chart_axis_set_min(chart->y_axis, 0);
    chart_axis_set_max(chart->y_axis, 100);
    worksheet_insert_chart(ws, row + 1, 0, chart);
  });
}

}  // namespace mmf
