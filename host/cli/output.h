// What every command of the command line shares: its Workspace, printing
// diagnostics, choosing and checking --format against the format table,
// writing results to stdout or atomically to -o FILE, and the options that
// several commands take. Used from main's thread only.
#pragma once

#include <memory>
#include <string>

#include <spdlog/spdlog.h>

#include "cli/cli.h"
#include "mmf/brand.h"
#include "mmf/csv_input.h"
#include "mmf/diagnostic.h"
#include "mmf/formats.h"
#include "mmf/workspace.h"

namespace mmf::host {

// How CSV inputs are read (mmf batch, mmf assess): docs/csv-input.md.
struct CsvArgs {
  std::string subject_column, respondent_column, unit_column, date_column;  // empty: the mapping's, else the default
  std::size_t header_rows = 0;                                              // 0: the mapping's, else 1
  std::string map;                                                          // an mmf-mapping/1 file
};

struct OutputOptions {
  std::string format;  // empty: the command's default
  std::string output;  // empty: stdout
  std::string locale;
  std::string brand;  // an mmf-brand/1 file, for docx and pdf
};

// Diagnostics to stderr, sorted; warnings only without --quiet.
void print(const Diagnostics& diagnostics, bool quiet);
// Writes a result to stdout, or to -o FILE: a regular file (symbolic links
// followed) atomically, a device or FIFO in place (mmf/io.h).
int emit(const std::string& content, const std::string& output);
// The command line's Workspace: paths and ids both name models; every plugin
// found is loaded (refusals are logged as warnings and the command goes on).
std::unique_ptr<Workspace> workspace(const Context& ctx);
// The format's entry in the table (--format, else `fallback`, else text on a
// terminal and json elsewhere), or nullptr after saying which are known.
const OutputFormatInfo* output_format(const FormatTable& table, View view, const OutputOptions& out,
                                      const char* fallback = nullptr);
// The CSV options of a command, with its mapping file loaded and checked
// against the model.
CsvOptions csv_options(const CsvArgs& args, const Model& model, Diagnostics& diagnostics);

// Renders `doc` in the format asked for and writes it out.
template <class Doc>
int emit_view(const FormatTable& table, View view, const Doc& doc, const OutputOptions& out,
              const RenderOptions& render, const char* fallback = nullptr) {
  const OutputFormatInfo* info = output_format(table, view, out, fallback);
  if (!info) return exit_invalid;
  Rendered rendered = table.render(info->name, doc, render);
  if (!rendered.ok()) {
    spdlog::error("{}", rendered.error);
    return exit_failure;
  }
  return emit(rendered.bytes, out.output);
}

// Options several commands take. The --format help lists the view's formats
// from the format table, so no help text can drift from what is accepted.
void add_format(CLI::App* command, std::string& format, View view, const std::string& tail, bool plugins = false);
void add_output(CLI::App* command, OutputOptions& out, bool locale = true, bool brand = false);
// The --brand file, loaded: null without --brand, or when it has errors
// (added to `diagnostics`).
std::shared_ptr<const Brand> brand(const OutputOptions& out, Diagnostics& diagnostics);
void add_ignore_model_version(CLI::App* command, bool& ignore);
void add_csv_options(CLI::App* command, CsvArgs& csv);
inline const std::string terminal_default = "(default: text on a terminal, else json)";

}  // namespace mmf::host
