// The parallel wide-CSV path of mmf batch against the engine, row by row:
// the same results, the same messages, in the same order, whatever the
// number of threads and wherever the blocks are cut.
#include <random>
#include <sstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "render/csv_writer.h"  // csv_field: internal, tested here
#include "support.h"
#include "synth.h"

using namespace mmf;
using namespace mmf::test;

namespace {


// The CSV rows mmf batch writes, rebuilt from the engine's JSON Lines.
std::string csv_from_jsonl(const Model& model, const std::string& jsonl) {
  std::string csv = "subject,percent,level";
  for (std::size_t g : model.group_order) csv += fmt::format(",{0}.percent,{0}.level", model.groups[g].id);
  csv += '\n';
  if (jsonl.empty()) return "";
  std::istringstream lines(jsonl);
  std::string line;
  auto node = [](const nlohmann::json& n) {
    std::string percent = n["scored"].get<bool>() ? fmt::format("{}", n["percent"].get<double>()) : "";
    std::string level = n["level"].is_null() ? "" : n["level"]["id"].get<std::string>();
    return "," + percent + "," + level;
  };
  while (std::getline(lines, line)) {
    auto r = nlohmann::json::parse(line);
    csv += csv_field(r["subject"].get<std::string>()) + node(r["overall"]);
    for (const auto& g : r["groups"]) csv += node(g);
    csv += '\n';
  }
  return csv;
}

// A messy survey export: runs of rows per subject, blank lines, CRLF, quoted
// subjects with commas and quotes, a newline inside quotes, empty answers,
// "na", answers that are not options, rows of the wrong width.
std::string messy_csv(const synth::ModelShape& shape, std::size_t rows, std::uint32_t seed) {
  std::mt19937 rng(seed);
  const char* answers[] = {"none", "low", "some", "most", "full", "na", ""};
  std::string csv = "respondent,subject,date";
  for (std::size_t q = 0; q < shape.questions; ++q) csv += "," + synth::question_id(q);
  csv += '\n';
  std::size_t subject = 0, left = 0;
  for (std::size_t i = 0; i < rows; ++i) {
    if (left == 0) {
      ++subject;
      left = 1 + rng() % 4;
    }
    --left;
    auto roll = static_cast<unsigned>(rng() % 100);
    if (roll < 2) {
      csv += roll == 0 ? "\n" : "\r\n";  // blank lines do not part a subject's rows
      continue;
    }
    std::string name = fmt::format("firm-{}", subject);
    if (subject % 17 == 0) name = fmt::format("\"Firm, \"\"{}\"\" Ltd\"", subject);
    if (subject % 101 == 0) name = fmt::format("\"Two-line\nfirm {}\"", subject);
    std::string row = fmt::format("r{},{},2026-11-{:02}", i, name, 1 + subject % 28);
    std::size_t width = shape.questions;
    if (roll == 2) width -= 1;  // a short row
    for (std::size_t q = 0; q < width; ++q) {
      row += ',';
      if (roll == 3 && q == 7) row += "maybe";  // not an option
      else row += answers[rng() % 7];
    }
    csv += row + (roll < 10 ? "\r\n" : "\n");
  }
  return csv;
}

}  // namespace

TEST_CASE("batch: the parallel CSV path gives the engine's results and messages for a messy export",
          "[batch]") {
  synth::ModelShape shape;
  shape.questions = 60;
  shape.depth = 3;
  auto loaded = parse_model(synth::model_toml(shape), "synthetic.toml");
  REQUIRE(loaded.ok());
  auto model = loaded.value;
  // About 2.3 MiB: three blocks, so cuts fall inside runs of one subject.
  const std::string csv = messy_csv(shape, 9000, 7);
  REQUIRE(csv.size() > 2 * (1u << 20));

  auto engine = run_batch(model, csv, BatchFormat::jsonl);
  REQUIRE(engine.stats.scored > 2500);
  REQUIRE(engine.stats.skipped > 150);
  const std::string expected = csv_from_jsonl(*model, engine.out);
  for (unsigned threads : {1u, 2u, 5u}) {
    INFO("threads " << threads);
    auto parallel = run_batch(model, csv, BatchFormat::csv, threads);
    CHECK(parallel.stats.scored == engine.stats.scored);
    CHECK(parallel.stats.skipped == engine.stats.skipped);
    CHECK(parallel.problems == engine.problems);
    CHECK(parallel.out == expected);
  }
}

TEST_CASE("batch: one subject's rows longer than a block stay one assessment", "[batch]") {
  synth::ModelShape shape;
  shape.questions = 60;
  auto model = parse_model(synth::model_toml(shape), "synthetic.toml").value;
  std::ostringstream csv;
  synth::wide_csv(csv, shape, 9000, 4500);  // two subjects of 4,500 rows (about 1.4 MiB each)
  auto engine = run_batch(model, csv.str(), BatchFormat::jsonl);
  auto parallel = run_batch(model, csv.str(), BatchFormat::csv, 2);
  REQUIRE(parallel.stats.scored == 2);
  CHECK(parallel.out == csv_from_jsonl(*model, engine.out));
  CHECK(parallel.problems.empty());
}

TEST_CASE("batch: bad rows are reported by line and column and skipped", "[batch]") {
  auto model = model_fixture("rules/bands.toml");
  const std::size_t n = model->questions.size();
  std::string header = "subject", good = "x", bad = "x,wrong";
  for (std::size_t i = 0; i < n; ++i) {
    header += "," + model->questions[i].id;
    good += ",fi";
    if (i > 0) bad += ",fi";
  }
  const std::string csv = header + "\n" + good + "\n" + "z,fi\n" + bad + "\n\n" + good + "\n";
  for (unsigned threads : {1u, 2u}) {
    INFO("threads " << threads);
    auto run = run_batch(model, csv, BatchFormat::csv, threads);
    REQUIRE(run.problems.size() == 2);
    CHECK(run.problems[0] == fmt::format("survey.csv:3:1: error: row 3: the row has 2 fields; the header has {}", n + 1));
    CHECK(run.problems[1] == fmt::format("survey.csv:4:3: error: row 4: column 2 '{0}': 'wrong' is not an option of "
                                         "question '{0}' (answer with an id or a label: ni \"Not implemented\", pi "
                                         "\"Partially implemented\", li \"Largely implemented\", fi \"Fully "
                                         "implemented\", na \"Not applicable\")",
                                         model->questions[0].id));
    CHECK(run.stats.scored == 1);  // the good rows share subject x: one assessment
    CHECK(run.stats.skipped == 2);
    CHECK(run.out.substr(run.out.find('\n') + 1, 6) == "x,100,");
  }
}
