// mmf-synth: writes synthetic models, assessments and wide CSV exports to
// stdout, for benchmarks and whole-process timings.
//   mmf-synth model      --questions 5000 [--depth 6] [--rule bands]
//   mmf-synth assessment --questions 5000 [--respondents 1] [--format toml|json]
//   mmf-synth csv        --questions 60 --rows 1000000 [--per-subject 1]
#include <iostream>
#include <map>

#include <CLI/CLI.hpp>

#include "synth.h"

int main(int argc, char** argv) {
  CLI::App app{"Writes synthetic mmf models, assessments and wide CSV exports to stdout"};
  app.require_subcommand(1);
  mmf::synth::ModelShape shape;
  std::size_t respondents = 1, rows = 1000, per_subject = 1;
  std::uint64_t seed = 1;
  mmf::synth::Syntax format = mmf::synth::Syntax::toml;
  auto shape_options = [&](CLI::App* c) {
    c->add_option("--questions", shape.questions, "number of questions")->check(CLI::Range(1, 1000000));
    c->add_option("--depth", shape.depth, "levels of groups")->check(CLI::Range(1, 64));
    c->add_option("--top-groups", shape.top_groups, "groups at the top level")->check(CLI::Range(1, 1000));
    c->add_option("--rule", shape.rule, "level rule")->check(CLI::IsMember({"bands", "staged", "thresholds", "weakest"}));
    c->add_option("--id", shape.id, "model id");
    c->add_option("--seed", seed, "seed of the answers");
  };
  auto* model = app.add_subcommand("model", "a model (TOML)");
  shape_options(model);
  auto* assessment = app.add_subcommand("assessment", "an assessment of that model");
  shape_options(assessment);
  assessment->add_option("--respondents", respondents)->check(CLI::Range(1, 1000000));
  assessment->add_option("--format", format, "toml or json")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, mmf::synth::Syntax>{{"toml", mmf::synth::Syntax::toml}, {"json", mmf::synth::Syntax::json}}));
  auto* csv = app.add_subcommand("csv", "a wide CSV export of answers to that model");
  shape_options(csv);
  csv->add_option("--rows", rows, "respondents (rows)");
  csv->add_option("--per-subject", per_subject, "consecutive rows that share a subject")->check(CLI::Range(1, 1000000));
  CLI11_PARSE(app, argc, argv);

  std::ios::sync_with_stdio(false);
  if (*model) std::cout << mmf::synth::model_toml(shape);
  if (*assessment) std::cout << mmf::synth::assessment(shape, respondents, format, seed);
  if (*csv) mmf::synth::wide_csv(std::cout, shape, rows, per_subject, seed);
  std::cout.flush();
  return std::cout ? 0 : 1;
}
