// Loading and validating models and assessments from TOML (and, for
// assessments, JSON). Every problem is reported, not just the first, each with
// file, line and column.
//
// Thread-safety: the functions are thread-safe, given a ModelFinder that is
// (ModelCatalog's is); what they load is immutable and safe to share.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "mmf/assessment.h"
#include "mmf/diagnostic.h"
#include "mmf/export.h"
#include "mmf/model.h"
#include "mmf/rule.h"

namespace mmf {

// Inputs beyond these are refused with a clear error that names the limit
// (docs/model-format.md, "Limits"). mmf reads files written by strangers:
// the limits keep memory and time bounded whatever a file holds.
inline constexpr std::uintmax_t max_input_bytes = 32u * 1024u * 1024u;  // one model, assessment or crosswalk file
inline constexpr std::size_t max_group_depth = 64;                       // levels of groups in a model
inline constexpr std::size_t max_document_depth = 256;                   // nesting of tables and arrays in a file
inline constexpr std::size_t max_string_bytes = 64u * 1024u;             // one string (a text, an id, evidence)
inline constexpr double max_number = 1e9;                                // magnitude of any number in a file
inline constexpr std::size_t max_questions = 100000;                     // questions in a model
inline constexpr std::size_t max_respondents = 100000;                   // respondents in one assessment

template <class T>
struct [[nodiscard]] Loaded {
  std::shared_ptr<T> value;  // set when no error was found
  Diagnostics diagnostics;
  bool ok() const { return value != nullptr; }
};

enum class InputFormat { automatic, toml, json };

// Finds the file of a model by id, for `extends`; empty when not found.
using ModelFinder = std::function<std::filesystem::path(const std::string& id)>;

// A model that extends another (extends = "id@requirement") needs `find_base`
// to locate its base; see docs/tailoring.md.
MMF_CORE_EXPORT Loaded<Model> load_model(const std::filesystem::path& file, const ModelFinder& find_base = {});
MMF_CORE_EXPORT Loaded<Model> parse_model(std::string_view text, std::string file_name,
                                          const ModelFinder& find_base = {});

MMF_CORE_EXPORT Loaded<Assessment> load_assessment(const std::filesystem::path& file);
MMF_CORE_EXPORT Loaded<Assessment> parse_assessment(std::string_view text, std::string file_name,
                                                    InputFormat format = InputFormat::automatic);

// Whether a file holds a model or an assessment, from its `format` key.
enum class FileKind { model, assessment, unknown };
MMF_CORE_EXPORT FileKind sniff_kind(const std::filesystem::path& file);

// Checks that the model's level rule exists in `rules` and fits the model.
MMF_CORE_EXPORT void check_model_rule(const Model& model, const RuleRegistry& rules, Diagnostics& out);

struct CheckOptions {
  // A model version outside the assessment's `model_version` requirement is
  // a warning instead of an error (answers collected under an earlier
  // version, scored under a later one on purpose).
  bool ignore_model_version = false;
};

// Checks an assessment against a model: the model id and version, every
// question id, every answer against its scale, the target profile.
MMF_CORE_EXPORT void check_assessment(const Assessment& assessment, const Model& model, Diagnostics& out,
                                      const CheckOptions& options = {});

}  // namespace mmf
