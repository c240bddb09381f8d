// Percentile standing of a result within a population of results.
#include "mmf/benchmark.h"

#include <algorithm>
#include <charconv>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mmf/batch.h"
#include "mmf/render.h"
#include "csv/csv_layout.h"

namespace mmf {

std::optional<Population> load_population(const std::filesystem::path& file, std::string& error) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    error = "cannot open";
    return std::nullopt;
  }
  Population p;
  if (file.extension() == ".jsonl") {
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
      ++n;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object() || !j.contains("overall")) {
        error = fmt::format("line {} is not an mmf result", n);
        return std::nullopt;
      }
      if (j["overall"].value("scored", true)) p.overall.push_back(j["overall"]["percent"].get<double>());
      for (const auto& g : j.value("groups", nlohmann::json::array()))
        if (g.value("scored", true)) p.groups[g["id"].get<std::string>()].push_back(g["percent"].get<double>());
    }
    return p;
  }
  detail::RecordStream records(in);
  detail::Record record;
  if (!records.next(record)) {
    error = "empty file";
    return std::nullopt;
  }
  std::size_t overall = std::string::npos;
  std::vector<std::pair<std::size_t, std::string>> group_columns;
  const std::string_view suffix = ".percent";
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    std::string_view f = record.fields[i];
    if (f == "percent") overall = i;
    else if (f.size() > suffix.size() && f.ends_with(suffix))
      group_columns.emplace_back(i, std::string(f.substr(0, f.size() - suffix.size())));
  }
  if (overall == std::string::npos) {
    error = "no 'percent' column: expected the CSV that mmf batch writes";
    return std::nullopt;
  }
  auto number = [](std::string_view s, double& out) {
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && ptr == s.data() + s.size();
  };
  while (records.next(record)) {
    const auto& fields = record.fields;
    double v = 0;
    if (overall < fields.size() && number(fields[overall], v)) p.overall.push_back(v);
    for (const auto& [i, id] : group_columns)
      if (i < fields.size() && number(fields[i], v)) p.groups[id].push_back(v);
  }
  return p;
}

namespace {

double percentile_of(double value, const std::vector<double>& population) {
  if (population.empty()) return 0;
  std::size_t below = 0, equal = 0;
  for (double v : population) {
    if (v < value - 1e-9) ++below;
    else if (v <= value + 1e-9) ++equal;
  }
  return 100.0 * (static_cast<double>(below) + 0.5 * static_cast<double>(equal)) /
         static_cast<double>(population.size());
}

}  // namespace

Standing benchmark(const Result& r, const Population& p) {
  Standing s;
  s.subject = r.subject;
  s.model = r.model->id;
  s.of = r.model;
  // Compare like with like: the figures as written to the population, to 1 decimal.
  double overall = round_to(r.overall.percent, 1);
  s.entries.push_back({"overall", "Overall", overall, percentile_of(overall, p.overall), p.overall.size()});
  for (const auto& g : r.groups) {
    if (!g.scored) continue;
    const Group& group = r.model->groups[g.group];
    auto it = p.groups.find(group.id);
    if (it == p.groups.end()) continue;
    double v = round_to(g.percent, 1);
    s.entries.push_back({group.id, group.name.value, v, percentile_of(v, it->second), it->second.size()});
  }
  return s;
}

}  // namespace mmf
