// The commands behind `mmf`: each loads through core, prints diagnostics to
// stderr, and writes results to stdout or, atomically, to -o FILE.
#include "commands.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <iostream>

#include <unistd.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "mmf/mmf.hpp"
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

ModelCatalog catalog_for(const Context& ctx) { return ModelCatalog(model_dirs(ctx.models_dirs)); }

// Loads every plugin found; refusals are logged as warnings and the command goes on.
std::unique_ptr<PluginHost> load_plugins(const Context& ctx) {
  auto host = std::make_unique<PluginHost>();
  std::error_code ec;
  for (const auto& dir : plugin_dirs(ctx.plugin_dirs)) {
    if (!fs::is_directory(dir, ec)) {
      spdlog::warn("plugin directory {} does not exist", dir.string());
      continue;
    }
    host->load_directory(dir);
  }
  return host;
}

std::string known_formats(const Registry& registry) {
  std::string s = "text, json, markdown, html, csv, xlsx";
  for (const auto& r : registry.renderers()) s += ", " + r.format;
  return s;
}

// Only the errors of `from`: a model's lint warnings belong to `mmf validate`,
// not to every command that uses the model.
void append_errors(Diagnostics& out, const Diagnostics& from) {
  for (const auto& d : from.items())
    if (d.severity == Severity::error) out.add(d);
}

// MODEL is a path to a model file or the id of a model in the search path.
std::shared_ptr<const Model> resolve_model(const Context& ctx, const std::string& ref, const Registry& registry,
                                           Diagnostics& out) {
  std::error_code ec;
  fs::path file;
  ModelCatalog catalog = catalog_for(ctx);
  if (looks_like_path(ref) || fs::is_regular_file(ref, ec)) {
    file = ref;
  } else {
    file = catalog.find(ref);
    if (file.empty()) {
      std::string dirs;
      for (const auto& d : catalog.dirs()) dirs += (dirs.empty() ? "" : ", ") + d.string();
      out.error(Location{std::make_shared<const std::string>("mmf"), {}},
                fmt::format("model '{}' not found (searched: {}); give a path, or --models-dir DIR", ref,
                            dirs.empty() ? "no directory" : dirs));
      return nullptr;
    }
  }
  auto loaded = load_model(file, catalog.finder());
  append_errors(out, loaded.diagnostics);
  if (!loaded.ok()) return nullptr;
  if (!looks_like_path(ref) && !fs::is_regular_file(ref, ec) && loaded.value->id != ref) {
    out.error(loaded.value->loc, fmt::format("file is named for model '{}' but holds model '{}'", ref,
                                             loaded.value->id));
    return nullptr;
  }
  check_model_extensions(*loaded.value, registry, out);
  if (out.has_errors()) return nullptr;
  spdlog::debug("model {} {} from {}", loaded.value->id, loaded.value->version, file.string());
  return loaded.value;
}

// An assessment file and the model it is scored under: MODEL if given, else
// the model the assessment names. The model is null when either fails.
struct Scorable {
  Loaded<Assessment> assessment;
  std::shared_ptr<const Model> model;
};
Scorable load_scorable(const Context& ctx, const std::string& file, const std::string& model_ref,
                       const Registry& registry, Diagnostics& diagnostics) {
  Scorable s{load_assessment(file), nullptr};
  diagnostics.append(s.assessment.diagnostics);
  if (s.assessment.ok())
    s.model = resolve_model(ctx, model_ref.empty() ? s.assessment.value->model : model_ref, registry, diagnostics);
  return s;
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

bool is_csv_name(const std::string& file) {
  std::string ext = std::filesystem::path(file).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".csv";
}

std::string default_format(const OutputOptions& out) {
  if (!out.format.empty()) return out.format;
  return out.output.empty() && ::isatty(STDOUT_FILENO) ? "text" : "json";
}

}  // namespace

int run_models(const Context& ctx, const std::string& format) {
  Diagnostics problems;
  auto entries = catalog_for(ctx).list(problems);
  print(problems, ctx.quiet);
  if (entries.empty()) {
    std::string looked;
    for (const auto& place : model_dir_candidates(ctx.models_dirs)) looked += "\n  " + place;
    spdlog::warn("no models found; looked in:{}\nGive --models-dir DIR or set MMF_MODEL_PATH to a directory of "
                 "model files", looked);
  }
  std::string out;
  if (format == "json") {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& e : entries)
      list.push_back({{"id", e.id}, {"version", e.version}, {"name", e.name}, {"file", e.file.string()}});
    out = list.dump(2) + "\n";
  } else {
    std::size_t id_w = 2, version_w = 7, name_w = 4;
    for (const auto& e : entries) {
      id_w = std::max(id_w, e.id.size());
      version_w = std::max(version_w, e.version.size());
      name_w = std::max(name_w, e.name.size());
    }
    out += fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", "ID", id_w, "VERSION", version_w, "NAME", name_w, "FILE");
    for (const auto& e : entries)
      out += fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", e.id, id_w, e.version, version_w, e.name, name_w,
                         e.file.string());
  }
  return emit(out, "");
}

int run_plugins(const Context& ctx, const std::string& format) {
  auto host = load_plugins(ctx);
  const Registry& registry = host->registry();
  std::string out;
  if (format == "json") {
    nlohmann::ordered_json j;
    j["api"] = fmt::format("{}.{}", plugin_api_major, plugin_api_minor);
    j["plugins"] = nlohmann::ordered_json::array();
    for (const auto& p : registry.plugins())
      j["plugins"].push_back({{"name", p.name},
                              {"version", p.version},
                              {"api", fmt::format("{}.{}", p.api_major, p.api_minor)},
                              {"file", p.file.string()},
                              {"description", p.description},
                              {"registered", p.registered}});
    j["refused"] = nlohmann::ordered_json::array();
    for (const auto& r : host->refusals()) j["refused"].push_back({{"file", r.file.string()}, {"reason", r.reason}});
    out = j.dump(2) + "\n";
  } else {
    out += fmt::format("Plugin API {}.{}\n", plugin_api_major, plugin_api_minor);
    if (registry.plugins().empty()) out += "\nNo plugins loaded.\n";
    for (const auto& p : registry.plugins()) {
      out += fmt::format("\n{} {} (API {}.{})\n  {}\n  {}\n", p.name, p.version, p.api_major, p.api_minor,
                         p.description, p.file.string());
      for (const auto& r : p.registered) out += "  + " + r + "\n";
    }
    if (!host->refusals().empty()) {
      out += "\nRefused\n";
      for (const auto& r : host->refusals()) out += fmt::format("  {}: {}\n", r.file.string(), r.reason);
    }
  }
  return emit(out, "");
}

int run_show(const Context& ctx, const std::string& model_ref, const std::string& locale, bool resolved) {
  Diagnostics diagnostics;
  auto plugins = load_plugins(ctx);
  auto model = resolve_model(ctx, model_ref, plugins->registry(), diagnostics);
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
  auto plugins = load_plugins(ctx);
  const Registry& registry = plugins->registry();
  for (const auto& file : files) {
    Diagnostics diagnostics;
    std::string summary;
    FileKind kind = sniff_kind(file);
    if (kind == FileKind::model) {
      ModelCatalog catalog = catalog_for(ctx);
      auto loaded = load_model(file, catalog.finder());
      diagnostics.append(loaded.diagnostics);
      if (loaded.ok()) {
        check_model_extensions(*loaded.value, registry, diagnostics);
        summary = fmt::format("model '{}' {}, {} questions", loaded.value->id, loaded.value->version,
                              loaded.value->questions.size());
      }
    } else {
      auto loaded = load_assessment(file);
      diagnostics.append(loaded.diagnostics);
      if (loaded.ok()) {
        const Assessment& a = *loaded.value;
        auto model = resolve_model(ctx, model_ref.empty() ? a.model : model_ref, registry, diagnostics);
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
  auto plugins = load_plugins(ctx);
  auto model = resolve_model(ctx, model_ref, plugins->registry(), diagnostics);
  print(diagnostics, ctx.quiet);
  if (!model) return exit_invalid;
  if (out.format == "csv") return emit(render_template_csv(*model), out.output);
  return emit(render_template(*model, RenderOptions{out.locale}), out.output);
}

namespace {

// Renders a result in a built-in format or a plugin's, and writes it out.
int emit_result(const Result& result, const Registry& registry, const OutputOptions& out) {
  std::string format = default_format(out);
  RenderOptions render{out.locale, &registry};
  std::string content;
  if (format == "json") {
    content = render_json(result, render);
  } else if (format == "markdown" || format == "md") {
    content = render_markdown(result, render);
  } else if (format == "text") {
    content = render_text(result, render);
  } else if (format == "html") {
    content = render_html(result, render);
  } else if (format == "csv") {
    content = render_csv(result, render);
  } else if (format == "xlsx") {
    if (out.output.empty() && ::isatty(STDOUT_FILENO)) {
      spdlog::error("an xlsx workbook is binary: give -o FILE.xlsx");
      return exit_invalid;
    }
    try {
      content = render_xlsx(result, render);
    } catch (const std::exception& e) {
      spdlog::error("{}", e.what());
      return exit_failure;
    }
  } else if (const auto* renderer = registry.find_renderer(format)) {
    try {
      content = renderer->renderer->render(result, render);
    } catch (const std::exception& e) {
      spdlog::error("plugin '{}' failed in renderer '{}': {}", renderer->owner, renderer->format, e.what());
      return exit_failure;
    }
  } else {
    spdlog::error("unknown --format '{}' (known: {})", format, known_formats(registry));
    return exit_invalid;
  }
  return emit(content, out.output);
}

bool format_known(const Registry& registry, const OutputOptions& out) {
  std::string format = default_format(out);
  if (format == "text" || format == "json" || format == "markdown" || format == "md" || format == "html" ||
      format == "csv" || format == "xlsx" || registry.find_renderer(format))
    return true;
  spdlog::error("unknown --format '{}' (known: {})", format, known_formats(registry));
  return false;
}

}  // namespace

int run_crosswalk(const Context& ctx, const std::string& assessment_file, const std::string& to_ref,
                  const std::string& map_file, const std::string& target, const OutputOptions& out) {
  auto plugins = load_plugins(ctx);
  const Registry& registry = plugins->registry();
  if (!format_known(registry, out)) return exit_invalid;
  Diagnostics diagnostics;
  auto assessment = load_assessment(assessment_file);
  diagnostics.append(assessment.diagnostics);
  if (!assessment.ok()) {
    print(diagnostics, ctx.quiet);
    return exit_invalid;
  }
  auto from = resolve_model(ctx, assessment.value->model, registry, diagnostics);
  auto to = resolve_model(ctx, to_ref, registry, diagnostics);
  if (from) check_assessment(*assessment.value, *from, diagnostics, CheckOptions{ctx.ignore_model_version});
  if (!from || !to || diagnostics.has_errors()) {
    print(diagnostics, ctx.quiet);
    return exit_invalid;
  }
  std::filesystem::path map = map_file;
  if (map.empty()) {
    map = find_crosswalk(model_dirs(ctx.models_dirs), from->id, to->id);
    if (map.empty()) {
      print(diagnostics, ctx.quiet);
      spdlog::error("no crosswalk from '{}' to '{}' in the model directories' crosswalks/; give one with --map FILE",
                    from->id, to->id);
      return exit_invalid;
    }
  }
  auto crosswalk = load_crosswalk(map);
  diagnostics.append(crosswalk.diagnostics);
  if (crosswalk.ok()) check_crosswalk(*crosswalk.value, *from, *to, diagnostics);
  if (!crosswalk.ok() || diagnostics.has_errors()) {
    print(diagnostics, ctx.quiet);
    return exit_invalid;
  }
  spdlog::debug("crosswalk {} from {}", crosswalk.value->id, map.string());
  auto converted = apply_crosswalk(*crosswalk.value, *from, *to, *assessment.value);
  auto outcome = assess(to, converted.converted, registry, AssessOptions{target, true, ctx.ignore_model_version});
  diagnostics.append(outcome.diagnostics);
  print(diagnostics, ctx.quiet);
  if (!outcome.ok()) return exit_invalid;
  outcome.result->crosswalk = std::move(converted.report);
  return emit_result(*outcome.result, registry, out);
}

int run_roadmap(const Context& ctx, const std::string& assessment_file, const std::string& model_ref,
                const std::string& target, std::size_t phases, const OutputOptions& out) {
  auto plugins = load_plugins(ctx);
  const Registry& registry = plugins->registry();
  Diagnostics diagnostics;
  auto [assessment, model] = load_scorable(ctx, assessment_file, model_ref, registry, diagnostics);
  if (!model) {
    print(diagnostics, ctx.quiet);
    return exit_invalid;
  }
  auto roadmap = plan_roadmap(model, *assessment.value, registry, RoadmapOptions{target, phases, ctx.ignore_model_version}, diagnostics);
  print(diagnostics, ctx.quiet);
  if (diagnostics.has_errors()) return exit_invalid;
  std::string format = default_format(out);
  RenderOptions render{out.locale};
  if (format == "json") return emit(render_roadmap_json(roadmap, render), out.output);
  if (format == "markdown" || format == "md") return emit(render_roadmap_markdown(roadmap, render), out.output);
  if (format == "text") return emit(render_roadmap_text(roadmap, render), out.output);
  spdlog::error("unknown --format '{}' (known: text, json, markdown)", format);
  return exit_invalid;
}

int run_compare(const Context& ctx, const std::vector<std::string>& files, const std::string& model_ref,
                const std::string& by, const OutputOptions& out) {
  auto plugins = load_plugins(ctx);
  const Registry& registry = plugins->registry();
  Diagnostics diagnostics;
  Comparison comparison;
  if (!by.empty() && files.size() != 1) {
    spdlog::error("--by splits one assessment; give exactly one file");
    return exit_invalid;
  }
  for (const auto& file : files) {
    auto a = load_assessment(file);
    diagnostics.append(a.diagnostics);
    if (!a.ok()) continue;
    auto model = resolve_model(ctx, model_ref.empty() ? a.value->model : model_ref, registry, diagnostics);
    if (!model) continue;
    if (!by.empty()) {
      Diagnostics check;
      check_assessment(*a.value, *model, check, CheckOptions{ctx.ignore_model_version});
      diagnostics.append(check);
      if (check.has_errors()) continue;
      for (auto& part : assess_parts(model, *a.value, registry, by == "unit" ? Split::unit : Split::respondent,
                                       AssessOptions{"", true, ctx.ignore_model_version})) {
        comparison.labels.push_back(part.key.empty() ? "(none)" : part.key);
        comparison.results.push_back(std::move(part.result));
      }
      continue;
    }
    auto outcome = assess(model, *a.value, registry, AssessOptions{"", false, ctx.ignore_model_version});
    diagnostics.append(outcome.diagnostics);
    if (outcome.ok()) comparison.results.push_back(std::move(*outcome.result));
  }
  print(diagnostics, ctx.quiet);
  if (diagnostics.has_errors()) return exit_invalid;
  if (by.empty()) comparison.labels = default_labels(comparison.results);
  std::string format = default_format(out);
  RenderOptions render{out.locale};
  if (format == "json") return emit(render_comparison_json(comparison, render), out.output);
  if (format == "csv") return emit(render_comparison_csv(comparison, render), out.output);
  if (format == "html") return emit(render_comparison_html(comparison, render), out.output);
  if (format == "xlsx") return emit(render_comparison_xlsx(comparison, render), out.output);
  if (format == "markdown" || format == "md") return emit(render_comparison_markdown(comparison, render), out.output);
  if (format == "text") return emit(render_comparison_text(comparison, render), out.output);
  spdlog::error("unknown --format '{}' (known: text, json, markdown, csv, html, xlsx)", format);
  return exit_invalid;
}

int run_batch(const Context& ctx, const std::string& model_ref, const std::vector<std::string>& inputs,
              const OutputOptions& out, const CsvArgs& csv_args, unsigned threads, bool keep_going) {
  auto plugins = load_plugins(ctx);
  const Registry& registry = plugins->registry();
  Diagnostics diagnostics;
  auto model = resolve_model(ctx, model_ref, registry, diagnostics);
  CsvOptions csv;
  if (model) csv = csv_options(csv_args, *model, diagnostics);
  print(diagnostics, ctx.quiet);
  if (!model || diagnostics.has_errors()) return exit_invalid;
  std::string format = out.format.empty() ? "csv" : out.format;
  if (format != "csv" && format != "jsonl") {
    spdlog::error("unknown --format '{}' (known: csv, jsonl)", format);
    return exit_invalid;
  }
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
  BatchScorer scorer(model, registry, format == "csv" ? BatchFormat::csv : BatchFormat::jsonl, file.stream(),
                     [&](const Diagnostic& d) {
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
  auto plugins = load_plugins(ctx);
  const Registry& registry = plugins->registry();
  Diagnostics diagnostics;
  auto [assessment, model] = load_scorable(ctx, assessment_file, model_ref, registry, diagnostics);
  if (!model) {
    print(diagnostics, ctx.quiet);
    return exit_invalid;
  }
  auto outcome = assess(model, *assessment.value, registry, AssessOptions{"", false, ctx.ignore_model_version});
  diagnostics.append(outcome.diagnostics);
  print(diagnostics, ctx.quiet);
  if (!outcome.ok()) return exit_invalid;
  std::string error;
  auto population = load_population(population_file, error);
  if (!population) {
    spdlog::error("{}: {}", population_file, error);
    return exit_invalid;
  }
  std::string format = default_format(out);
  if (format != "json" && format != "text") {
    spdlog::error("unknown --format '{}' (known: text, json)", format);
    return exit_invalid;
  }
  auto standing = benchmark(*outcome.result, *population);
  return emit(format == "json" ? render_benchmark_json(standing) : render_benchmark_text(standing), out.output);
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
  auto plugins = load_plugins(ctx);
  const Registry& registry = plugins->registry();
  auto store = open_store(ctx);
  if (!store) return exit_failure;
  bool clean = true;
  for (const auto& file : files) {
    Diagnostics diagnostics;
    std::string error;
    auto text = read_file(file, max_input_bytes, error);
    if (!text) {
      spdlog::error("{}: {}", file, error);
      clean = false;
      continue;
    }
    auto a = parse_assessment(*text, file);
    diagnostics.append(a.diagnostics);
    std::shared_ptr<const Model> model;
    if (a.ok()) model = resolve_model(ctx, model_ref.empty() ? a.value->model : model_ref, registry, diagnostics);
    std::optional<AssessOutcome> outcome;
    if (model) {
      outcome = assess(model, *a.value, registry, AssessOptions{"", true, ctx.ignore_model_version});
      diagnostics.append(outcome->diagnostics);
    }
    print(diagnostics, ctx.quiet);
    if (!outcome || !outcome->ok()) {
      clean = false;
      continue;
    }
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
  auto store = open_store(ctx);
  if (!store) return exit_failure;
  auto entries = store->list(subject, model);
  std::string out;
  if (format == "json") {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& e : entries)
      j.push_back({{"id", e.id}, {"subject", e.subject}, {"model", e.model}, {"model_version", e.model_version},
                   {"date", e.date}, {"added", e.added}, {"percent", e.percent}, {"level", e.level}});
    out = j.dump(2) + "\n";
  } else {
    out = fmt::format("{:>5}  {:<10}  {:<12}  {:>7}  {:<20}  {}\n", "ID", "DATE", "MODEL", "PERCENT", "LEVEL", "SUBJECT");
    for (const auto& e : entries)
      out += fmt::format("{:>5}  {:<10}  {:<12}  {:>6.1f}%  {:<20}  {}\n", e.id, e.date, e.model, e.percent, e.level,
                         e.subject);
  }
  return emit(out, "");
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
  auto store = open_store(ctx);
  if (!store) return exit_failure;
  std::string format = out.format.empty() ? "jsonl" : out.format;
  std::string content;
  if (format == "jsonl") {
    for (const auto& e : store->list())
      if (auto r = store->result_json(e.id)) {
        auto j = nlohmann::ordered_json::parse(*r);
        j["id"] = e.id;
        content += j.dump() + "\n";
      }
  } else if (format == "csv") {
    content = "id,subject,model,model_version,date,added,percent,level\n";
    for (const auto& e : store->list())
      content += fmt::format("{},{},{},{},{},{},{},{}\n", e.id, csv_field(e.subject), csv_field(e.model),
                             csv_field(e.model_version), csv_field(e.date), csv_field(e.added), e.percent,
                             csv_field(e.level));
  } else {
    spdlog::error("unknown --format '{}' (known: jsonl, csv)", format);
    return exit_invalid;
  }
  return emit(content, out.output);
}

int run_history(const Context& ctx, const std::string& subject, const std::string& model, const OutputOptions& out) {
  auto store = open_store(ctx);
  if (!store) return exit_failure;
  auto points = store->history(subject, model);
  std::string format = default_format(out);
  if (format == "json") return emit(render_history_json(points, subject), out.output);
  if (format == "csv") return emit(render_history_csv(points), out.output);
  if (format == "html") return emit(render_history_html(points, subject), out.output);
  if (format == "xlsx") return emit(render_history_xlsx(points, subject), out.output);
  if (format == "markdown" || format == "md") return emit(render_history_markdown(points, subject), out.output);
  if (format == "text") return emit(render_history_text(points, subject), out.output);
  spdlog::error("unknown --format '{}' (known: text, json, markdown, csv, html, xlsx)", format);
  return exit_invalid;
}

int run_assess(const Context& ctx, const std::string& model_ref, const std::string& assessment_file,
               const std::string& target, const std::string& input_format, const OutputOptions& out,
               const CsvArgs& csv_args) {
  auto plugins = load_plugins(ctx);
  const Registry& registry = plugins->registry();
  if (!format_known(registry, out)) return exit_invalid;
  const Registry::Importer* importer =
      input_format.empty() ? registry.importer_for(assessment_file) : registry.find_importer(input_format);
  if (!input_format.empty() && !importer && input_format != "toml" && input_format != "json" && input_format != "csv") {
    spdlog::error("unknown --input-format '{}'", input_format);
    return exit_invalid;
  }

  Diagnostics diagnostics;
  auto model = resolve_model(ctx, model_ref, registry, diagnostics);
  Loaded<Assessment> assessment;
  const bool csv = input_format == "csv" || (input_format.empty() && !importer && is_csv_name(assessment_file));
  if (csv && model) {
    // One subject's respondents, one row each; without a subject column the
    // file's name is the subject.
    CsvOptions options = csv_options(csv_args, *model, diagnostics);
    std::string error;
    auto text = read_file(assessment_file, max_input_bytes, error);
    if (!text) assessment.diagnostics.error(Location{std::make_shared<const std::string>(assessment_file), {}}, error);
    else if (!diagnostics.has_errors())
      assessment = parse_assessment_csv(*text, assessment_file, *model, options,
                                        std::filesystem::path(assessment_file).stem().string());
  } else if (importer) {
    std::string error;
    auto text = read_file(assessment_file, max_input_bytes, error);
    if (!text) {
      assessment.diagnostics.error(Location{std::make_shared<const std::string>(assessment_file), {}}, error);
    } else {
      try {
        assessment = importer->importer->import(*text, assessment_file);
      } catch (const std::exception& e) {
        assessment.diagnostics.error(Location{std::make_shared<const std::string>(assessment_file), {}},
                                     fmt::format("plugin '{}' failed in importer '{}': {}", importer->owner,
                                                 importer->format, e.what()));
      }
    }
  } else {
    assessment = load_assessment(assessment_file);
  }
  diagnostics.append(assessment.diagnostics);
  if (!model || !assessment.ok()) {
    print(diagnostics, ctx.quiet);
    return exit_invalid;
  }
  auto outcome = assess(model, *assessment.value, registry, AssessOptions{target, true, ctx.ignore_model_version});
  diagnostics.append(outcome.diagnostics);
  print(diagnostics, ctx.quiet);
  if (!outcome.ok()) return exit_invalid;
  return emit_result(*outcome.result, registry, out);
}

}  // namespace mmf::host
