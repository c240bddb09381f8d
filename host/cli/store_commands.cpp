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

// Read commands open the store read-only: they work on a read-only file or
// mount, and never create a store that is not there.
std::unique_ptr<Store> open_store(const Context& ctx, Store::Access access = Store::Access::read_write) {
  std::filesystem::path file = ctx.db.empty() ? default_store_path() : std::filesystem::path(ctx.db);
  StoreError error;
  auto store = Store::open(file, error, access);
  if (!store) spdlog::error("{}", error.message());
  else spdlog::debug("store {}", file.string());
  return store;
}

std::unique_ptr<Store> open_store_to_read(const Context& ctx) { return open_store(ctx, Store::Access::read_only); }

// Exit status for a store call that failed: the caller's fault (2) only for data refused.
int status_of(const StoreError& error) {
  return error.failure == StoreFailure::invalid || error.failure == StoreFailure::not_found ? exit_invalid : exit_failure;
}

// "a.toml, b.toml (2 files)"
std::string file_list(const std::vector<std::string>& files) {
  std::string out;
  for (const auto& f : files) out += (out.empty() ? "" : ", ") + f;
  return fmt::format("{} ({} file{})", out, files.size(), files.size() == 1 ? "" : "s");
}

int run_store_add(const Context& ctx, const std::vector<std::string>& files, const std::string& model_ref) {
  auto ws = workspace(ctx);
  auto store = open_store(ctx);
  if (!store) {
    spdlog::error("not stored: {}", file_list(files));
    return exit_failure;
  }
  bool clean = true;
  std::vector<std::string> stored, not_stored;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& file = files[i];
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
      not_stored.push_back(file);
      continue;
    }
    auto id = store->add(*outcome->result, *text, file);
    if (!id.ok() && id.error.failure == StoreFailure::invalid) {
      spdlog::error("{}: not stored: {}", file, id.error.what);
      clean = false;
      not_stored.push_back(file);
      continue;
    }
    if (!id.ok()) {
      // The store itself failed (a full disk, an I/O error, a lock held too long):
      // this file and every one after it are not stored; say which.
      spdlog::error("{}: not stored: {}", file, id.error.message());
      not_stored.insert(not_stored.end(), files.begin() + static_cast<std::ptrdiff_t>(i), files.end());
      if (!stored.empty()) spdlog::error("stored: {}", file_list(stored));
      spdlog::error("not stored: {}", file_list(not_stored));
      return exit_failure;
    }
    stored.push_back(file);
    std::cout << fmt::format("{}\t{}\n", *id.value, file) << std::flush;  // acknowledged: committed
  }
  return clean ? exit_ok : exit_invalid;
}

// backup and restore: open the store, run `step` on `file`, say "DONE N results TO_FROM FILE", or fail
// with `status`.
int store_copy(const Context& ctx, const std::string& file, const char* what, const char* done, const char* to_from,
               int status, Store::Access access, Stored<std::size_t> (Store::*step)(const std::filesystem::path&)) {
  auto store = open_store(ctx, access);
  if (!store) return exit_failure;
  auto n = ((*store).*step)(file);
  if (!n.ok()) {
    spdlog::error("{} failed: {}", what, n.error.message());
    return status;
  }
  if (!ctx.quiet) std::cout << fmt::format("{} {} result{} {} {}\n", done, *n.value, *n.value == 1 ? "" : "s", to_from, file);
  return exit_ok;
}

int run_store_backup(const Context& ctx, const std::string& file) {
  return store_copy(ctx, file, "backup", "backed up", "to", exit_failure, Store::Access::read_only, &Store::backup);
}

int run_store_restore(const Context& ctx, const std::string& file) {
  return store_copy(ctx, file, "restore", "restored", "from", exit_invalid, Store::Access::read_write, &Store::restore);
}

int run_store_list(const Context& ctx, const std::string& subject, const std::string& model, const std::string& format) {
  const FormatTable& table = builtin_formats();
  if (!output_format(table, View::stored, OutputOptions{format, "", "", ""})) return exit_invalid;
  auto store = open_store_to_read(ctx);
  if (!store) return exit_failure;
  auto entries = store->list(subject, model);
  if (!entries.ok()) {
    spdlog::error("{}", entries.error.message());
    return exit_failure;
  }
  return emit_view(table, View::stored, StoredListing{std::move(*entries.value)}, OutputOptions{format, "", "", ""},
                   RenderOptions{});
}

int run_store_show(const Context& ctx, std::int64_t id, bool source) {
  auto store = open_store_to_read(ctx);
  if (!store) return exit_failure;
  auto content = source ? store->source(id) : store->result_json(id);
  if (!content.ok()) {
    spdlog::error("{}", content.not_found() ? content.error.what : content.error.message());
    return status_of(content.error);
  }
  return emit(source ? *content.value : nlohmann::ordered_json::parse(*content.value).dump(2) + "\n", "");
}

int run_store_rm(const Context& ctx, const std::vector<std::int64_t>& ids) {
  auto store = open_store(ctx);
  if (!store) return exit_failure;
  int status = exit_ok;
  for (auto id : ids) {
    auto removed = store->remove(id);
    if (removed.ok()) continue;
    if (removed.not_found()) {
      spdlog::error("{}", removed.error.what);
      status = exit_invalid;
      continue;
    }
    spdlog::error("{}", removed.error.message());  // the store failed: the rest would too
    return exit_failure;
  }
  return status;
}

int run_store_export(const Context& ctx, const OutputOptions& out) {
  const FormatTable& table = builtin_formats();
  if (!output_format(table, View::store_export, out, "jsonl")) return exit_invalid;
  auto store = open_store_to_read(ctx);
  if (!store) return exit_failure;
  StoredResults results;
  auto entries = store->list();
  if (!entries.ok()) {
    spdlog::error("{}", entries.error.message());
    return exit_failure;
  }
  results.entries = std::move(*entries.value);
  for (const auto& e : results.entries) {
    auto json = store->result_json(e.id);
    if (!json.ok()) {  // not_found too: a row listed a moment ago
      spdlog::error("{}", json.error.message());
      return exit_failure;
    }
    results.results.push_back(std::move(*json.value));
  }
  return emit_view(table, View::store_export, results, out, RenderOptions{}, "jsonl");
}

int run_history(const Context& ctx, const std::string& subject, const std::string& model, const OutputOptions& out) {
  const FormatTable& table = builtin_formats();
  if (!output_format(table, View::history, out)) return exit_invalid;
  auto store = open_store_to_read(ctx);
  if (!store) return exit_failure;
  auto points = store->history(subject, model);
  if (!points.ok()) {
    spdlog::error("{}", points.error.message());
    return exit_failure;
  }
  Diagnostics diagnostics;
  const auto firm = brand(out, diagnostics);
  if (diagnostics.has_errors()) {
    print(diagnostics, ctx.quiet);
    return exit_for(diagnostics);
  }
  History history{subject, std::move(*points.value), {}};
  // Names for the human views: each point's model, where it can be found.
  std::unique_ptr<Workspace> ws = history.points.empty() ? nullptr : workspace(ctx);
  for (const auto& p : history.points)
    if (!history.models.count(p.entry.model)) {
      Diagnostics ignored;
      if (auto m = ws->model(p.entry.model, ignored)) history.models.emplace(p.entry.model, std::move(m));
    }
  return emit_view(table, View::history, history, out, RenderOptions{out.locale, nullptr, firm.get()});
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
  history->add_option("--locale", a->out.locale, "Name levels, groups and models in this locale where the model gives them");
  history->add_option("--brand", a->out.brand, "An mmf-brand/1 file: the firm's name, logo, colours and marks for docx and pdf");
  on(history, [&ctx, a] { return run_history(ctx, a->subject, a->model, a->out); });
}

}  // namespace mmf::host
