// The one door: what `mmf`, `mmf serve` and the C API do, written once. A
// Workspace holds the plugins it loaded, their registry and format table,
// and the model directories; it resolves models (checking that `<id>.toml`
// holds model `<id>`), reads every input format (built-in and plugins'),
// scores, crosswalks, plans, compares, benchmarks, and renders by format
// name. The doors only translate their arguments and print, send or return
// what comes back. A capability added to mmf is added here, and reaches the
// three doors together (docs/architecture.md).
//
// Thread-safety: after construction every member is safe to call from many
// threads at once. The model cache (WorkspaceOptions::cache_models) is
// guarded, and a model is parsed outside its lock.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mmf/benchmark.h"
#include "mmf/catalog.h"
#include "mmf/compare.h"
#include "mmf/crosswalk.h"
#include "mmf/csv_input.h"
#include "mmf/diagnostic.h"
#include "mmf/engine.h"
#include "mmf/export.h"
#include "mmf/formats.h"
#include "mmf/load.h"
#include "mmf/plugin_host.h"
#include "mmf/registry.h"
#include "mmf/roadmap.h"

namespace mmf {

struct WorkspaceOptions {
  std::vector<std::filesystem::path> model_dirs;   // searched in order for model ids
  std::vector<std::filesystem::path> plugin_dirs;  // every plugin in each is loaded; a missing one is warned of
  // A model reference that looks like a path names a model file (the command
  // line, the C API). False: ids only, looked up in model_dirs (the service:
  // no client-given text ever becomes a path).
  bool model_paths = true;
  bool cache_models = false;          // keep models loaded by id (the service)
  bool ignore_model_version = false;  // score across an assessment's model_version, with a warning
  std::string not_found_hint;         // appended to "model 'x' not found (searched: ...)"
  // model() leaves out a plugin rule's own check(), for check_plugin_rule()
  // to run where plugin code may run (the service: in an isolated child).
  bool defer_plugin_checks = false;
  // Plugin files refused without loading, with the reason (a host's list of
  // plugins that crashed or hung while loading: host/crash.cpp).
  std::vector<PluginRefusal> skip_plugins;
};

// An assessment and the model it is scored under.
struct Scorable {
  Loaded<Assessment> assessment;
  std::shared_ptr<const Model> model;  // null when either failed
};

// What validating a file found, and what it holds when it is valid.
struct Validation {
  Diagnostics diagnostics;  // warnings too
  std::string summary;      // "model 'x' 1.0.0, 12 questions", "assessment of 'S' for model 'x', 1 respondent, 9 of 12 answered"
  // The model sent, or the one the assessment was checked against; null when
  // none was found. validate_text() leaves its plugin rule's own check to
  // the caller (check_plugin_rule), to run where that plugin's code may run.
  std::shared_ptr<const Model> model;
};

// A text to validate (a request's body).
struct ValidateText {
  std::string_view text;
  std::string name = "request";  // in messages: the file name it stands for
  std::string kind;               // "model", "assessment", or "" (a model if it says "mmf-model/")
  const InputFormatInfo* input = nullptr;  // the assessment's format; null: TOML or JSON by content
  std::string model_ref;          // the model a CSV export is read against
  std::string subject;            // a CSV export's subject without a subject column
  // Owners (plugins) whose code must not run here: an assessment in a format
  // one of them reads is not read, with an error that says where to send it.
  std::function<bool(const std::string& owner)> isolated;
};

class MMF_CORE_EXPORT Workspace {
 public:
  explicit Workspace(WorkspaceOptions options);
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  const WorkspaceOptions& options() const { return options_; }
  const PluginHost& plugins() const { return plugins_; }
  const Registry& registry() const { return plugins_.registry(); }
  const FormatTable& formats() const { return plugins_.registry().formats(); }
  ModelCatalog catalog() const { return ModelCatalog(options_.model_dirs); }

  // A model by id, or by path when options allow it. Only errors are added to
  // `out` (a model's lint warnings belong to validation); null on any.
  // `not_found` tells a model that does not exist from one that is broken.
  [[nodiscard]] std::shared_ptr<const Model> model(const std::string& ref, Diagnostics& out,
                                                   bool* not_found = nullptr) const;

  // What model() checks of a model beyond its file: its plugin is loaded,
  // its rule exists and fits, and (unless defer_plugin_checks) the plugin
  // rule's own check. Warnings too: this is validation.
  void check_model(const Model& model, Diagnostics& out) const;
  // Checks a model file, or an assessment file in any input format against
  // `model_ref` (else the model it names): every problem, warnings included.
  [[nodiscard]] Validation validate(const std::filesystem::path& file, const std::string& model_ref) const;
  // The same for a text (POST /v1/validate), but without a plugin rule's own
  // check: the caller runs check_plugin_rule() on Validation::model where
  // that plugin's code may run.
  [[nodiscard]] Validation validate_text(const ValidateText& request) const;

  // A plugin rule's own check of `model` (guarded); errors go to `out`.
  void check_plugin_rule(const Model& model, Diagnostics& out) const;

  // A file's text, up to max_input_bytes; else nullopt and an error at the file.
  [[nodiscard]] std::optional<std::string> read_text(const std::filesystem::path& file, Diagnostics& out) const;

  // An assessment in input format `format`: a name from formats().inputs(),
  // or empty for the one `name`'s extension selects, else TOML or JSON by
  // the text's first character. A CSV export is read against context.model.
  [[nodiscard]] Loaded<Assessment> read_assessment(std::string_view text, const std::string& name,
                                                   std::string_view format, const ReadContext& context = {}) const;
  [[nodiscard]] Loaded<Assessment> load_assessment(const std::filesystem::path& file, std::string_view format = {},
                                                   const ReadContext& context = {}) const;
  // The input format for `format` or, when empty, for the file's name: nullptr
  // for TOML or JSON by content. An unknown `format` is an error in `out`.
  [[nodiscard]] const InputFormatInfo* input_format(std::string_view format, std::string_view name,
                                                    Diagnostics& out) const;

  // An assessment file and the model it is scored under: `model_ref` if
  // given, else the model the assessment names. Diagnostics go to `out`.
  [[nodiscard]] Scorable load_scorable(const std::filesystem::path& file, const std::string& model_ref,
                                       Diagnostics& out) const;

  // Scores; options.ignore_model_version is or-ed with the workspace's.
  [[nodiscard]] AssessOutcome assess(std::shared_ptr<const Model> model, const Assessment& assessment,
                                     AssessOptions options = {}) const;
  [[nodiscard]] std::vector<PartResult> assess_parts(std::shared_ptr<const Model> model, const Assessment& assessment,
                                                     Split split, Diagnostics& out) const;

  // Re-scores `assessment` (of model `from`) under `to` through the crosswalk
  // in `map`, or, when empty, the one the model directories' crosswalks/ hold.
  [[nodiscard]] AssessOutcome crosswalk(const Assessment& assessment, const std::shared_ptr<const Model>& from,
                                        const std::shared_ptr<const Model>& to, const std::filesystem::path& map,
                                        const std::string& target) const;

  // Results side by side: each file scored under `model_ref` (else its own
  // model), labelled as default_labels() does; or, with `split`, the one
  // file's respondents or units, each scored on its own.
  [[nodiscard]] Comparison compare(const std::vector<std::filesystem::path>& files, const std::string& model_ref,
                                   std::optional<Split> split, Diagnostics& out) const;

  [[nodiscard]] Roadmap roadmap(std::shared_ptr<const Model> model, const Assessment& assessment,
                                RoadmapOptions options, Diagnostics& out) const;

  // Where `file`'s result stands in a population (mmf batch output).
  [[nodiscard]] std::optional<Standing> benchmark(const Result& result, const std::filesystem::path& population,
                                                  Diagnostics& out) const;

 private:
  void check_against(const Assessment& a, Validation& v) const;  // the assessment half of validation
  WorkspaceOptions options_;
  PluginHost plugins_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::shared_ptr<const Model>> models_;  // by id, when cache_models
};

}  // namespace mmf
