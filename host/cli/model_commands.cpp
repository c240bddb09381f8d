// mmf models, plugins, formats, show, validate and template: the commands about models and what
// mmf can read and write.
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

int run_models(const Context& ctx, const std::string& format) {
  Diagnostics problems;
  ModelListing listing{ModelCatalog(model_dirs(ctx.models_dirs)).list(problems)};
  print(problems, ctx.quiet);
  if (listing.entries.empty()) {
    std::string looked;
    for (const auto& place : model_dir_candidates(ctx.models_dirs)) looked += "\n  " + place;
    spdlog::warn("no models found; looked in:{}\nGive --models-dir DIR or set MMF_MODEL_PATH to a directory of "
                 "model files", looked);
  }
  const FormatTable& table = builtin_formats();  // listings have built-in formats only
  return emit_view(table, View::models, listing, OutputOptions{format, "", "", ""}, RenderOptions{});
}

int run_plugins(const Context& ctx, const std::string& format) {
  auto ws = workspace(ctx);
  return emit_view(ws->formats(), View::plugins, PluginListing{ws->plugins()}, OutputOptions{format, "", "", ""},
                   RenderOptions{});
}

int run_formats(const Context& ctx, const std::string& format) {
  auto ws = workspace(ctx);
  return emit_view(ws->formats(), View::formats, FormatListing{ws->formats()}, OutputOptions{format, "", "", ""},
                   RenderOptions{});
}

int run_show(const Context& ctx, const std::string& model_ref, const std::string& locale, bool resolved) {
  Diagnostics diagnostics;
  auto ws = workspace(ctx);
  auto model = ws->model(model_ref, diagnostics);
  print(diagnostics, ctx.quiet);
  if (!model) return exit_for(diagnostics);
  return emit(resolved ? render_model_toml(*model) : render_model(*model, RenderOptions{locale}), "");
}

int run_validate(const Context& ctx, const std::vector<std::string>& files, const std::string& model_ref) {
  bool all_clean = true, plugin_failed = false;
  auto ws = workspace(ctx);
  for (const auto& file : files) {
    Validation checked = ws->validate(file, model_ref);
    const Diagnostics& diagnostics = checked.diagnostics;
    const std::string& summary = checked.summary;
    print(diagnostics, ctx.quiet);
    if (diagnostics.has_errors()) {
      all_clean = false;
      plugin_failed = plugin_failed || diagnostics.has_plugin_failures();
      if (!ctx.quiet)
        std::cout << fmt::format("{}: invalid ({} error{})\n", file, diagnostics.error_count(),
                                 diagnostics.error_count() == 1 ? "" : "s");
    } else if (!ctx.quiet) {
      std::cout << fmt::format("{}: ok — {}\n", file, summary);
    }
  }
  std::cout.flush();
  return all_clean ? exit_ok : plugin_failed ? exit_failure : exit_invalid;
}

int run_template(const Context& ctx, const std::string& model_ref, const OutputOptions& out) {
  Diagnostics diagnostics;
  auto ws = workspace(ctx);
  if (!output_format(ws->formats(), View::blank, out, "toml")) return exit_invalid;
  auto model = ws->model(model_ref, diagnostics);
  print(diagnostics, ctx.quiet);
  if (!model) return exit_for(diagnostics);
  return emit_view(ws->formats(), View::blank, *model, out, RenderOptions{out.locale}, "toml");
}

}  // namespace

void add_model_commands(Cli& cli) {
  struct Args {
    std::string models_format = "text", plugins_format = "text", formats_format = "text";
    std::string show_model, validate_model, template_model;
    std::vector<std::string> validate_files;
    bool show_resolved = false;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  auto on = [&cli](CLI::App* command, std::function<int()> run) {
    command->callback([&cli, run = std::move(run)] { cli.run = run; });
  };
  const Context& ctx = cli.ctx;

  auto* models = cli.app.add_subcommand("models", "List the models found: id, version, name, file");
  add_format(models, a->models_format, View::models, "(default: text)");
  on(models, [&ctx, a] { return run_models(ctx, a->models_format); });

  auto* plugins = cli.app.add_subcommand("plugins", "List the plugins loaded, what they registered, and refused files");
  add_format(plugins, a->plugins_format, View::plugins, "(default: text)");
  on(plugins, [&ctx, a] { return run_plugins(ctx, a->plugins_format); });

  auto* formats = cli.app.add_subcommand("formats", "List every input and output format, plugins' included");
  add_format(formats, a->formats_format, View::formats, "(default: text)");
  on(formats, [&ctx, a] { return run_formats(ctx, a->formats_format); });

  auto* show = cli.app.add_subcommand("show", "Show a model's levels, group tree, questions and targets");
  show->add_option("MODEL", a->show_model, "A model id, or a path to a model file")->required();
  show->add_option("--locale", a->out.locale, "Render texts in this locale where the model gives them");
  show->add_flag("--resolved", a->show_resolved,
                 "Print the model as one standalone TOML file, with any model it extends merged in");
  on(show, [&ctx, a] { return run_show(ctx, a->show_model, a->out.locale, a->show_resolved); });

  auto* validate = cli.app.add_subcommand("validate", "Check model or assessment files; exit 0 when clean, 2 otherwise");
  validate->add_option("FILE", a->validate_files, "Model or assessment files (TOML or JSON)")->required();
  validate->add_option("--model", a->validate_model, "Check assessments against this model instead of their own");
  add_ignore_model_version(validate, cli.ctx.ignore_model_version);
  on(validate, [&ctx, a] { return run_validate(ctx, a->validate_files, a->validate_model); });

  auto* templ = cli.app.add_subcommand("template", "Write a blank assessment for respondents to fill in");
  templ->add_option("MODEL", a->template_model, "A model id, or a path to a model file")->required();
  templ->add_option("-o,--output", a->out.output, "Write to FILE instead of stdout");
  add_format(templ, a->out.format, View::blank,
             "(default: toml, a blank assessment with help; csv: the header row of a survey export)");
  templ->add_option("--locale", a->out.locale, "Write texts in this locale where the model gives them");
  on(templ, [&ctx, a] { return run_template(ctx, a->template_model, a->out); });
}

}  // namespace mmf::host
