// The command line's shared pieces (output.h).
#include "cli/output.h"

#include <cstdio>
#include <iostream>

#include <unistd.h>

#include <CLI/CLI.hpp>

#include "mmf/io.h"
#include "crash.h"
#include "search_paths.h"

namespace mmf::host {

namespace {

// The format -o and --format ask for: --format, else `fallback`; for views
// read on a terminal, text there and json elsewhere.
std::string chosen_format(const OutputOptions& out, const char* fallback) {
  if (!out.format.empty()) return out.format;
  if (fallback) return fallback;
  return out.output.empty() && ::isatty(STDOUT_FILENO) ? "text" : "json";
}

}  // namespace

void print(const Diagnostics& diagnostics, bool quiet) {
  Diagnostics sorted = diagnostics;
  sorted.sort();
  for (const auto& d : sorted.items())
    if (d.severity == Severity::error || !quiet) std::cerr << d.str() << '\n';
}

// Writes a result to stdout, or to -o FILE as mmf/io.h says: a regular file
// atomically, a device or FIFO in place.
int emit(const std::string& content, const std::string& output) {
  if (output.empty() || output == "-") {
    std::fwrite(content.data(), 1, content.size(), stdout);
    std::fflush(stdout);
    return exit_ok;
  }
  std::string error;
  if (!write_file_atomically(output, content, error)) {
    spdlog::error("{}: {}", output, error);
    return exit_failure;
  }
  spdlog::debug("wrote {}", output);
  return exit_ok;
}

// The command line's Workspace: paths and ids both name models; every plugin
// found is loaded (refusals are logged as warnings and the command goes on).
std::unique_ptr<Workspace> workspace(const Context& ctx) {
  WorkspaceOptions options;
  options.model_dirs = model_dirs(ctx.models_dirs);
  options.plugin_dirs = plugin_dirs(ctx.plugin_dirs);
  options.skip_plugins = plugins_to_skip();
  options.ignore_model_version = ctx.ignore_model_version;
  options.not_found_hint = "; give a path, or --models-dir DIR";
  return std::make_unique<Workspace>(std::move(options));
}

// The format's entry in the table, or nullptr after saying which are known.
const OutputFormatInfo* output_format(const FormatTable& table, View view, const OutputOptions& out,
                                      const char* fallback) {
  std::string format = chosen_format(out, fallback);
  const OutputFormatInfo* info = table.find_output(view, format);
  if (!info) spdlog::error("unknown --format '{}' (known: {})", format, table.names(view));
  else if (info->binary && (out.output.empty() || out.output == "-") && ::isatty(STDOUT_FILENO)) {
    spdlog::error("{} output is binary: give -o FILE.{}", info->name, info->name);
    return nullptr;
  }
  return info;
}

// The CSV options of a command, with its mapping file loaded and checked
// against the model.
CsvOptions csv_options(const CsvArgs& args, const Model& model, Diagnostics& diagnostics) {
  CsvOptions options;
  options.subject_column = args.subject_column;
  options.respondent_column = args.respondent_column;
  options.unit_column = args.unit_column;
  options.date_column = args.date_column;
  options.header_rows = args.header_rows;
  if (!args.map.empty()) {
    auto mapping = load_mapping(args.map);
    diagnostics.append(mapping.diagnostics);
    if (mapping.ok()) {
      check_mapping(*mapping.value, model, diagnostics);
      options.mapping = mapping.value;
    }
  }
  return options;
}
void add_format(CLI::App* command, std::string& format, View view, const std::string& tail, bool plugins) {
  const FormatTable& table = builtin_formats();  // for --help
  std::string help = table.names(view) + (plugins ? ", or a plugin's format (mmf formats lists them)" : "");
  command->add_option("--format", format, help + (tail.empty() ? "" : " " + tail))->type_name("FORMAT");
}

void add_output(CLI::App* command, OutputOptions& out, bool locale, bool brand) {
  command->add_option("-o,--output", out.output, "Write to FILE (atomically) instead of stdout");
  if (locale) command->add_option("--locale", out.locale, "Render texts in this locale where the model gives them");
  if (brand)
    command->add_option("--brand", out.brand,
                        "An mmf-brand/1 file: the firm's name, logo, colours and marks for docx and pdf "
                        "(docs/reports.md)")
        ->type_name("FILE");
}

std::shared_ptr<const Brand> brand(const OutputOptions& out, Diagnostics& diagnostics) {
  if (out.brand.empty()) return nullptr;
  auto loaded = load_brand(out.brand);
  diagnostics.append(loaded.diagnostics);
  return loaded.value;
}

void add_ignore_model_version(CLI::App* command, bool& ignore) {
  command->add_flag("--ignore-model-version", ignore,
                    "Score assessments whose model_version the model does not meet, with a warning");
}

void add_csv_options(CLI::App* command, CsvArgs& csv) {
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

}  // namespace mmf::host
