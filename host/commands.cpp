// The commands behind `mmf`: each loads through core, prints diagnostics to
// stderr, and writes results to stdout or, atomically, to -o FILE.
#include "commands.h"

#include <cctype>
#include <type_traits>
#include <chrono>
#include <cstdio>
#include <iostream>

#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "mmf/mmf.hpp"
#include "mmf/workspace.h"
#include "search_paths.h"

namespace mmf::host {

namespace fs = std::filesystem;

namespace {

void print(const Diagnostics& diagnostics, bool quiet) {
  Diagnostics sorted = diagnostics;
  sorted.sort();
  for (const auto& d : sorted.items())
    if (d.severity == Severity::error || !quiet) std::cerr << d.str() << '\n';
}

// Writes a result to stdout, or atomically to a file.
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
  options.ignore_model_version = ctx.ignore_model_version;
  options.not_found_hint = "; give a path, or --models-dir DIR";
  return std::make_unique<Workspace>(std::move(options));
}

// The format -o and --format ask for: --format, else `fallback`; for views
// read on a terminal, text there and json elsewhere.
std::string chosen_format(const OutputOptions& out, const char* fallback) {
  if (!out.format.empty()) return out.format;
  if (fallback) return fallback;
  return out.output.empty() && ::isatty(STDOUT_FILENO) ? "text" : "json";
}

// The format's entry in the table, or nullptr after saying which are known.
const OutputFormatInfo* output_format(const FormatTable& table, View view, const OutputOptions& out,
                                      const char* fallback = nullptr) {
  std::string format = chosen_format(out, fallback);
  const OutputFormatInfo* info = table.find_output(view, format);
  if (!info) spdlog::error("unknown --format '{}' (known: {})", format, table.names(view));
  else if (info->binary && (out.output.empty() || out.output == "-") && ::isatty(STDOUT_FILENO)) {
    spdlog::error("{} output is binary: give -o FILE.{}", info->name, info->name);
    return nullptr;
  }
  return info;
}

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

}  // namespace

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
  FormatTable table;  // listings have built-in formats only
  return emit_view(table, View::models, listing, OutputOptions{format, "", ""}, RenderOptions{});
}

int run_plugins(const Context& ctx, const std::string& format) {
  auto ws = workspace(ctx);
  return emit_view(ws->formats(), View::plugins, PluginListing{ws->plugins()}, OutputOptions{format, "", ""},
                   RenderOptions{});
}

int run_formats(const Context& ctx, const std::string& format) {
  auto ws = workspace(ctx);
  return emit_view(ws->formats(), View::formats, FormatListing{ws->formats()}, OutputOptions{format, "", ""},
                   RenderOptions{});
}

int run_show(const Context& ctx, const std::string& model_ref, const std::string& locale, bool resolved) {
  Diagnostics diagnostics;
  auto ws = workspace(ctx);
  auto model = ws->model(model_ref, diagnostics);
  print(diagnostics, ctx.quiet);
  if (!model) return exit_invalid;
  return emit(resolved ? render_model_toml(*model) : render_model(*model, RenderOptions{locale}), "");
}

namespace {

// The model's questions that some respondent answered ("na" counts, as in
// coverage); a blank template's "" entries do not.
std::size_t answered_questions(const Assessment& a, const Model& model) {
  std::vector<bool> answered(model.questions.size(), false);
  for (const auto& r : a.respondents)
    for (const auto& answer : r.answers)
      if (std::size_t q = model.find_question(answer.question); q != npos && answer.kind != Answer::Kind::empty)
        answered[q] = true;
  return static_cast<std::size_t>(std::count(answered.begin(), answered.end(), true));
}

}  // namespace

int run_validate(const Context& ctx, const std::vector<std::string>& files, const std::string& model_ref) {
  bool all_clean = true;
  auto ws = workspace(ctx);
  for (const auto& file : files) {
    Diagnostics diagnostics;
    std::string summary;
    FileKind kind = sniff_kind(file);
    if (kind == FileKind::model) {
      auto loaded = load_model(file, ws->catalog().finder());
      diagnostics.append(loaded.diagnostics);
      if (loaded.ok()) {
        check_model_extensions(*loaded.value, ws->registry(), diagnostics);
        summary = fmt::format("model '{}' {}, {} questions", loaded.value->id, loaded.value->version,
                              loaded.value->questions.size());
      }
    } else {
      auto loaded = load_assessment(file);
      diagnostics.append(loaded.diagnostics);
      if (loaded.ok()) {
        const Assessment& a = *loaded.value;
        auto model = ws->model(model_ref.empty() ? a.model : model_ref, diagnostics);
        if (model) {
          check_assessment(a, *model, diagnostics, CheckOptions{ctx.ignore_model_version});
          summary = fmt::format("assessment of '{}' for model '{}', {} respondent{}, {} of {} answered", a.subject,
                                a.model, a.respondents.size(), a.respondents.size() == 1 ? "" : "s",
                                answered_questions(a, *model), model->questions.size());
        }
      }
    }
    print(diagnostics, ctx.quiet);
    if (diagnostics.has_errors()) {
      all_clean = false;
      if (!ctx.quiet)
        std::cout << fmt::format("{}: invalid ({} error{})\n", file, diagnostics.error_count(),
                                 diagnostics.error_count() == 1 ? "" : "s");
    } else if (!ctx.quiet) {
      std::cout << fmt::format("{}: ok — {}\n", file, summary);
    }
  }
  std::cout.flush();
  return all_clean ? exit_ok : exit_invalid;
}

int run_template(const Context& ctx, const std::string& model_ref, const OutputOptions& out) {
  Diagnostics diagnostics;
  auto ws = workspace(ctx);
  if (!output_format(ws->formats(), View::blank, out, "toml")) return exit_invalid;
  auto model = ws->model(model_ref, diagnostics);
  print(diagnostics, ctx.quiet);
  if (!model) return exit_invalid;
  return emit_view(ws->formats(), View::blank, *model, out, RenderOptions{out.locale}, "toml");
}

int run_crosswalk(const Context& ctx, const std::string& assessment_file, const std::string& to_ref,
                  const std::string& map_file, const std::string& target, const OutputOptions& out) {
  auto ws = workspace(ctx);
  if (!output_format(ws->formats(), View::result, out)) return exit_invalid;
  Diagnostics diagnostics;
  auto [assessment, from] = ws->load_scorable(assessment_file, "", diagnostics);
  auto to = assessment.ok() ? ws->model(to_ref, diagnostics) : nullptr;
  if (!from || !to || diagnostics.has_errors()) {
    print(diagnostics, ctx.quiet);
    return exit_invalid;
  }
  auto outcome = ws->crosswalk(*assessment.value, from, to, map_file, target);
  diagnostics.append(outcome.diagnostics);
  print(diagnostics, ctx.quiet);
  if (!outcome.ok()) return exit_invalid;
  return emit_view(ws->formats(), View::result, *outcome.result, out, RenderOptions{out.locale, &ws->registry()});
}

int run_roadmap(const Context& ctx, const std::string& assessment_file, const std::string& model_ref,
                const std::string& target, std::size_t phases, const OutputOptions& out) {
  auto ws = workspace(ctx);
  if (!output_format(ws->formats(), View::roadmap, out)) return exit_invalid;
  Diagnostics diagnostics;
  auto [assessment, model] = ws->load_scorable(assessment_file, model_ref, diagnostics);
  if (!model) {
    print(diagnostics, ctx.quiet);
    return exit_invalid;
  }
  auto roadmap = ws->roadmap(model, *assessment.value, RoadmapOptions{target, phases, false}, diagnostics);
  print(diagnostics, ctx.quiet);
  if (diagnostics.has_errors()) return exit_invalid;
  return emit_view(ws->formats(), View::roadmap, roadmap, out, RenderOptions{out.locale});
}

int run_compare(const Context& ctx, const std::vector<std::string>& files, const std::string& model_ref,
                const std::string& by, const OutputOptions& out) {
  auto ws = workspace(ctx);
  if (!output_format(ws->formats(), View::comparison, out)) return exit_invalid;
  Diagnostics diagnostics;
  Comparison comparison;
  if (!by.empty() && files.size() != 1) {
    spdlog::error("--by splits one assessment; give exactly one file");
    return exit_invalid;
  }
  for (const auto& file : files) {
    auto [a, model] = ws->load_scorable(file, model_ref, diagnostics);
    if (!model) continue;
    if (!by.empty()) {
      for (auto& part : ws->assess_parts(model, *a.value, by == "unit" ? Split::unit : Split::respondent, diagnostics)) {
        comparison.labels.push_back(part.key.empty() ? "(none)" : part.key);
        comparison.results.push_back(std::move(part.result));
      }
      continue;
    }
    auto outcome = ws->assess(model, *a.value, AssessOptions{"", false, false});
    diagnostics.append(outcome.diagnostics);
    if (outcome.ok()) comparison.results.push_back(std::move(*outcome.result));
  }
  print(diagnostics, ctx.quiet);
  if (diagnostics.has_errors()) return exit_invalid;
  if (by.empty()) comparison.labels = default_labels(comparison.results);
  return emit_view(ws->formats(), View::comparison, comparison, out, RenderOptions{out.locale});
}

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
  if (!model || diagnostics.has_errors()) return exit_invalid;
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
  BatchScorer scorer(model, ws->registry(), batch_format(*format), file.stream(), [&](const Diagnostic& d) {
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
  return failed ? exit_invalid : exit_ok;
}

int run_benchmark(const Context& ctx, const std::string& assessment_file, const std::string& population_file,
                  const std::string& model_ref, const OutputOptions& out) {
  auto ws = workspace(ctx);
  if (!output_format(ws->formats(), View::benchmark, out)) return exit_invalid;
  Diagnostics diagnostics;
  auto [assessment, model] = ws->load_scorable(assessment_file, model_ref, diagnostics);
  std::optional<AssessOutcome> outcome;
  if (model) {
    outcome = ws->assess(model, *assessment.value, AssessOptions{"", false, false});
    diagnostics.append(outcome->diagnostics);
  }
  std::optional<Standing> standing;
  if (outcome && outcome->ok()) standing = ws->benchmark(*outcome->result, population_file, diagnostics);
  print(diagnostics, ctx.quiet);
  if (!standing) return exit_invalid;
  return emit_view(ws->formats(), View::benchmark, *standing, out, RenderOptions{});
}

namespace {

std::unique_ptr<Store> open_store(const Context& ctx) {
  std::filesystem::path file = ctx.db.empty() ? default_store_path() : std::filesystem::path(ctx.db);
  std::string error;
  auto store = Store::open(file, error);
  if (!store) spdlog::error("{}: {}", file.string(), error);
  else spdlog::debug("store {}", file.string());
  return store;
}

}  // namespace

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

namespace {

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

}  // namespace

int run_store_backup(const Context& ctx, const std::string& file) {
  return store_copy(ctx, file, "backup", "backed up", "to", exit_failure, &Store::backup);
}

int run_store_restore(const Context& ctx, const std::string& file) {
  return store_copy(ctx, file, "restore", "restored", "from", exit_invalid, &Store::restore);
}

int run_store_list(const Context& ctx, const std::string& subject, const std::string& model, const std::string& format) {
  FormatTable table;
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
  FormatTable table;
  if (!output_format(table, View::store_export, out, "jsonl")) return exit_invalid;
  auto store = open_store(ctx);
  if (!store) return exit_failure;
  StoredResults results;
  results.entries = store->list();
  for (const auto& e : results.entries) results.results.push_back(store->result_json(e.id).value_or(""));
  return emit_view(table, View::store_export, results, out, RenderOptions{}, "jsonl");
}

int run_history(const Context& ctx, const std::string& subject, const std::string& model, const OutputOptions& out) {
  FormatTable table;
  if (!output_format(table, View::history, out)) return exit_invalid;
  auto store = open_store(ctx);
  if (!store) return exit_failure;
  return emit_view(table, View::history, History{subject, store->history(subject, model)}, out, RenderOptions{});
}

int run_assess(const Context& ctx, const std::string& model_ref, const std::string& assessment_file,
               const std::string& target, const std::string& input_format, const OutputOptions& out,
               const CsvArgs& csv_args) {
  auto ws = workspace(ctx);
  if (!output_format(ws->formats(), View::result, out)) return exit_invalid;
  Diagnostics diagnostics;
  const InputFormatInfo* input = ws->input_format(input_format, assessment_file, diagnostics);
  if (diagnostics.has_errors()) {
    print(diagnostics, ctx.quiet);
    return exit_invalid;
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
    return exit_invalid;
  }
  auto outcome = ws->assess(model, *assessment.value, AssessOptions{target, true, false});
  diagnostics.append(outcome.diagnostics);
  print(diagnostics, ctx.quiet);
  if (!outcome.ok()) return exit_invalid;
  return emit_view(ws->formats(), View::result, *outcome.result, out, RenderOptions{out.locale, &ws->registry()});
}

}  // namespace mmf::host
