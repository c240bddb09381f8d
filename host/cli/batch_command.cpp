// mmf batch: many assessments of one model in one streaming pass, written only when they all
// scored (or with --keep-going).
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

int run_batch(const Context& ctx, const std::string& model_ref, const std::vector<std::string>& inputs,
              const OutputOptions& out, const CsvArgs& csv_args, unsigned threads, bool keep_going) {
  auto ws = workspace(ctx);
  const OutputFormatInfo* format = output_format(ws->formats(), View::batch, out, "csv");
  if (!format) return exit_invalid;
  Diagnostics diagnostics;
  auto model = ws->model(model_ref, diagnostics);
  CsvOptions csv;
  if (model) csv = csv_options(csv_args, *model, diagnostics);
  print(diagnostics, ctx.quiet);
  if (!model || diagnostics.has_errors()) return exit_for(diagnostics);
  // Results go to a temporary file: it appears at -o's path, or is copied to
  // stdout, only when the batch succeeded; and a CSV whose subjects' rows
  // are apart can take back what its first reading wrote.
  const bool to_stdout = out.output.empty() || out.output == "-";
  AtomicOutput file(to_stdout ? std::filesystem::temp_directory_path() / "mmf-batch" : std::filesystem::path(out.output));
  if (!file.ok()) {
    spdlog::error("{}: {}", to_stdout ? "stdout" : out.output, file.error());
    return exit_failure;
  }
  const bool progress = !ctx.quiet && ::isatty(STDERR_FILENO);
  std::size_t errors = 0;
  bool plugin_failed = false;
  BatchScorer scorer(model, ws->registry(), batch_format(*format), file.stream(), [&](const Diagnostic& d) {
    plugin_failed = plugin_failed || d.plugin_failure;
    if (d.severity == Severity::error) ++errors;
    else if (ctx.quiet) return;
    if (progress) std::cerr << "\r\033[K";
    std::cerr << d.str() << '\n';
  });
  scorer.set_ignore_model_version(ctx.ignore_model_version);
  scorer.set_threads(threads);
  scorer.set_csv_options(csv);
  scorer.set_truncate([&](std::streampos position) { return file.truncate(position); });
  auto started = std::chrono::steady_clock::now();
  auto last = started;
  if (progress)
    scorer.on_progress([&](const BatchStats& s) {
      auto now = std::chrono::steady_clock::now();
      if (now - last < std::chrono::milliseconds(200)) return;
      last = now;
      double seconds = std::chrono::duration<double>(now - started).count();
      std::cerr << fmt::format("\r\033[Kscored {} ({:.0f}/s), skipped {}", s.scored,
                               static_cast<double>(s.scored) / seconds, s.skipped)
                << std::flush;
    });
  for (const auto& input : inputs) scorer.add_path(input);
  if (progress) std::cerr << "\r\033[K";
  const BatchStats& s = scorer.stats();
  const bool failed = s.skipped > 0 || errors > 0 || s.scored == 0;
  if (s.scored == 0 && errors == 0)
    spdlog::error("nothing was scored: the inputs hold no rows or assessments of model '{}'", model->id);
  if (!failed || keep_going) {
    const bool written = to_stdout ? file.copy_to(std::cout) : file.commit();
    if (!written) {
      spdlog::error("{}: {}", to_stdout ? "stdout" : out.output, file.error());
      return exit_failure;
    }
  }
  if (!ctx.quiet)
    std::cerr << fmt::format("mmf: scored {} assessment{}, skipped {}{}\n", s.scored, s.scored == 1 ? "" : "s",
                             s.skipped,
                             failed && !keep_going ? "; nothing written (--keep-going writes what scored)" : "");
  return !failed ? exit_ok : plugin_failed ? exit_failure : exit_invalid;
}

}  // namespace

void add_batch_command(Cli& cli) {
  struct Args {
    std::string model;
    std::vector<std::string> inputs;
    unsigned threads = 0;
    bool keep_going = false;
    OutputOptions out;
    CsvArgs csv;
  };
  auto a = std::make_shared<Args>();
  const Context& ctx = cli.ctx;
  auto* batch = cli.app.add_subcommand("batch", "Score many assessments of one model in one streaming pass");
  batch->add_option("MODEL", a->model, "A model id, or a path to a model file")->required();
  batch->add_option("INPUT", a->inputs,
                    "Assessment files (TOML or JSON), directories of them, JSON Lines (.jsonl), or CSV exports "
                    "(.csv, one row per respondent)")
      ->required();
  add_format(batch, a->out.format, View::batch, "(default: csv)");
  batch->add_option("-o,--output", a->out.output, "Write to FILE (atomically) instead of stdout");
  batch->add_option("-j,--threads", a->threads, "Threads scoring wide CSV (default: one per core)")
      ->check(CLI::Range(1u, 256u));
  batch->add_flag("--keep-going", a->keep_going,
                  "Write the results of what scored even when rows were refused (the exit status is still 2)");
  add_csv_options(batch, a->csv);
  add_ignore_model_version(batch, cli.ctx.ignore_model_version);
  batch->callback([&cli, &ctx, a] {
    cli.run = [&ctx, a] { return run_batch(ctx, a->model, a->inputs, a->out, a->csv, a->threads, a->keep_going); };
  });
}

}  // namespace mmf::host
