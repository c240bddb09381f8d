// mmf store and mmf history: saving results in the assessment store, listing, exporting, backing
// up and restoring it, and a subject's trend.
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

std::unique_ptr<Store> open_store(const Context& ctx) {
  std::filesystem::path file = ctx.db.empty() ? default_store_path() : std::filesystem::path(ctx.db);
  std::string error;
  auto store = Store::open(file, error);
  if (!store) spdlog::error("{}: {}", file.string(), error);
  else spdlog::debug("store {}", file.string());
  return store;
}

int run_store_add(const Context& ctx, const std::vector<std::string>& files, const std::string& model_ref) {
  auto ws = workspace(ctx);
  auto store = open_store(ctx);
  if (!store) return exit_failure;
  bool clean = true;
  for (const auto& file : files) {
    Diagnostics diagnostics;
    auto text = ws->read_text(file, diagnostics);
    std::optional<AssessOutcome> outcome;
    if (text) {
      auto a = ws->read_assessment(*text, file, "");
      diagnostics.append(a.diagnostics);
      auto model = a.ok() ? ws->model(model_ref.empty() ? a.value->model : model_ref, diagnostics) : nullptr;
      if (model) {
        outcome = ws->assess(model, *a.value);
        diagnostics.append(outcome->diagnostics);
      }
    }
    print(diagnostics, ctx.quiet);
    if (!outcome || !outcome->ok()) {
      clean = false;
      continue;
    }
    std::string error;
    auto id = store->add(*outcome->result, *text, file, error);
    if (!id) {
      spdlog::error("{}: not stored: {}", file, error);
      return exit_failure;
    }
    std::cout << fmt::format("{}\t{}\n", *id, file) << std::flush;  // acknowledged: committed
  }
  return clean ? exit_ok : exit_invalid;
}

// backup and restore: open the store, run `step` on `file`, say "DONE N results TO_FROM FILE", or fail
// with `status`.
int store_copy(const Context& ctx, const std::string& file, const char* what, const char* done, const char* to_from,
               int status, std::optional<std::size_t> (Store::*step)(const std::filesystem::path&, std::string&)) {
  auto store = open_store(ctx);
  if (!store) return exit_failure;
  std::string error;
  auto n = ((*store).*step)(file, error);
  if (!n) {
    spdlog::error("{} failed: {}", what, error);
    return status;
  }
  if (!ctx.quiet) std::cout << fmt::format("{} {} result{} {} {}\n", done, *n, *n == 1 ? "" : "s", to_from, file);
  return exit_ok;
}

int run_store_backup(const Context& ctx, const std::string& file) {
  return store_copy(ctx, file, "backup", "backed up", "to", exit_failure, &Store::backup);
}

int run_store_restore(const Context& ctx, const std::string& file) {
  return store_copy(ctx, file, "restore", "restored", "from", exit_invalid, &Store::restore);
}

int run_store_list(const Context& ctx, const std::string& subject, const std::string& model, const std::string& format) {
  const FormatTable& table = builtin_formats();
  if (!output_format(table, View::stored, OutputOptions{format, "", ""})) return exit_invalid;
  auto store = open_store(ctx);
  if (!store) return exit_failure;
  return emit_view(table, View::stored, StoredListing{store->list(subject, model)}, OutputOptions{format, "", ""},
                   RenderOptions{});
}

int run_store_show(const Context& ctx, std::int64_t id, bool source) {
  auto store = open_store(ctx);
  if (!store) return exit_failure;
  auto content = source ? store->source(id) : store->result_json(id);
  if (!content) {
    spdlog::error("no stored assessment has id {}", id);
    return exit_invalid;
  }
  return emit(source ? *content : nlohmann::ordered_json::parse(*content).dump(2) + "\n", "");
}

int run_store_rm(const Context& ctx, const std::vector<std::int64_t>& ids) {
  auto store = open_store(ctx);
  if (!store) return exit_failure;
  bool clean = true;
  for (auto id : ids) {
    std::string error;
    if (!store->remove(id, error)) {
      spdlog::error("{}", error);
      clean = false;
    }
  }
  return clean ? exit_ok : exit_invalid;
}

int run_store_export(const Context& ctx, const OutputOptions& out) {
  const FormatTable& table = builtin_formats();
  if (!output_format(table, View::store_export, out, "jsonl")) return exit_invalid;
  auto store = open_store(ctx);
  if (!store) return exit_failure;
  StoredResults results;
  results.entries = store->list();
  for (const auto& e : results.entries) results.results.push_back(store->result_json(e.id).value_or(""));
  return emit_view(table, View::store_export, results, out, RenderOptions{}, "jsonl");
}

int run_history(const Context& ctx, const std::string& subject, const std::string& model, const OutputOptions& out) {
  const FormatTable& table = builtin_formats();
  if (!output_format(table, View::history, out)) return exit_invalid;
  auto store = open_store(ctx);
  if (!store) return exit_failure;
  return emit_view(table, View::history, History{subject, store->history(subject, model)}, out, RenderOptions{});
}

}  // namespace

void add_store_commands(Cli& cli) {
  struct Args {
    std::vector<std::string> files;
    std::string model, subject, format = "text", file;
    std::int64_t id = 0;
    bool source = false;
    std::vector<std::int64_t> ids;
    OutputOptions out;
  };
  auto a = std::make_shared<Args>();
  auto on = [&cli](CLI::App* command, std::function<int()> run) {
    command->callback([&cli, run = std::move(run)] { cli.run = run; });
  };
  const Context& ctx = cli.ctx;

  auto* store = cli.app.add_subcommand("store", "Save assessments and their results in the assessment store");
  store->require_subcommand(1);
  auto* add = store->add_subcommand("add", "Score and save assessments; prints each new id");
  add->add_option("FILE", a->files, "Assessment files (TOML or JSON)")->required();
  add->add_option("--model", a->model, "Score under this model instead of the one each names");
  add_ignore_model_version(add, cli.ctx.ignore_model_version);
  on(add, [&ctx, a] { return run_store_add(ctx, a->files, a->model); });

  auto* list = store->add_subcommand("list", "List the stored assessments");
  list->add_option("--subject", a->subject, "Only this subject");
  list->add_option("--model", a->model, "Only this model");
  add_format(list, a->format, View::stored, "(default: text)");
  on(list, [&ctx, a] { return run_store_list(ctx, a->subject, a->model, a->format); });

  auto* show = store->add_subcommand("show", "Print a stored result (JSON), or the assessment it came from");
  show->add_option("ID", a->id, "The id from store add or store list")->required();
  show->add_flag("--source", a->source, "Print the stored assessment file instead");
  on(show, [&ctx, a] { return run_store_show(ctx, a->id, a->source); });

  auto* rm = store->add_subcommand("rm", "Delete stored assessments");
  rm->add_option("ID", a->ids, "Ids to delete")->required();
  on(rm, [&ctx, a] { return run_store_rm(ctx, a->ids); });

  auto* exported = store->add_subcommand("export", "Export every stored result");
  add_format(exported, a->out.format, View::store_export, "(default: jsonl)");
  exported->add_option("-o,--output", a->out.output, "Write to FILE (atomically) instead of stdout");
  on(exported, [&ctx, a] { return run_store_export(ctx, a->out); });

  auto* backup = store->add_subcommand("backup", "Copy the whole store to FILE (consistent while others write)");
  backup->add_option("FILE", a->file, "Where to write the backup (replaced atomically)")->required();
  on(backup, [&ctx, a] { return run_store_backup(ctx, a->file); });

  auto* restore = store->add_subcommand("restore", "Replace the store's contents with a backup's");
  restore->add_option("FILE", a->file, "A file written by mmf store backup")->required();
  on(restore, [&ctx, a] { return run_store_restore(ctx, a->file); });

  auto* history = cli.app.add_subcommand("history", "The trend of a subject's levels and percents by date");
  history->add_option("SUBJECT", a->subject, "The subject, as written in its assessments")->required();
  history->add_option("--model", a->model, "Only this model");
  add_format(history, a->out.format, View::history, terminal_default);
  history->add_option("-o,--output", a->out.output, "Write to FILE (atomically) instead of stdout");
  on(history, [&ctx, a] { return run_history(ctx, a->subject, a->model, a->out); });
}

}  // namespace mmf::host
