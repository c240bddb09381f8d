// The one door (mmf/workspace.h): model resolution with the id check, input
// reading through the format table, scoring, crosswalks, roadmaps and
// benchmarks, for the command line, the service and the C API alike.
#include "mmf/workspace.h"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "base/quote.h"
#include "mmf/io.h"
#include "plugins/extension_checks.h"

namespace mmf {

namespace fs = std::filesystem;

namespace {

Location at(const std::string& file) { return Location{std::make_shared<const std::string>(file), {}}; }

// Only the errors of `from`: a model's lint warnings belong to validation,
// not to every use of the model.
void append_errors(Diagnostics& out, const Diagnostics& from) {
  for (const auto& d : from.items())
    if (d.severity == Severity::error) out.add(d);
}

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

Workspace::Workspace(WorkspaceOptions options) : options_(std::move(options)) {
  std::error_code ec;
  for (const auto& s : options_.skip_plugins) plugins_.skip(s.file, s.reason);
  for (const auto& dir : options_.plugin_dirs) {
    if (!fs::is_directory(dir, ec)) {
      spdlog::warn("plugin directory {} does not exist", dir.string());
      continue;
    }
    plugins_.load_directory(dir);
  }
}

Workspace::~Workspace() = default;

std::shared_ptr<const Model> Workspace::model(const std::string& ref, Diagnostics& out, bool* not_found) const {
  if (not_found) *not_found = false;
  std::error_code ec;
  const bool by_path = options_.model_paths && (looks_like_path(ref) || fs::is_regular_file(ref, ec));
  if (!by_path && options_.cache_models) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = models_.find(ref); it != models_.end()) return it->second;
  }
  ModelCatalog models = catalog();
  fs::path file = by_path ? fs::path(ref) : models.find(ref);  // find() refuses what is not an id
  if (file.empty()) {
    if (not_found) *not_found = true;
    if (!options_.model_paths) {  // the service: no server path in a message to a client
      out.error(at("mmf"), fmt::format("model '{}' not found", ref));
      return nullptr;
    }
    std::string dirs;
    for (const auto& d : models.dirs()) dirs += (dirs.empty() ? "" : ", ") + d.string();
    out.error(at("mmf"), fmt::format("model '{}' not found (searched: {}){}", ref, dirs.empty() ? "no directory" : dirs,
                                     options_.not_found_hint));
    return nullptr;
  }
  // Parsed outside the lock: one slow model does not hold up the others.
  auto loaded = load_model(file, models.finder());
  append_errors(out, loaded.diagnostics);
  if (!loaded.ok()) return nullptr;
  if (!by_path && loaded.value->id != ref) {  // else one spelling serves (and caches) another model
    out.error(loaded.value->loc,
              fmt::format("file is named for model '{}' but holds model '{}'", ref, loaded.value->id));
    return nullptr;
  }
  Diagnostics extensions;
  detail::check_model_extensions(*loaded.value, registry(), extensions, !options_.defer_plugin_checks);
  append_errors(out, extensions);
  if (extensions.has_errors()) return nullptr;
  spdlog::debug("model {} {} from {}", loaded.value->id, loaded.value->version, file.string());
  if (!by_path && options_.cache_models) {
    std::lock_guard<std::mutex> lock(mutex_);
    return models_.emplace(ref, loaded.value).first->second;  // a model another thread loaded first wins
  }
  return loaded.value;
}

Validation Workspace::validate(const fs::path& file, const std::string& model_ref) const {
  Validation v;
  if (sniff_kind(file) == FileKind::model) {
    auto loaded = load_model(file, catalog().finder());
    v.diagnostics.append(loaded.diagnostics);
    if (loaded.ok()) {
      check_model(*loaded.value, v.diagnostics);
      v.summary = fmt::format("model '{}' {}, {} questions", loaded.value->id, loaded.value->version,
                              loaded.value->questions.size());
    }
    return v;
  }
  // A CSV export is read against the model given; other formats name theirs.
  std::shared_ptr<const Model> m;
  const InputFormatInfo* input = input_format("", file.string(), v.diagnostics);
  if (input && input->needs_model) {
    if (model_ref.empty()) {
      v.diagnostics.error(at(file.string()), fmt::format("a {} export is read against a model: give --model", input->name));
      return v;
    }
    if (!(m = model(model_ref, v.diagnostics))) return v;
  }
  auto loaded = load_assessment(file, "", ReadContext{m.get(), nullptr, file.stem().string()});
  v.diagnostics.append(loaded.diagnostics);
  if (!loaded.ok()) return v;
  if (!m) m = model(model_ref.empty() ? loaded.value->model : model_ref, v.diagnostics);
  v.model = m;
  check_against(*loaded.value, v);
  return v;
}

void Workspace::check_against(const Assessment& a, Validation& v) const {
  if (!v.model) return;
  const Model& m = *v.model;
  check_assessment(a, m, v.diagnostics, CheckOptions{options_.ignore_model_version});
  // The subject is the input's text, printed to a terminal: controls escaped.
  v.summary = fmt::format("assessment of '{}' for model '{}', {} respondent{}, {} of {} answered",
                          detail::escape_controls(a.subject), a.model,
                          a.respondents.size(), a.respondents.size() == 1 ? "" : "s", answered_questions(a, m),
                          m.questions.size());
}

Validation Workspace::validate_text(const ValidateText& r) const {
  Validation v;
  const bool model_text = r.kind == "model" || (r.kind.empty() && r.text.find("\"mmf-model/") != std::string_view::npos);
  if (model_text) {
    auto loaded = parse_model(r.text, r.name + ".toml", catalog().finder());
    v.diagnostics.append(loaded.diagnostics);
    if (loaded.ok()) {
      detail::check_model_extensions(*loaded.value, registry(), v.diagnostics, false);
      v.summary = fmt::format("model '{}' {}, {} questions", loaded.value->id, loaded.value->version,
                              loaded.value->questions.size());
    }
    v.model = loaded.value;
    return v;
  }
  if (r.input && r.isolated && r.isolated(r.input->owner)) {
    v.diagnostics.error(at(r.name), fmt::format("input format '{}' is read by plugin '{}', which this service "
                                                 "isolates: POST the body to /v1/assess to check it",
                                                 r.input->name, r.input->owner));
    return v;
  }
  Diagnostics model_problems;  // a model not found is said once, at the assessment's model key
  std::shared_ptr<const Model> m;
  if (r.input && r.input->needs_model && !r.model_ref.empty()) m = model(r.model_ref, model_problems);
  auto loaded = read_assessment(r.text, r.name, r.input ? std::string_view(r.input->name) : std::string_view(),
                                ReadContext{m.get(), nullptr, r.subject});
  v.diagnostics.append(loaded.diagnostics);
  if (!loaded.ok()) return v;
  if (!m) m = model(loaded.value->model, model_problems);
  if (!m) {
    v.diagnostics.error(loaded.value->model_loc, fmt::format("model '{}' not found", loaded.value->model));
    return v;
  }
  v.model = m;
  check_against(*loaded.value, v);
  return v;
}

void Workspace::check_model(const Model& m, Diagnostics& out) const {
  detail::check_model_extensions(m, registry(), out, !options_.defer_plugin_checks);
}

void Workspace::check_plugin_rule(const Model& m, Diagnostics& out) const {
  Diagnostics found;
  detail::check_plugin_rule(m, registry().rules(), found);
  append_errors(out, found);
}

std::optional<std::string> Workspace::read_text(const fs::path& file, Diagnostics& out) const {
  std::string error;
  auto text = read_file(file, max_input_bytes, error);
  if (!text) out.error(at(file.string()), error);
  return text;
}

const InputFormatInfo* Workspace::input_format(std::string_view format, std::string_view name, Diagnostics& out) const {
  if (format.empty()) return formats().input_for(name);
  const InputFormatInfo* info = formats().find_input(format);
  if (!info)
    out.error(at(std::string(name)),
              fmt::format("unknown input format '{}' (known: {})", format, formats().input_names()));
  return info;
}

Loaded<Assessment> Workspace::read_assessment(std::string_view text, const std::string& name, std::string_view format,
                                              const ReadContext& context) const {
  Loaded<Assessment> out;
  const InputFormatInfo* info = input_format(format, name, out.diagnostics);
  if (out.diagnostics.has_errors()) return out;
  if (text.size() > max_input_bytes) {
    out.diagnostics.error(at(name), fmt::format("the input is {} bytes, over the limit of {} bytes", text.size(),
                                                max_input_bytes));
    return out;
  }
  return formats().read(info ? std::string_view(info->name) : std::string_view(), text, name, context);
}

Loaded<Assessment> Workspace::load_assessment(const fs::path& file, std::string_view format,
                                              const ReadContext& context) const {
  Loaded<Assessment> out;
  auto text = read_text(file, out.diagnostics);
  if (!text) return out;
  return read_assessment(*text, file.string(), format, context);
}

Scorable Workspace::load_scorable(const fs::path& file, const std::string& model_ref, Diagnostics& out) const {
  Scorable s{load_assessment(file), nullptr};
  out.append(s.assessment.diagnostics);
  if (s.assessment.ok()) s.model = model(model_ref.empty() ? s.assessment.value->model : model_ref, out);
  return s;
}

AssessOutcome Workspace::assess(std::shared_ptr<const Model> m, const Assessment& assessment,
                                AssessOptions options) const {
  options.ignore_model_version = options.ignore_model_version || options_.ignore_model_version;
  return mmf::assess(std::move(m), assessment, registry(), options);
}

std::vector<PartResult> Workspace::assess_parts(std::shared_ptr<const Model> m, const Assessment& assessment,
                                                Split split, Diagnostics& out) const {
  Diagnostics check;
  check_assessment(assessment, *m, check, CheckOptions{options_.ignore_model_version});
  out.append(check);
  if (check.has_errors()) return {};
  return mmf::assess_parts(std::move(m), assessment, registry(), split,
                           AssessOptions{"", true, options_.ignore_model_version});
}

AssessOutcome Workspace::crosswalk(const Assessment& assessment, const std::shared_ptr<const Model>& from,
                                   const std::shared_ptr<const Model>& to, const fs::path& map_file,
                                   const std::string& target) const {
  AssessOutcome outcome;
  check_assessment(assessment, *from, outcome.diagnostics, CheckOptions{options_.ignore_model_version});
  if (outcome.diagnostics.has_errors()) return outcome;
  fs::path map = map_file;
  if (map.empty()) {
    map = find_crosswalk(options_.model_dirs, from->id, to->id);
    if (map.empty()) {
      outcome.diagnostics.error(at("mmf"), fmt::format("no crosswalk from '{}' to '{}' in the model directories' "
                                                       "crosswalks/; give one with --map FILE",
                                                       from->id, to->id));
      return outcome;
    }
  }
  auto loaded = load_crosswalk(map);
  outcome.diagnostics.append(loaded.diagnostics);
  if (loaded.ok()) check_crosswalk(*loaded.value, *from, *to, outcome.diagnostics);
  if (!loaded.ok() || outcome.diagnostics.has_errors()) return outcome;
  spdlog::debug("crosswalk {} from {}", loaded.value->id, map.string());
  auto converted = apply_crosswalk(*loaded.value, *from, *to, assessment);
  auto scored = assess(to, converted.converted, AssessOptions{target, true, options_.ignore_model_version});
  outcome.diagnostics.append(scored.diagnostics);
  if (!scored.ok()) return outcome;
  outcome.result = std::move(scored.result);
  outcome.result->crosswalk = std::move(converted.report);
  return outcome;
}

Comparison Workspace::compare(const std::vector<fs::path>& files, const std::string& model_ref,
                              std::optional<Split> split, Diagnostics& out) const {
  Comparison comparison;
  for (const auto& file : files) {
    auto [a, m] = load_scorable(file, model_ref, out);
    if (!m) continue;
    if (split) {
      for (auto& part : assess_parts(m, *a.value, *split, out)) {
        comparison.labels.push_back(part.key.empty() ? "(none)" : part.key);
        comparison.results.push_back(std::move(part.result));
      }
      continue;
    }
    auto outcome = assess(m, *a.value, AssessOptions{"", false, false});
    out.append(outcome.diagnostics);
    if (outcome.ok()) comparison.results.push_back(std::move(*outcome.result));
  }
  if (!split) comparison.labels = default_labels(comparison.results);
  return comparison;
}

Roadmap Workspace::roadmap(std::shared_ptr<const Model> m, const Assessment& assessment, RoadmapOptions options,
                           Diagnostics& out) const {
  options.ignore_model_version = options.ignore_model_version || options_.ignore_model_version;
  return plan_roadmap(std::move(m), assessment, registry(), options, out);
}

std::optional<Standing> Workspace::benchmark(const Result& result, const fs::path& population_file,
                                             Diagnostics& out) const {
  std::string error;
  auto population = load_population(population_file, error);
  if (!population) {
    out.error(at(population_file.string()), error);
    return std::nullopt;
  }
  return mmf::benchmark(result, *population);
}

}  // namespace mmf
