// The comparison renderers: results side by side in JSON, text, Markdown and
// CSV (the HTML and xlsx charts are in render_charts.cpp).
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "mmf/compare.h"
#include "render/csv_writer.h"
#include "render/render_common.h"

namespace mmf {

namespace {

using Json = nlohmann::ordered_json;

// One row of a same-model comparison: the overall node or one group.
struct Row {
  std::string id;    // "overall" or a group id
  std::string name;
  std::size_t depth = 0;
  std::vector<const NodeResult*> cells;
};

std::vector<Row> rows_of(const Comparison& c, const std::string& locale) {
  const Model& m = *c.results.front().model;
  std::vector<Row> rows;
  Row overall{"overall", "Overall", 0, {}};
  for (const auto& r : c.results) overall.cells.push_back(&r.overall);
  rows.push_back(overall);
  for (std::size_t i = 0; i < c.results.front().groups.size(); ++i) {
    const Group& g = m.groups[c.results.front().groups[i].group];
    Row row{g.id, g.name.in(locale), g.depth, {}};
    for (const auto& r : c.results) row.cells.push_back(&r.groups[i]);
    rows.push_back(row);
  }
  return rows;
}

Json level_json(const Model& m, std::size_t level) {
  return level == npos ? Json(nullptr) : Json(m.levels[level].id);
}

std::optional<double> delta(const Row& row, std::size_t i) {
  if (i == 0 || !row.cells[i]->scored || !row.cells[i - 1]->scored) return std::nullopt;
  // From the rounded figures shown, so that the table's arithmetic adds up.
  return round_to(round_to(row.cells[i]->percent, 1) - round_to(row.cells[i - 1]->percent, 1), 1);
}

std::string delta_text(std::optional<double> d) {
  if (!d) return "";
  return fmt::format("{:+.1f}", *d);
}

}  // namespace

std::string render_comparison_json(const Comparison& c, const RenderOptions& options) {
  Json j;
  j["format"] = "mmf-comparison/1";
  Json columns = Json::array();
  for (std::size_t i = 0; i < c.results.size(); ++i) {
    const Result& r = c.results[i];
    const std::string& loc = detail::locale_of(*r.model, options);
    Json groups = Json::object();
    for (const auto& g : r.groups)
      groups[r.model->groups[g.group].id] =
          Json{{"percent", g.scored ? Json(round_to(g.percent, 1)) : Json(nullptr)}, {"level", level_json(*r.model, g.level)}};
    columns.push_back(Json{{"label", c.labels[i]},
                           {"model", Json{{"id", r.model->id}, {"version", r.model->version}, {"name", r.model->name.in(loc)}}},
                           {"subject", r.subject},
                           {"date", r.date.empty() ? Json(nullptr) : Json(r.date)},
                           {"respondents", r.respondents},
                           {"overall", Json{{"percent", round_to(r.overall.percent, 1)},
                                            {"level", level_json(*r.model, r.overall.level)},
                                            {"coverage", round_to(r.overall.coverage, 4)}}},
                           {"groups", std::move(groups)}});
  }
  j["columns"] = std::move(columns);
  j["same_model"] = c.same_model();
  if (c.same_model() && !c.results.empty()) {
    const Model& m = *c.results.front().model;
    Json rows = Json::array();
    for (const auto& row : rows_of(c, detail::locale_of(m, options))) {
      Json cells = Json::array();
      for (std::size_t i = 0; i < row.cells.size(); ++i) {
        auto d = delta(row, i);
        cells.push_back(Json{{"percent", row.cells[i]->scored ? Json(round_to(row.cells[i]->percent, 1)) : Json(nullptr)},
                             {"level", level_json(m, row.cells[i]->level)},
                             {"delta", d ? Json(*d) : Json(nullptr)}});
      }
      rows.push_back(Json{{"node", row.id}, {"name", row.name}, {"cells", std::move(cells)}});
    }
    j["rows"] = std::move(rows);
  }
  return j.dump(2) + "\n";
}

std::string render_comparison_csv(const Comparison& c, const RenderOptions& options) {
  std::string out = "node,name";
  for (const auto& label : c.labels)
    out += fmt::format(",{},{},{}", csv_field(label + " percent"), csv_field(label + " level"),
                       csv_field(label + " delta"));
  out += "\n";
  if (c.results.empty()) return out;
  if (!c.same_model()) {
    // Only the overall row lines up across different models.
    out += "overall,Overall";
    for (const auto& r : c.results)
      out += fmt::format(",{},{},", round_to(r.overall.percent, 1),
                         csv_field(r.overall.level == npos ? "" : r.model->levels[r.overall.level].id));
    return out + "\n";
  }
  const Model& m = *c.results.front().model;
  for (const auto& row : rows_of(c, detail::locale_of(m, options))) {
    out += csv_field(row.id) + "," + csv_field(row.name);
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      const NodeResult& n = *row.cells[i];
      out += ',';
      if (n.scored) append_tenths(out, n.percent);
      out += fmt::format(",{},{}", csv_field(n.level == npos ? "" : m.levels[n.level].id), delta_text(delta(row, i)));
    }
    out += "\n";
  }
  return out;
}

std::string render_comparison_text(const Comparison& c, const RenderOptions& options) {
  std::string out;
  if (c.results.empty()) return out;
  if (!c.same_model()) {
    out += "Overall under each model\n";
    std::size_t w = 5;
    for (const auto& r : c.results) w = std::max(w, detail::display_width(r.model->name.in(detail::locale_of(*r.model, options))));
    for (std::size_t i = 0; i < c.results.size(); ++i) {
      const Result& r = c.results[i];
      const std::string& loc = detail::locale_of(*r.model, options);
      out += fmt::format("  {}  {:>8}  {}\n", detail::pad(r.model->name.in(loc), w), detail::percent_text(r.overall),
                         detail::level_name(*r.model, r.overall.level, loc));
    }
    return out;
  }
  const Model& m = *c.results.front().model;
  const std::string& loc = detail::locale_of(m, options);
  auto rows = rows_of(c, loc);
  std::size_t name_w = 5;
  for (const auto& row : rows) name_w = std::max(name_w, 2 * row.depth + detail::display_width(row.name));
  std::size_t level_w = 5;
  for (const auto& l : m.levels) level_w = std::max(level_w, detail::display_width(l.name.in(loc)));
  std::size_t cell_w = level_w + 17;
  out += fmt::format("{} — {}\n\n", m.name.in(loc), m.version);
  out += detail::pad("", name_w);
  for (const auto& label : c.labels) out += "  " + detail::pad(label, cell_w);
  out += "\n";
  for (const auto& row : rows) {
    out += detail::pad(std::string(row.depth > 0 ? 2 * (row.depth - 1) : 0, ' ') + row.name, name_w);
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      std::string cell = fmt::format("{} {:>6} {:>6}", detail::pad(detail::level_name(m, row.cells[i]->level, loc), level_w),
                                     detail::percent_text(*row.cells[i]), delta_text(delta(row, i)));
      out += "  " + detail::pad(cell, cell_w);
    }
    out += "\n";
  }
  return out;
}

std::string render_comparison_markdown(const Comparison& c, const RenderOptions& options) {
  std::string out;
  if (c.results.empty()) return out;
  if (!c.same_model()) {
    out += "| Model | Overall | Level |\n|---|---:|---|\n";
    for (const auto& r : c.results) {
      const std::string& loc = detail::locale_of(*r.model, options);
      out += fmt::format("| {} | {} | {} |\n", detail::markdown_text(r.model->name.in(loc)),
                         detail::percent_text(r.overall),
                         detail::markdown_text(detail::level_name(*r.model, r.overall.level, loc)));
    }
    return out;
  }
  const Model& m = *c.results.front().model;
  const std::string& loc = detail::locale_of(m, options);
  out += "| Group |";
  for (const auto& label : c.labels) out += fmt::format(" {} |", detail::markdown_text(label));
  out += "\n|---|";
  for (std::size_t i = 0; i < c.labels.size(); ++i) out += "---|";
  out += "\n";
  for (const auto& row : rows_of(c, loc)) {
    out += "| " + detail::markdown_text(row.name) + " |";
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
      std::string d = delta_text(delta(row, i));
      out += fmt::format(" {} {}{} |", detail::markdown_text(detail::level_name(m, row.cells[i]->level, loc)),
                         detail::percent_text(*row.cells[i]),
                         d.empty() ? "" : " (" + d + ")");
    }
    out += "\n";
  }
  return out;
}

}  // namespace mmf
