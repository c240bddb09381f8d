// The Google Benchmark suite: model loading, assessment parsing (TOML, JSON,
// CSV rows), each level rule, and rendering. Inputs come from the synthetic
// generator (bench/synth.h) and the shipped models and examples.
//   build/release/bench/mmf_bench [--benchmark_filter=REGEX]
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <toml++/toml.h>

#include "csv/csv_layout.h"
#include "mmf/mmf.hpp"
#include "synth.h"

namespace {

namespace fs = std::filesystem;
using mmf::synth::ModelShape;

const mmf::Registry& registry() {
  static mmf::PluginHost* host = [] {
    auto* h = new mmf::PluginHost();  // kept to the end: results refer to plugin objects
    h->load_directory(MMF_PLUGIN_DIR);
    return h;
  }();
  return host->registry();
}

std::shared_ptr<const mmf::Model> model_of(const std::string& text, const std::string& name) {
  auto loaded = mmf::parse_model(text, name);
  if (!loaded.ok()) throw std::runtime_error(fmt::format("{}: the synthetic model does not load", name));
  return loaded.value;
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// parse_model = parse + validate (every rule of the format), as `mmf validate`.
void BM_LoadModel(benchmark::State& state) {
  ModelShape shape;
  shape.questions = static_cast<std::size_t>(state.range(0));
  const std::string text = mmf::synth::model_toml(shape);
  for (auto _ : state) {
    auto loaded = mmf::parse_model(text, "synthetic.toml");
    benchmark::DoNotOptimize(loaded.value);
  }
  state.counters["questions"] = static_cast<double>(shape.questions);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_LoadModel)->Arg(30)->Arg(60)->Arg(500)->Arg(5000)->Unit(benchmark::kMicrosecond);

// toml++ alone on the same text: the part of BM_LoadModel that is the TOML
// library's (the rest is mmf's document tree, reading and validation).
void BM_TomlParseOnly(benchmark::State& state) {
  ModelShape shape;
  shape.questions = static_cast<std::size_t>(state.range(0));
  const std::string text = mmf::synth::model_toml(shape);
  for (auto _ : state) benchmark::DoNotOptimize(toml::parse(std::string_view(text), std::string_view("synthetic.toml")));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_TomlParseOnly)->Arg(60)->Arg(5000)->Unit(benchmark::kMicrosecond);

void BM_LoadShippedModel(benchmark::State& state) {
  const char* names[] = {"alliance", "ecosystem", "capability", "readiness"};
  const std::string name = names[state.range(0)];
  const std::string text = slurp(fs::path(MMF_SOURCE_DIR) / "models" / (name + ".toml"));
  for (auto _ : state) benchmark::DoNotOptimize(mmf::parse_model(text, name + ".toml").value);
  state.SetLabel(name);
}
BENCHMARK(BM_LoadShippedModel)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);

void BM_ParseAssessment(benchmark::State& state) {
  ModelShape shape;
  shape.questions = static_cast<std::size_t>(state.range(1));
  const std::string format = state.range(0) == 0 ? "toml" : "json";
  const auto input = state.range(0) == 0 ? mmf::InputFormat::toml : mmf::InputFormat::json;
  const std::string text = mmf::synth::assessment(
      shape, static_cast<std::size_t>(state.range(2)),
      state.range(0) == 0 ? mmf::synth::Syntax::toml : mmf::synth::Syntax::json);
  for (auto _ : state) benchmark::DoNotOptimize(mmf::parse_assessment(text, "a." + format, input).value);
  state.SetLabel(format);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseAssessment)
    ->ArgsProduct({{0, 1}, {60}, {1, 20}})
    ->Args({0, 5000, 1})
    ->Args({1, 5000, 1})
    ->Unit(benchmark::kMicrosecond);

// Reading and splitting a wide CSV into fields: the floor under batch scoring.
void BM_CsvSplit(benchmark::State& state) {
  ModelShape shape;
  shape.questions = 60;
  std::ostringstream csv;
  mmf::synth::wide_csv(csv, shape, 10000);
  const std::string text = csv.str();
  mmf::detail::Record record;
  for (auto _ : state) {
    std::istringstream in(text);
    mmf::detail::RecordStream records(in);
    while (records.next(record)) benchmark::DoNotOptimize(record.fields.data());
  }
  state.SetItemsProcessed(state.iterations() * 10000);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_CsvSplit)->Unit(benchmark::kMillisecond);

// Batch scoring of CSV rows in memory, CSV out: items/s = respondents/s.
void BM_BatchCsv(benchmark::State& state) {
  const std::size_t questions = static_cast<std::size_t>(state.range(0));
  ModelShape shape;
  shape.questions = questions;
  auto model = model_of(mmf::synth::model_toml(shape), "synthetic.toml");
  std::ostringstream csv;
  mmf::synth::wide_csv(csv, shape, 10000);
  const std::string text = csv.str();
  for (auto _ : state) {
    std::istringstream in(text);
    std::ostringstream out;
    mmf::BatchScorer scorer(model, registry(), mmf::BatchFormat::csv, out, [](const mmf::Diagnostic&) {});
    scorer.add_csv(in, "survey.csv");
    benchmark::DoNotOptimize(out.str().size());
  }
  state.SetItemsProcessed(state.iterations() * 10000);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_BatchCsv)->Arg(30)->Arg(60)->Unit(benchmark::kMillisecond)->UseRealTime();

// One assessment through the whole engine, per level rule (60 questions, one
// respondent), and the alliance plugin's rule on its shipped example.
void BM_AssessRule(benchmark::State& state) {
  const char* rules[] = {"bands", "staged", "thresholds", "weakest"};
  const std::string rule = rules[state.range(0)];
  ModelShape shape;
  shape.questions = 60;
  shape.rule = rule;
  auto model = model_of(mmf::synth::model_toml(shape), "synthetic.toml");
  auto a = mmf::parse_assessment(mmf::synth::assessment(shape, 1, mmf::synth::Syntax::toml), "a.toml").value;
  for (auto _ : state) benchmark::DoNotOptimize(mmf::assess(model, *a, registry()).result);
  state.SetLabel(rule);
}
BENCHMARK(BM_AssessRule)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);

void BM_AssessShipped(benchmark::State& state) {
  const char* cases[][2] = {{"alliance", "alliance-acme-globex.toml"}, {"readiness", "readiness-acme.toml"}};
  const auto& c = cases[state.range(0)];
  auto loaded = mmf::load_model(fs::path(MMF_SOURCE_DIR) / "models" / (std::string(c[0]) + ".toml"));
  auto a = mmf::load_assessment(fs::path(MMF_SOURCE_DIR) / "examples" / c[1]).value;
  if (!loaded.ok() || !a) throw std::runtime_error("the shipped model or example does not load");
  for (auto _ : state) benchmark::DoNotOptimize(mmf::assess(loaded.value, *a, registry()).result);
  state.SetLabel(fmt::format("{} (rule {})", c[0], loaded.value->scoring.rule));
}
BENCHMARK(BM_AssessShipped)->DenseRange(0, 1)->Unit(benchmark::kMicrosecond);

void BM_AssessLarge(benchmark::State& state) {
  ModelShape shape;
  shape.questions = static_cast<std::size_t>(state.range(0));
  auto model = model_of(mmf::synth::model_toml(shape), "synthetic.toml");
  auto a = mmf::parse_assessment(mmf::synth::assessment(shape, static_cast<std::size_t>(state.range(1)), mmf::synth::Syntax::toml),
                                 "a.toml")
               .value;
  for (auto _ : state) benchmark::DoNotOptimize(mmf::assess(model, *a, registry()).result);
}
BENCHMARK(BM_AssessLarge)->Args({60, 20})->Args({5000, 1})->Unit(benchmark::kMicrosecond);

void BM_Render(benchmark::State& state) {
  const char* formats[] = {"json", "text", "markdown", "csv", "html", "xlsx"};
  const std::string format = formats[state.range(0)];
  auto loaded = mmf::load_model(fs::path(MMF_SOURCE_DIR) / "models" / "alliance.toml");
  auto a = mmf::load_assessment(fs::path(MMF_SOURCE_DIR) / "examples" / "alliance-acme-globex.toml").value;
  auto outcome = mmf::assess(loaded.value, *a, registry());
  if (!outcome.ok()) throw std::runtime_error("the alliance example does not score");
  const mmf::Result& r = *outcome.result;
  mmf::RenderOptions options;
  options.registry = &registry();
  const mmf::FormatTable& table = registry().formats();  // as every door renders
  for (auto _ : state) {
    mmf::Rendered out = table.render(format, r, options);
    benchmark::DoNotOptimize(out.bytes.data());
  }
  state.SetLabel(format);
}
BENCHMARK(BM_Render)->DenseRange(0, 5)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
