// Crosswalks: a mapping from the questions of one model to those of another,
// used to re-score an assessment made under the first model under the second
// (docs/crosswalk-format.md).
//
// Thread-safety: the functions are thread-safe; a Crosswalk is an immutable
// value once loaded, safe to share between threads.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mmf/assessment.h"
#include "mmf/diagnostic.h"
#include "mmf/export.h"
#include "mmf/load.h"
#include "mmf/model.h"

namespace mmf {

enum class Relation { equal, subset, superset, intersect };

struct CrosswalkMapping {
  std::string to;                 // the target model's question
  std::vector<std::string> from;  // source questions (their normalised values are averaged)
  Relation relation = Relation::equal;
  double strength = 1;            // 0..1: how closely the questions correspond
  // Option-to-option conversion (one source question, both discrete); empty:
  // convert by normalised value.
  std::vector<std::pair<std::string, std::string>> options;
  Location loc;
};

struct Crosswalk {
  std::string id;
  std::string from_model, from_version;  // model id and version requirement
  std::string to_model, to_version;
  std::string description;
  std::vector<CrosswalkMapping> mappings;
  std::shared_ptr<const std::string> file;
  Location from_loc, to_loc;
};

// How much a relation lets one answer stand for another (multiplies strength).
MMF_CORE_EXPORT double relation_factor(Relation relation);
MMF_CORE_EXPORT std::string_view to_string(Relation relation);

MMF_CORE_EXPORT Loaded<Crosswalk> load_crosswalk(const std::filesystem::path& file);
MMF_CORE_EXPORT Loaded<Crosswalk> parse_crosswalk(std::string_view text, std::string file_name);

// Checks the crosswalk against its two models: ids, versions, questions, options.
MMF_CORE_EXPORT void check_crosswalk(const Crosswalk& crosswalk, const Model& from, const Model& to, Diagnostics& out);

struct [[nodiscard]] CrosswalkOutcome {
  Assessment converted;           // the answers under the target model, respondent by respondent
  // What was converted, how confidently, and what got no answer: a JSON
  // object as text, which Result::crosswalk takes as it is.
  std::string report;
};

// Converts an assessment made under `from` (already checked against it) into
// one under `to`. Each target question takes the mean normalised value of its
// answered source questions (or the mapped option), per respondent.
// confidence = strength × relation factor × answered sources / sources.
MMF_CORE_EXPORT CrosswalkOutcome apply_crosswalk(const Crosswalk& crosswalk, const Model& from, const Model& to,
                                                 const Assessment& assessment);

// The crosswalk files (*.toml) in each directory's crosswalks/ subdirectory
// that lead from model `from` to model `to`, first found first.
MMF_CORE_EXPORT std::filesystem::path find_crosswalk(const std::vector<std::filesystem::path>& model_dirs,
                                                     const std::string& from, const std::string& to);

}  // namespace mmf
