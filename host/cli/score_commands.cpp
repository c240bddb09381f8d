// mmf assess, crosswalk, roadmap, compare and benchmark: the commands that score one or a few
// assessments and render what comes of it.
#include <algorithm>
#include <chrono>
#include <iostream>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "cli/output.h"
#include "mmf/mmf.hpp"
#include "search_paths.h"

namespace mmf::host {

namespace fs = std::filesystem;

namespace {

int run_crosswalk(const Context& ctx, const std::string& assessment_file, const std::string& to_ref,
                  const std::string& map_file, const std::string& target, const OutputOptions& out) {
  auto ws = workspace(ctx);
  if (!output_format(ws->formats(), View::result, out)) return exit_invalid;
  Diagnostics diagnostics;
  const auto firm = brand(out, diagnostics);
  if (diagnostics.has_errors()) {
    print(diagnostics, ctx.quiet);
    return exit_for(diagnostics);
  }
  auto [assessment, from] = ws->load_scorable(assessment_file, "", diagnostics);
  auto to = assessment.ok() ? ws->model(to_ref, diagnostics) : nullptr;
  if (!from || !to || diagnostics.has_errors()) {
    print(diagnostics, ctx.quiet);
    return exit_for(diagnostics);
  }
  auto outcome = ws->crosswalk(*assessment.value, from, to, map_file, target);
  diagnostics.append(outcome.diagnostics);
  print(diagnostics, ctx.quiet);
  if (!outcome.ok()) return exit_for(diagnostics);
  return emit_view(ws->formats(), View::result, *outcome.result, out,
                   RenderOptions{out.locale, &ws->registry(), firm.get()});
}

int run_roadmap(const Context& ctx, const std::string& assessment_file, const std::string& model_ref,
                const std::string& target, std::size_t phases, const OutputOptions& out) {
  auto ws = workspace(ctx);
  if (!output_format(ws->formats(), View::roadmap, out)) return exit_invalid;
  Diagnostics diagnostics;
  const auto firm = brand(out, diagnostics);
  if (diagnostics.has_errors()) {
    print(diagnostics, ctx.quiet);
    return exit_for(diagnostics);
  }
  auto [assessment, model] = ws->load_scorable(assessment_file, model_ref, diagnostics);
  if (!model) {
    print(diagnostics, ctx.quiet);
    return exit_for(diagnostics);
  }
  auto roadmap = ws->roadmap(model, *assessment.value, RoadmapOptions{target, phases, false}, diagnostics);
  print(diagnostics, ctx.quiet);
  if (diagnostics.has_errors()) return exit_for(diagnostics);
  return emit_view(ws->formats(), View::roadmap, roadmap, out, RenderOptions{out.locale, &ws->registry(), firm.get()});
}

int run_compare(const Context& ctx, const std::vector<std::string>& files, const std::string& model_ref,
                const std::string& by, const OutputOptions& out) {
  auto ws = workspace(ctx);
  if (!output_format(ws->formats(), View::comparison, out)) return exit_invalid;
  if (!by.empty() && files.size() != 1) {
    spdlog::error("--by splits one assessment; give exactly one file");
    return exit_invalid;
  }
  Diagnostics diagnostics;
  const auto firm = brand(out, diagnostics);
  if (diagnostics.has_errors()) {
    print(diagnostics, ctx.quiet);
    return exit_for(diagnostics);
  }
  std::optional<Split> split;
  if (!by.empty()) split = by == "unit" ? Split::unit : Split::respondent;
  Comparison comparison = ws->compare(std::vector<fs::path>(files.begin(), files.end()), model_ref, split, diagnostics);
  print(diagnostics, ctx.quiet);
  if (diagnostics.has_errors()) return exit_for(diagnostics);
  return emit_view(ws->formats(), View::comparison, comparison, out,
                   RenderOptions{out.locale, &ws->registry(), firm.get()});
}

int run_benchmark(const Context& ctx, const std::string& assessment_file, const std::string& population_file,
                  const std::string& model_ref, const OutputOptions& out) {
  auto ws = workspace(ctx);
  if (!output_format(ws->formats(), View::benchmark, out)) return exit_invalid;
  Diagnostics diagnostics;
  const auto firm = brand(out, diagnostics);
  if (diagnostics.has_errors()) {
    print(diagnostics, ctx.quiet);
    return exit_for(diagnostics);
  }
  auto [assessment, model] = ws->load_scorable(assessment_file, model_ref, diagnostics);
  std::optional<AssessOutcome> outcome;
  if (model) {
    outcome = ws->assess(model, *assessment.value, AssessOptions{"", false, false});
    diagnostics.append(outcome->diagnostics);
  }
  std::optional<Standing> standing;
  if (outcome && outcome->ok()) standing = ws->benchmark(*outcome->result, population_file, diagnostics);
  print(diagnostics, ctx.quiet);
  if (!standing) return exit_for(diagnostics);
  return emit_view(ws->formats(), View::benchmark, *standing, out, RenderOptions{out.locale, nullptr, firm.get()});
}

int run_assess(const Context& ctx, const std::string& model_ref, const std::string& assessment_file,
               const std::string& target, const std::string& input_format, const OutputOptions& out,
               const CsvArgs& csv_args) {
  auto ws = workspace(ctx);
  if (!output_format(ws->formats(), View::result, out)) return exit_invalid;
  Diagnostics diagnostics;
  const auto firm = brand(out, diagnostics);
  const InputFormatInfo* input = ws->input_format(input_format, assessment_file, diagnostics);
  if (diagnostics.has_errors()) {
    print(diagnostics, ctx.quiet);
    return exit_for(diagnostics);
  }
  auto model = ws->model(model_ref, diagnostics);
  Loaded<Assessment> assessment;
  if (model) {
    // A CSV export: one subject's respondents, one row each; without a
    // subject column the file's name is the subject.
    CsvOptions csv;
    if (input && input->needs_model) csv = csv_options(csv_args, *model, diagnostics);
    if (!diagnostics.has_errors())
      assessment = ws->load_assessment(assessment_file, input ? std::string_view(input->name) : std::string_view(),
                                       ReadContext{model.get(), &csv, fs::path(assessment_file).stem().string()});
  }
  diagnostics.append(assessment.diagnostics);
  if (!model || !assessment.ok()) {
    print(diagnostics, ctx.quiet);
    return exit_for(diagnostics);
  }
  auto outcome = ws->assess(model, *assessment.value, AssessOptions{target, true, false});
  diagnostics.append(outcome.diagnostics);
  print(diagnostics, ctx.quiet);
  if (!outcome.ok()) return exit_for(diagnostics);
  return emit_view(ws->formats(), View::result, *outcome.result, out,
                   RenderOptions{out.locale, &ws->registry(), firm.get()});
}

}  // namespace

void add_score_commands(Cli& cli) {
  struct Args {
    std::string model, file, target, input_format, to, map, by, population;
    std::vector<std::string> files;
    std::size_t phases = 3;
    OutputOptions out;
    CsvArgs csv;
  };
  auto a = std::make_shared<Args>();
  auto on = [&cli](CLI::App* command, std::function<int()> run) {
    command->callback([&cli, run = std::move(run)] { cli.run = run; });
  };
  const Context& ctx = cli.ctx;
  bool& ignore = cli.ctx.ignore_model_version;

  auto* assess = cli.app.add_subcommand("assess", "Score an assessment against a model");
  assess->add_option("MODEL", a->model, "A model id, or a path to a model file")->required();
  assess->add_option("ASSESSMENT", a->file,
                     "An assessment file: TOML, JSON, a CSV export of one subject's respondents, or a plugin "
                     "importer's format")
      ->required();
  add_format(assess, a->out.format, View::result, terminal_default, true);
  const FormatTable& builtins = builtin_formats();
  assess->add_option("--input-format", a->input_format,
                     builtins.input_names() + ", or a plugin importer's format (default: by the file's name, else "
                                              "TOML or JSON by content)")
      ->type_name("FORMAT");
  assess->add_option("--target", a->target, "Target profile for gaps and recommendations (default: the "
                                             "assessment's, else 'default')");
  add_output(assess, a->out, true, true);
  add_ignore_model_version(assess, ignore);
  add_csv_options(assess, a->csv);
  on(assess, [&ctx, a] { return run_assess(ctx, a->model, a->file, a->target, a->input_format, a->out, a->csv); });

  auto* crosswalk = cli.app.add_subcommand("crosswalk", "Re-score an assessment under another model through a crosswalk");
  crosswalk->add_option("ASSESSMENT", a->file, "An assessment (TOML or JSON) made under one model")->required();
  crosswalk->add_option("--to", a->to, "The model to re-score it under (an id or a path)")->required();
  crosswalk->add_option("--map", a->map,
                        "The crosswalk file (default: one from the model directories' crosswalks/ that fits)");
  add_format(crosswalk, a->out.format, View::result, terminal_default, true);
  crosswalk->add_option("--target", a->target, "Target profile of the model re-scored under");
  add_output(crosswalk, a->out, true, true);
  add_ignore_model_version(crosswalk, ignore);
  on(crosswalk, [&ctx, a] { return run_crosswalk(ctx, a->file, a->to, a->map, a->target, a->out); });

  auto* roadmap = cli.app.add_subcommand("roadmap", "Plan the work to reach a target profile, in phases");
  roadmap->add_option("ASSESSMENT", a->file, "An assessment (TOML or JSON)")->required();
  roadmap->add_option("--model", a->model, "Score under this model instead of the one the assessment names");
  roadmap->add_option("--target", a->target, "Target profile (default: the assessment's, else 'default')");
  roadmap->add_option("--phases", a->phases, "How many phases (default 3)")->check(CLI::Range(1, 100));
  add_format(roadmap, a->out.format, View::roadmap, terminal_default);
  add_output(roadmap, a->out, true, true);
  add_ignore_model_version(roadmap, ignore);
  on(roadmap, [&ctx, a] { return run_roadmap(ctx, a->file, a->model, a->target, a->phases, a->out); });

  auto* compare = cli.app.add_subcommand(
      "compare", "Compare results side by side: one subject under several models, or one model over assessments");
  compare->add_option("ASSESSMENT", a->files, "Assessments (TOML or JSON), compared in the order given")->required();
  compare->add_option("--model", a->model, "Score every assessment under this model");
  compare->add_option("--by", a->by, "Split one assessment into its units or respondents")
      ->check(CLI::IsMember({"unit", "respondent"}));
  add_format(compare, a->out.format, View::comparison, terminal_default);
  add_output(compare, a->out, true, true);
  add_ignore_model_version(compare, ignore);
  on(compare, [&ctx, a] { return run_compare(ctx, a->files, a->model, a->by, a->out); });

  auto* bench = cli.app.add_subcommand("benchmark", "Where an assessment stands within a population of results");
  bench->add_option("ASSESSMENT", a->file, "An assessment (TOML or JSON)")->required();
  bench->add_option("--population", a->population, "Results from mmf batch (CSV or JSON Lines)")->required();
  bench->add_option("--model", a->model, "Score under this model instead of the one the assessment names");
  add_format(bench, a->out.format, View::benchmark, terminal_default);
  add_output(bench, a->out, true, true);
  on(bench, [&ctx, a] { return run_benchmark(ctx, a->file, a->population, a->model, a->out); });
}

}  // namespace mmf::host
