// The commands behind `mmf`: each loads through core, prints diagnostics to
// stderr, and writes results to stdout or, atomically, to -o FILE.
#include "commands.h"

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

// Only the errors of `from`: a model's lint warnings belong to `mmf validate`,
// not to every command that uses the model.
void append_errors(Diagnostics& out, const Diagnostics& from) {
  for (const auto& d : from.items())
    if (d.severity == Severity::error) out.add(d);
}

// MODEL is a path to a model file or the id of a model in the search path.
std::shared_ptr<const Model> resolve_model(const Context& ctx, const std::string& ref, Diagnostics& out) {
  std::error_code ec;
  fs::path file;
  if (looks_like_path(ref) || fs::is_regular_file(ref, ec)) {
    file = ref;
  } else {
    ModelCatalog catalog = catalog_for(ctx);
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
  auto loaded = load_model(file);
  append_errors(out, loaded.diagnostics);
  if (!loaded.ok()) return nullptr;
  if (!looks_like_path(ref) && !fs::is_regular_file(ref, ec) && loaded.value->id != ref) {
    out.error(loaded.value->loc, fmt::format("file is named for model '{}' but holds model '{}'", ref,
                                             loaded.value->id));
    return nullptr;
  }
  RuleRegistry rules = RuleRegistry::with_builtins();
  check_model_rule(*loaded.value, rules, out);
  if (out.has_errors()) return nullptr;
  spdlog::debug("model {} {} from {}", loaded.value->id, loaded.value->version, file.string());
  return loaded.value;
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

int run_show(const Context& ctx, const std::string& model_ref, const std::string& locale) {
  Diagnostics diagnostics;
  auto model = resolve_model(ctx, model_ref, diagnostics);
  print(diagnostics, ctx.quiet);
  if (!model) return exit_invalid;
  return emit(render_model(*model, RenderOptions{locale}), "");
}

int run_validate(const Context& ctx, const std::vector<std::string>& files, const std::string& model_ref) {
  bool all_clean = true;
  RuleRegistry rules = RuleRegistry::with_builtins();
  for (const auto& file : files) {
    Diagnostics diagnostics;
    std::string summary;
    FileKind kind = sniff_kind(file);
    if (kind == FileKind::model) {
      auto loaded = load_model(file);
      diagnostics.append(loaded.diagnostics);
      if (loaded.ok()) {
        check_model_rule(*loaded.value, rules, diagnostics);
        summary = fmt::format("model '{}' {}, {} questions", loaded.value->id, loaded.value->version,
                              loaded.value->questions.size());
      }
    } else {
      auto loaded = load_assessment(file);
      diagnostics.append(loaded.diagnostics);
      if (loaded.ok()) {
        const Assessment& a = *loaded.value;
        auto model = resolve_model(ctx, model_ref.empty() ? a.model : model_ref, diagnostics);
        if (model) {
          check_assessment(a, *model, diagnostics);
          std::size_t answers = 0;
          for (const auto& r : a.respondents) answers += r.answers.size();
          summary = fmt::format("assessment of '{}' for model '{}', {} respondent{}, {} answers", a.subject,
                                a.model, a.respondents.size(), a.respondents.size() == 1 ? "" : "s", answers);
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
  auto model = resolve_model(ctx, model_ref, diagnostics);
  print(diagnostics, ctx.quiet);
  if (!model) return exit_invalid;
  return emit(render_template(*model, RenderOptions{out.locale}), out.output);
}

int run_assess(const Context& ctx, const std::string& model_ref, const std::string& assessment_file,
               const std::string& target, const OutputOptions& out) {
  Diagnostics diagnostics;
  auto model = resolve_model(ctx, model_ref, diagnostics);
  auto assessment = load_assessment(assessment_file);
  diagnostics.append(assessment.diagnostics);
  if (!model || !assessment.ok()) {
    print(diagnostics, ctx.quiet);
    return exit_invalid;
  }
  RuleRegistry rules = RuleRegistry::with_builtins();
  auto outcome = assess(model, *assessment.value, rules, AssessOptions{target});
  diagnostics.append(outcome.diagnostics);
  print(diagnostics, ctx.quiet);
  if (!outcome.ok()) return exit_invalid;
  const Result& result = *outcome.result;
  RenderOptions render{out.locale};
  std::string format = default_format(out);
  std::string content;
  if (format == "json") content = render_json(result, render);
  else if (format == "markdown" || format == "md") content = render_markdown(result, render);
  else content = render_text(result, render);
  return emit(content, out.output);
}

}  // namespace mmf::host
