// Benchmarks: where a result stands within a population of results (the CSV
// or JSON Lines that `mmf batch` writes), overall and group by group.
//
// Thread-safety: the functions read only their arguments (and, for
// load_population, the file): safe to call from many threads at once.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mmf/export.h"
#include "mmf/render.h"
#include "mmf/result.h"

namespace mmf {

struct Population {
  std::vector<double> overall;                         // overall percents
  std::map<std::string, std::vector<double>> groups;  // group id -> percents
};

// Reads `mmf batch` output: CSV (columns percent and <group>.percent) or
// JSON Lines of results (.jsonl). Unscored entries are left out.
[[nodiscard]] MMF_CORE_EXPORT std::optional<Population> load_population(const std::filesystem::path& file, std::string& error);

struct Standing {
  struct Entry {
    std::string node;  // "overall" or a group id
    std::string name;
    double percent = 0;
    double percentile = 0;       // 100 × (below + ½ × equal) ÷ population
    std::size_t population = 0;  // results with a percent for this node
  };
  std::string subject;
  std::string model;
  std::vector<Entry> entries;
  // The model the result was scored with: the documents name its groups in
  // the report's locale (Entry::name is in the model's own).
  std::shared_ptr<const Model> of;
};

MMF_CORE_EXPORT Standing benchmark(const Result& result, const Population& population);
MMF_CORE_EXPORT std::string render_benchmark_json(const Standing& standing);
MMF_CORE_EXPORT std::string render_benchmark_text(const Standing& standing);
// The standing as a client document, as render_docx and render_pdf write the
// assessment report: a cover, a summary, the percentiles as bars and a table.
MMF_CORE_EXPORT std::string render_benchmark_docx(const Standing& standing, const RenderOptions& options = {});
MMF_CORE_EXPORT std::string render_benchmark_pdf(const Standing& standing, const RenderOptions& options = {});

}  // namespace mmf
