// The history renderers: a subject's stored assessments over time as text,
// Markdown, JSON and CSV (the HTML and xlsx charts are in render_charts.cpp).
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mmf/formats.h"
#include "mmf/render.h"
#include "mmf/store.h"
#include "render/csv_writer.h"
#include "render/render_common.h"

namespace mmf {

namespace {

std::string delta_of(const std::vector<Store::Point>& points, std::size_t i) {
  if (i == 0 || points[i].entry.model != points[i - 1].entry.model) return "";
  return fmt::format("{:+.1f}", round_to(points[i].entry.percent - points[i - 1].entry.percent, 1));
}

// `s` in `width` columns, right-aligned; cut with an ellipsis when longer.
std::string column(const std::string& s, std::size_t width) {
  if (detail::display_width(s) <= width) return std::string(width - detail::display_width(s), ' ') + s;
  std::string cut;
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size() && w + 1 < width;) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    cut += s.substr(i, len);
    i += len;
    ++w;
  }
  return cut + "…";
}

}  // namespace

std::vector<Store::Point> detail::named_points(const History& h, const std::string& locale) {
  std::vector<Store::Point> out = h.points;
  for (auto& p : out) {
    auto it = h.models.find(p.entry.model);
    if (it == h.models.end() || !it->second) continue;
    const Model& m = *it->second;
    const std::string& loc = locale.empty() ? m.locale : locale;
    auto level = [&](std::string& id) {
      if (std::size_t l = id.empty() ? npos : m.find_level(id); l != npos) id = m.levels[l].name.in(loc);
    };
    level(p.entry.level);
    for (auto& g : p.groups) {
      level(g.level);
      if (std::size_t at = m.find_group(g.group); at != npos) g.group = m.groups[at].name.in(loc);
    }
    p.entry.model = m.name.in(loc);
  }
  return out;
}

std::string render_history_text(const std::vector<Store::Point>& points, const std::string& subject) {
  if (points.empty()) return fmt::format("No stored assessments of '{}'.\n", subject);
  std::string out = fmt::format("History of {}\n", subject);
  std::string model;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    if (p.entry.model != model) {
      model = p.entry.model;
      out += fmt::format("\nModel {}\n{:<12} {:>5}  {:<22} {:>8} {:>6}", model, "Date", "Id", "Level", "Percent", "Δ");
      for (const auto& g : p.groups) out += "  " + column(g.group, 12);
      out += "\n";
    }
    out += fmt::format("{:<12} {:>5}  {} {:>7.1f}% {:>6}", p.entry.date.empty() ? "(no date)" : p.entry.date,
                       p.entry.id, detail::pad(p.entry.level, 22), p.entry.percent, delta_of(points, i));
    for (const auto& g : p.groups)
      out += g.percent ? fmt::format("  {:>11.1f}%", *g.percent) : fmt::format("  {:>12}", "—");
    out += "\n";
  }
  return out;
}

std::string render_history_markdown(const std::vector<Store::Point>& points, const std::string& subject) {
  using detail::markdown_text;
  std::string out = fmt::format("# History of {}\n", markdown_text(subject));
  std::string model;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    if (p.entry.model != model) {
      model = p.entry.model;
      out += fmt::format("\n## Model {}\n\n| Date | Level | Percent | Δ |", detail::markdown_code(model));
      for (const auto& g : p.groups) out += fmt::format(" {} |", markdown_text(g.group));
      out += "\n|---|---|---:|---:|";
      for (std::size_t k = 0; k < p.groups.size(); ++k) out += "---:|";
      out += "\n";
    }
    out += fmt::format("| {} | {} | {:.1f}% | {} |", markdown_text(p.entry.date), markdown_text(p.entry.level),
                       p.entry.percent, delta_of(points, i));
    for (const auto& g : p.groups) out += g.percent ? fmt::format(" {:.1f}% |", *g.percent) : " — |";
    out += "\n";
  }
  return out;
}

std::string render_history_json(const std::vector<Store::Point>& points, const std::string& subject) {
  nlohmann::ordered_json j;
  j["format"] = "mmf-history/1";
  j["subject"] = subject;
  j["points"] = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    nlohmann::ordered_json groups = nlohmann::ordered_json::object();
    for (const auto& g : p.groups)
      groups[g.group] = {{"percent", g.percent ? nlohmann::ordered_json(*g.percent) : nlohmann::ordered_json(nullptr)},
                         {"level", g.level.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(g.level)}};
    std::string d = delta_of(points, i);
    j["points"].push_back({{"id", p.entry.id},
                           {"model", p.entry.model},
                           {"model_version", p.entry.model_version},
                           {"date", p.entry.date},
                           {"percent", p.entry.percent},
                           {"level", p.entry.level.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(p.entry.level)},
                           {"delta", d.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(std::stod(d))},
                           {"groups", groups}});
  }
  return j.dump(2) + "\n";
}

std::string render_history_csv(const std::vector<Store::Point>& points) {
  std::string out = "model,date,id,percent,level,delta";
  std::vector<std::string> ids;
  for (const auto& p : points)
    for (const auto& g : p.groups)
      if (std::find(ids.begin(), ids.end(), g.group) == ids.end()) ids.push_back(g.group);
  for (const auto& id : ids) out += fmt::format(",{},{}", csv_field(id + ".percent"), csv_field(id + ".level"));
  out += "\n";
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    out += fmt::format("{},{},{},{},{},{}", csv_field(p.entry.model), csv_field(p.entry.date), p.entry.id,
                       round_to(p.entry.percent, 1), csv_field(p.entry.level), delta_of(points, i));
    for (const auto& id : ids) {
      auto g = std::find_if(p.groups.begin(), p.groups.end(), [&](const Store::GroupPoint& x) { return x.group == id; });
      if (g == p.groups.end() || !g->percent) out += ",,";
      else out += fmt::format(",{},{}", *g->percent, csv_field(g->level));
    }
    out += "\n";
  }
  return out;
}

}  // namespace mmf
