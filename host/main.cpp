// mmf: the command-line host. Parses arguments and hands over to commands.cpp.
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "commands.h"
#include "crash.h"
#include "serve.h"
#include "mmf/formats.h"
#include "mmf/version.h"

namespace {

void setup_logging(int verbosity, bool quiet) {
  auto logger = spdlog::stderr_color_mt("mmf");
  // Plugins log through loggers named plugin.<name> on these same sinks.
  logger->set_pattern("%n: %^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(quiet ? spdlog::level::err
                          : verbosity >= 2 ? spdlog::level::trace
                          : verbosity == 1 ? spdlog::level::debug
                                           : spdlog::level::warn);
}

// The options of commands that read CSV exports.
void add_ignore_model_version(CLI::App* command, bool& ignore) {
  command->add_flag("--ignore-model-version", ignore,
                    "Score assessments whose model_version the model does not meet, with a warning");
}

void add_csv_options(CLI::App* command, mmf::host::CsvArgs& csv) {
  command->add_option("--subject-column", csv.subject_column, "The column naming the subject (default: subject)")
      ->type_name("NAME");
  command->add_option("--respondent-column", csv.respondent_column,
                      "The column naming the respondent (default: respondent)")
      ->type_name("NAME");
  command->add_option("--unit-column", csv.unit_column, "The column naming the respondent's unit (default: unit)")
      ->type_name("NAME");
  command->add_option("--date-column", csv.date_column, "The column holding the date (default: date)")
      ->type_name("NAME");
  command->add_option("--header-rows", csv.header_rows,
                      "Header rows of the CSV (default 1; SurveyMonkey writes 2, Qualtrics 3)")
      ->check(CLI::Range(1, 16));
  command->add_option("--map", csv.map, "An mmf-mapping/1 file: columns and cell texts the names do not match")
      ->type_name("FILE");
}

// A --format option whose help lists the view's formats from the format
// table, so that no help text can drift from what the command accepts.
CLI::Option* add_format(CLI::App* command, std::string& format, const mmf::FormatTable& table, mmf::View view,
                        const std::string& tail, bool plugins = false) {
  std::string help = table.names(view) + (plugins ? ", or a plugin's format (mmf formats lists them)" : "");
  return command->add_option("--format", format, help + (tail.empty() ? "" : " " + tail))->type_name("FORMAT");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace mmf::host;
  install_crash_report(2);  // a plugin that crashes is named on stderr
  CLI::App app{"mmf — score maturity assessments against maturity models written in TOML"};
  app.set_version_flag("--version", std::string("mmf ") + mmf::library_version());
  app.require_subcommand(1);
  app.fallthrough();

  Context ctx;
  int verbosity = 0;
  app.add_option("--models-dir", ctx.models_dirs, "Look for models in DIR (repeatable; before MMF_MODEL_PATH)")
      ->type_name("DIR");
  app.add_option("--plugin-dir", ctx.plugin_dirs, "Load plugins from DIR (repeatable; before MMF_PLUGIN_PATH)")
      ->type_name("DIR");
  app.add_option("--db", ctx.db, "The assessment store (default: MMF_DB, else $XDG_DATA_HOME/mmf/mmf.db)")
      ->type_name("PATH");
  app.add_flag("-v,--verbose", verbosity, "Log more to stderr (repeat for trace)");
  app.add_flag("-q,--quiet", ctx.quiet, "Print errors only");

  OutputOptions out;
  const mmf::FormatTable formats;  // the built-in formats, for --help
  using mmf::View;
  const std::string terminal_default = "(default: text on a terminal, else json)";

  auto* models = app.add_subcommand("models", "List the models found: id, version, name, file");
  std::string models_format = "text";
  add_format(models, models_format, formats, View::models, "(default: text)");

  auto* plugins = app.add_subcommand("plugins", "List the plugins loaded, what they registered, and refused files");
  std::string plugins_format = "text";
  add_format(plugins, plugins_format, formats, View::plugins, "(default: text)");

  auto* formats_command = app.add_subcommand("formats", "List every input and output format, plugins' included");
  std::string formats_format = "text";
  add_format(formats_command, formats_format, formats, View::formats, "(default: text)");

  auto* show = app.add_subcommand("show", "Show a model's levels, group tree, questions and targets");
  std::string show_model;
  show->add_option("MODEL", show_model, "A model id, or a path to a model file")->required();
  show->add_option("--locale", out.locale, "Render texts in this locale where the model gives them");
  bool show_resolved = false;
  show->add_flag("--resolved", show_resolved,
                 "Print the model as one standalone TOML file, with any model it extends merged in");

  auto* validate = app.add_subcommand("validate", "Check model or assessment files; exit 0 when clean, 2 otherwise");
  std::vector<std::string> validate_files;
  std::string validate_model;
  validate->add_option("FILE", validate_files, "Model or assessment files (TOML or JSON)")->required();
  validate->add_option("--model", validate_model, "Check assessments against this model instead of their own");
  add_ignore_model_version(validate, ctx.ignore_model_version);

  auto* templ = app.add_subcommand("template", "Write a blank assessment for respondents to fill in");
  std::string template_model;
  templ->add_option("MODEL", template_model, "A model id, or a path to a model file")->required();
  templ->add_option("-o,--output", out.output, "Write to FILE instead of stdout");
  add_format(templ, out.format, formats, View::blank,
             "(default: toml, a blank assessment with help; csv: the header row of a survey export)");
  templ->add_option("--locale", out.locale, "Write texts in this locale where the model gives them");

  auto* assess = app.add_subcommand("assess", "Score an assessment against a model");
  std::string assess_model, assess_file, target, input_format;
  assess->add_option("MODEL", assess_model, "A model id, or a path to a model file")->required();
  assess->add_option("ASSESSMENT", assess_file,
                     "An assessment file: TOML, JSON, a CSV export of one subject's respondents, or a plugin "
                     "importer's format")
      ->required();
  add_format(assess, out.format, formats, View::result, terminal_default, true);
  assess->add_option("--input-format", input_format,
                     formats.input_names() + ", or a plugin importer's format (default: by the file's name, else "
                                             "TOML or JSON by content)")
      ->type_name("FORMAT");
  assess->add_option("--target", target, "Target profile for gaps and recommendations (default: the "
                                          "assessment's, else 'default')");
  assess->add_option("-o,--output", out.output, "Write to FILE (atomically) instead of stdout");
  assess->add_option("--locale", out.locale, "Render texts in this locale where the model gives them");
  add_ignore_model_version(assess, ctx.ignore_model_version);
  CsvArgs csv;
  add_csv_options(assess, csv);

  auto* crosswalk = app.add_subcommand("crosswalk", "Re-score an assessment under another model through a crosswalk");
  std::string cw_file, cw_to, cw_map;
  crosswalk->add_option("ASSESSMENT", cw_file, "An assessment (TOML or JSON) made under one model")->required();
  crosswalk->add_option("--to", cw_to, "The model to re-score it under (an id or a path)")->required();
  crosswalk->add_option("--map", cw_map,
                        "The crosswalk file (default: one from the model directories' crosswalks/ that fits)");
  add_format(crosswalk, out.format, formats, View::result, terminal_default, true);
  crosswalk->add_option("--target", target, "Target profile of the model re-scored under");
  crosswalk->add_option("-o,--output", out.output, "Write to FILE (atomically) instead of stdout");
  crosswalk->add_option("--locale", out.locale, "Render texts in this locale where the model gives them");
  add_ignore_model_version(crosswalk, ctx.ignore_model_version);

  auto* roadmap = app.add_subcommand("roadmap", "Plan the work to reach a target profile, in phases");
  std::string rm_file, rm_model;
  std::size_t rm_phases = 3;
  roadmap->add_option("ASSESSMENT", rm_file, "An assessment (TOML or JSON)")->required();
  roadmap->add_option("--model", rm_model, "Score under this model instead of the one the assessment names");
  roadmap->add_option("--target", target, "Target profile (default: the assessment's, else 'default')");
  roadmap->add_option("--phases", rm_phases, "How many phases (default 3)")->check(CLI::Range(1, 100));
  add_format(roadmap, out.format, formats, View::roadmap, terminal_default);
  roadmap->add_option("-o,--output", out.output, "Write to FILE (atomically) instead of stdout");
  roadmap->add_option("--locale", out.locale, "Render texts in this locale where the model gives them");
  add_ignore_model_version(roadmap, ctx.ignore_model_version);

  auto* compare = app.add_subcommand(
      "compare", "Compare results side by side: one subject under several models, or one model over assessments");
  std::vector<std::string> cmp_files;
  std::string cmp_model, cmp_by;
  compare->add_option("ASSESSMENT", cmp_files, "Assessments (TOML or JSON), compared in the order given")->required();
  compare->add_option("--model", cmp_model, "Score every assessment under this model");
  compare->add_option("--by", cmp_by, "Split one assessment into its units or respondents")
      ->check(CLI::IsMember({"unit", "respondent"}));
  add_format(compare, out.format, formats, View::comparison, terminal_default);
  compare->add_option("-o,--output", out.output, "Write to FILE (atomically) instead of stdout");
  compare->add_option("--locale", out.locale, "Render texts in this locale where the model gives them");
  add_ignore_model_version(compare, ctx.ignore_model_version);

  auto* batch = app.add_subcommand("batch", "Score many assessments of one model in one streaming pass");
  std::string batch_model;
  std::vector<std::string> batch_inputs;
  batch->add_option("MODEL", batch_model, "A model id, or a path to a model file")->required();
  batch->add_option("INPUT", batch_inputs,
                    "Assessment files (TOML or JSON), directories of them, JSON Lines (.jsonl), or CSV exports "
                    "(.csv, one row per respondent)")
      ->required();
  add_format(batch, out.format, formats, View::batch, "(default: csv)");
  batch->add_option("-o,--output", out.output, "Write to FILE (atomically) instead of stdout");
  unsigned batch_threads = 0;
  batch->add_option("-j,--threads", batch_threads, "Threads scoring wide CSV (default: one per core)")
      ->check(CLI::Range(1u, 256u));
  bool batch_keep_going = false;
  batch->add_flag("--keep-going", batch_keep_going,
                  "Write the results of what scored even when rows were refused (the exit status is still 2)");
  add_csv_options(batch, csv);
  add_ignore_model_version(batch, ctx.ignore_model_version);

  auto* bench = app.add_subcommand("benchmark", "Where an assessment stands within a population of results");
  std::string bench_file, bench_population, bench_model;
  bench->add_option("ASSESSMENT", bench_file, "An assessment (TOML or JSON)")->required();
  bench->add_option("--population", bench_population, "Results from mmf batch (CSV or JSON Lines)")->required();
  bench->add_option("--model", bench_model, "Score under this model instead of the one the assessment names");
  add_format(bench, out.format, formats, View::benchmark, terminal_default);
  bench->add_option("-o,--output", out.output, "Write to FILE (atomically) instead of stdout");

  auto* store = app.add_subcommand("store", "Save assessments and their results in the assessment store");
  store->require_subcommand(1);
  auto* store_add = store->add_subcommand("add", "Score and save assessments; prints each new id");
  std::vector<std::string> store_files;
  std::string store_model, store_subject;
  store_add->add_option("FILE", store_files, "Assessment files (TOML or JSON)")->required();
  store_add->add_option("--model", store_model, "Score under this model instead of the one each names");
  add_ignore_model_version(store_add, ctx.ignore_model_version);
  auto* store_list = store->add_subcommand("list", "List the stored assessments");
  std::string store_format = "text";
  store_list->add_option("--subject", store_subject, "Only this subject");
  store_list->add_option("--model", store_model, "Only this model");
  add_format(store_list, store_format, formats, View::stored, "(default: text)");
  auto* store_show = store->add_subcommand("show", "Print a stored result (JSON), or the assessment it came from");
  std::int64_t store_id = 0;
  bool store_source = false;
  store_show->add_option("ID", store_id, "The id from store add or store list")->required();
  store_show->add_flag("--source", store_source, "Print the stored assessment file instead");
  auto* store_rm = store->add_subcommand("rm", "Delete stored assessments");
  std::vector<std::int64_t> store_ids;
  store_rm->add_option("ID", store_ids, "Ids to delete")->required();
  auto* store_export = store->add_subcommand("export", "Export every stored result");
  add_format(store_export, out.format, formats, View::store_export, "(default: jsonl)");
  store_export->add_option("-o,--output", out.output, "Write to FILE (atomically) instead of stdout");

  auto* store_backup = store->add_subcommand("backup", "Copy the whole store to FILE (consistent while others write)");
  std::string store_file;
  store_backup->add_option("FILE", store_file, "Where to write the backup (replaced atomically)")->required();
  auto* store_restore = store->add_subcommand("restore", "Replace the store's contents with a backup's");
  store_restore->add_option("FILE", store_file, "A file written by mmf store backup")->required();

  auto* history = app.add_subcommand("history", "The trend of a subject's levels and percents by date");
  std::string history_subject, history_model;
  history->add_option("SUBJECT", history_subject, "The subject, as written in its assessments")->required();
  history->add_option("--model", history_model, "Only this model");
  add_format(history, out.format, formats, View::history, terminal_default);
  history->add_option("-o,--output", out.output, "Write to FILE (atomically) instead of stdout");

  auto* serve = app.add_subcommand("serve", "Serve the JSON API (docs/openapi.yaml)");
  ServeOptions serve_options;
  serve->add_option("--listen", serve_options.listen, "HOST:PORT (default 127.0.0.1:8080; beyond loopback needs a token)");
  serve->add_option("--token", serve_options.token, "Bearer token for writes (default: MMF_TOKEN)");
  serve->add_option("--max-body", serve_options.max_body, "Largest request body in bytes (default 1 MiB; larger: 413)");
  serve->add_option("--threads", serve_options.threads, "Worker threads (default 8)")->check(CLI::Range(1, 256));
  serve->add_option("--isolate", serve_options.isolate,
                    "Score in a child process, so a crashing plugin costs one request: untrusted (default: plugins "
                    "not shipped with mmf), all (every model with a plugin), none")
      ->check(CLI::IsMember({"untrusted", "all", "none"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return exit_invalid;
  }
  setup_logging(verbosity, ctx.quiet);

  try {
    if (*models) return run_models(ctx, models_format);
    if (*plugins) return run_plugins(ctx, plugins_format);
    if (*formats_command) return run_formats(ctx, formats_format);
    if (*show) return run_show(ctx, show_model, out.locale, show_resolved);
    if (*validate) return run_validate(ctx, validate_files, validate_model);
    if (*templ) return run_template(ctx, template_model, out);
    if (*serve) return run_serve(ctx, serve_options);
    if (*store_add) return run_store_add(ctx, store_files, store_model);
    if (*store_list) return run_store_list(ctx, store_subject, store_model, store_format);
    if (*store_show) return run_store_show(ctx, store_id, store_source);
    if (*store_rm) return run_store_rm(ctx, store_ids);
    if (*store_export) return run_store_export(ctx, out);
    if (*store_backup) return run_store_backup(ctx, store_file);
    if (*store_restore) return run_store_restore(ctx, store_file);
    if (*history) return run_history(ctx, history_subject, history_model, out);
    if (*batch) return run_batch(ctx, batch_model, batch_inputs, out, csv, batch_threads, batch_keep_going);
    if (*bench) return run_benchmark(ctx, bench_file, bench_population, bench_model, out);
    if (*compare) return run_compare(ctx, cmp_files, cmp_model, cmp_by, out);
    if (*roadmap) return run_roadmap(ctx, rm_file, rm_model, target, rm_phases, out);
    if (*crosswalk) return run_crosswalk(ctx, cw_file, cw_to, cw_map, target, out);
    if (*assess) return run_assess(ctx, assess_model, assess_file, target, input_format, out, csv);
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return exit_failure;
  }
  return exit_invalid;
}
