// The one table of formats: every input format mmf reads and every output
// format it writes, built in or registered by plugins. The command line, the
// service and the C API look formats up here and nowhere else; `mmf formats`,
// `GET /v1/formats` and every command's --help list them from it.
//
// Built-in formats are registered like plugins' (owner "mmf"); a plugin's
// renderer and importer join the table when the plugin is committed, and a
// plugin's call is made through the one plugin guard, so its failure comes
// back as "plugin 'NAME' failed in renderer 'FORMAT': WHY".
//
// Thread-safety: filled while plugins load, then read-only; every const
// member is safe to call from many threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "mmf/catalog.h"
#include "mmf/export.h"
#include "mmf/load.h"
#include "mmf/render.h"
#include "mmf/store.h"

namespace mmf {

struct Comparison;
struct Roadmap;
struct Standing;
struct CsvOptions;
class PluginHost;
class ResultRenderer;
class AssessmentImporter;

// What an output format renders. Each command renders one view.
enum class View : std::uint8_t {
  result,        // mmf assess, mmf crosswalk, POST /v1/assess, the C API
  comparison,    // mmf compare
  roadmap,       // mmf roadmap
  history,       // mmf history, GET /v1/history
  benchmark,     // mmf benchmark
  blank,         // mmf template: a blank assessment
  batch,         // mmf batch: one row or line per assessment, streamed
  models,        // mmf models
  plugins,       // mmf plugins
  stored,        // mmf store list
  store_export,  // mmf store export
  formats,       // mmf formats, GET /v1/formats: this table
};
inline constexpr View all_views[] = {View::result,  View::comparison, View::roadmap, View::history,
                                     View::benchmark, View::blank,    View::batch,   View::models,
                                     View::plugins, View::stored,     View::store_export, View::formats};
// "result", "comparison", ... (as in GET /v1/formats).
MMF_CORE_EXPORT std::string_view view_name(View view);

struct OutputFormatInfo {
  std::string name;                  // "markdown"
  std::vector<std::string> aliases;  // "md"
  View view = View::result;
  std::string owner = "mmf";         // "mmf", or the plugin's name
  std::string media_type;            // for HTTP: "text/markdown; charset=utf-8"
  bool binary = false;               // not for a terminal (xlsx)
  std::string description;
};

struct InputFormatInfo {
  std::string name;                     // "toml", "csv", or a plugin's
  std::vector<std::string> extensions;  // ".toml": chosen for a file by its name
  std::string owner = "mmf";
  std::string media_type;  // the request Content-Type that selects it ("text/csv")
  std::string description;
  bool needs_model = false;  // read against a model (CSV exports are)
};

// A rendered document, or why not.
struct [[nodiscard]] Rendered {
  std::string bytes;
  std::string error;  // set when rendering failed (a plugin's renderer threw)
  [[nodiscard]] bool ok() const { return error.empty(); }
};

// A subject's trend, as the store gives it (View::history).
struct History {
  std::string subject;
  std::vector<Store::Point> points;
  // The points' models by id, where the caller could find them: the text,
  // Markdown, HTML and xlsx views then name levels, groups and models in
  // the report's locale instead of by id. JSON and CSV keep the ids.
  std::map<std::string, std::shared_ptr<const Model>> models;
};
// The history as a client document (as render_docx and render_pdf): the
// overall score by date, each result's level and change, and the groups
// date by date, named where History::models has the model.
MMF_CORE_EXPORT std::string render_history_docx(const History& history, const RenderOptions& options = {});
MMF_CORE_EXPORT std::string render_history_pdf(const History& history, const RenderOptions& options = {});
// Every stored result with its JSON (View::store_export).
struct StoredResults {
  std::vector<Store::Entry> entries;
  std::vector<std::string> results;  // result JSON, parallel to entries
};
// The plugins loaded and the files refused (View::plugins).
struct PluginListing {
  const PluginHost& host;
};
// The model directories' models (View::models).
struct ModelListing {
  std::vector<CatalogEntry> entries;
};
// The stored assessments (View::stored).
struct StoredListing {
  std::vector<Store::Entry> entries;
};

class FormatTable;
// The table itself (View::formats).
struct FormatListing {
  const FormatTable& table;
};

// What a reader gets besides the text.
struct ReadContext {
  const Model* model = nullptr;      // the model to read against (CSV); may be null otherwise
  const CsvOptions* csv = nullptr;   // how to read a CSV export; null: the defaults
  std::string subject;               // a CSV export without a subject column is this subject
};

class MMF_CORE_EXPORT FormatTable {
 public:
  FormatTable();  // holds the built-in formats
  ~FormatTable();
  FormatTable(const FormatTable&) = delete;
  FormatTable& operator=(const FormatTable&) = delete;

  // Every output format of `view`, built-ins first, in registration order.
  [[nodiscard]] std::vector<const OutputFormatInfo*> outputs(View view) const;
  // By name or alias; nullptr if `view` has no such format.
  [[nodiscard]] const OutputFormatInfo* find_output(View view, std::string_view name) const;
  // "text, json, markdown (md), html": for --help and for messages.
  [[nodiscard]] std::string names(View view) const;
  // "unknown format 'x' for a result (known: text, json, ...)".
  [[nodiscard]] std::string unknown_output(View view, std::string_view name) const;

  [[nodiscard]] const std::vector<InputFormatInfo>& inputs() const;
  [[nodiscard]] const InputFormatInfo* find_input(std::string_view name) const;
  // The input format a file's name selects (plugins' extensions first), or
  // nullptr: then the text is read as TOML or JSON by its first character.
  [[nodiscard]] const InputFormatInfo* input_for(std::string_view file_name) const;
  // For a request body: the format its Content-Type names, or nullptr.
  [[nodiscard]] const InputFormatInfo* input_for_media_type(std::string_view content_type) const;
  [[nodiscard]] std::string input_names() const;

  // Renders `doc` in `format` (a name or alias of its view's): a Result,
  // Comparison, Roadmap, History, Standing, Model (a blank assessment),
  // ModelListing, PluginListing, StoredListing, StoredResults or
  // FormatListing. An unknown format or a renderer that failed gives
  // Rendered::error.
  template <class Doc>
  [[nodiscard]] Rendered render(std::string_view format, const Doc& doc, const RenderOptions& options) const {
    return render_view(view_of<Doc>(), format, &doc, options);
  }

  // The view a document type is rendered as.
  template <class Doc>
  static constexpr View view_of() {
    if constexpr (std::is_same_v<Doc, Result>) return View::result;
    else if constexpr (std::is_same_v<Doc, Comparison>) return View::comparison;
    else if constexpr (std::is_same_v<Doc, Roadmap>) return View::roadmap;
    else if constexpr (std::is_same_v<Doc, History>) return View::history;
    else if constexpr (std::is_same_v<Doc, Standing>) return View::benchmark;
    else if constexpr (std::is_same_v<Doc, Model>) return View::blank;
    else if constexpr (std::is_same_v<Doc, ModelListing>) return View::models;
    else if constexpr (std::is_same_v<Doc, PluginListing>) return View::plugins;
    else if constexpr (std::is_same_v<Doc, StoredListing>) return View::stored;
    else if constexpr (std::is_same_v<Doc, StoredResults>) return View::store_export;
    else {
      static_assert(std::is_same_v<Doc, FormatListing>, "no view renders this type");
      return View::formats;
    }
  }

  // Reads an assessment in input format `format` (empty: by the text's first
  // character, TOML or JSON). Problems, a plugin importer's failure included,
  // are in the diagnostics.
  [[nodiscard]] Loaded<Assessment> read(std::string_view format, std::string_view text, const std::string& name,
                                        const ReadContext& context) const;

  // Registration, while plugins load. The renderer or importer is called
  // through the plugin guard, named as "renderer 'FORMAT'" or "importer
  // 'FORMAT'". Returns false (and registers nothing) if the name is taken;
  // `taken_by` is then its owner.
  [[nodiscard]] bool add_result_renderer(const std::string& format, const std::string& owner,
                                         std::shared_ptr<const ResultRenderer> renderer, std::string& taken_by,
                                         const std::string& media_type = "application/octet-stream");
  [[nodiscard]] bool add_importer(const std::string& format, const std::string& owner, std::vector<std::string> extensions,
                    std::shared_ptr<const AssessmentImporter> importer, std::string& taken_by);

  struct Impl;

 private:
  Rendered render_view(View view, std::string_view format, const void* doc, const RenderOptions& options) const;

  std::unique_ptr<Impl> impl_;
};

// The built-in formats alone, built once for the process: for --help, for
// listings that no plugin extends, and for a C API call without a context.
MMF_CORE_EXPORT const FormatTable& builtin_formats();

}  // namespace mmf
