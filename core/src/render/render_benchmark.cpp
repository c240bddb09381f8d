// A benchmark standing as JSON (mmf-benchmark/1) and text (mmf benchmark --format).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mmf/benchmark.h"
#include "mmf/render.h"

namespace mmf {

std::string render_benchmark_json(const Standing& s) {
  nlohmann::ordered_json j;
  j["format"] = "mmf-benchmark/1";
  j["subject"] = s.subject;
  j["model"] = s.model;
  j["entries"] = nlohmann::ordered_json::array();
  for (const auto& e : s.entries)
    j["entries"].push_back({{"node", e.node},
                            {"percent", e.percent},
                            {"percentile", round_to(e.percentile, 1)},
                            {"population", e.population}});
  return j.dump(2) + "\n";
}

std::string render_benchmark_text(const Standing& s) {
  std::string out = fmt::format("{} against {} results of model '{}'\n\n",
                                s.subject, s.entries.empty() ? 0 : s.entries.front().population, s.model);
  std::size_t w = 7;
  for (const auto& e : s.entries) w = std::max(w, e.name.size());
  out += fmt::format("{:<{}}  {:>8}  {:>10}\n", "", w, "Percent", "Percentile");
  for (const auto& e : s.entries)
    out += fmt::format("{:<{}}  {:>7.1f}%  {:>10.1f}\n", e.name, w, e.percent, round_to(e.percentile, 1));
  return out;
}

}  // namespace mmf
