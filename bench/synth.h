// Synthetic maturity models and assessments of any size, for benchmarks and
// whole-process timings. Output is deterministic for given options: the same
// seed gives the same bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>

namespace mmf::synth {

enum class Syntax { toml, json };

struct ModelShape {
  std::size_t questions = 60;
  std::size_t depth = 6;       // levels of groups; questions sit in the deepest
  std::size_t top_groups = 6;  // groups at depth 1; the deepest hold about five questions each
  std::string rule = "bands";  // bands, staged, thresholds or weakest
  std::string id = "synthetic";
};

// A valid mmf-model/1 TOML text: one five-option scale with "na", five levels,
// a default target, help and a recommendation on every question.
std::string model_toml(const ModelShape& shape);

// The number of groups model_toml() declares for `shape`.
std::size_t group_count(const ModelShape& shape);

// An assessment of the model above with `respondents` respondents, every
// question answered (about one answer in twenty "na"), in TOML or JSON.
std::string assessment(const ModelShape& shape, std::size_t respondents, Syntax syntax,
                       std::uint64_t seed = 1);

// A wide CSV export: `subject,unit,<question ids>`, then `rows` rows. With
// `per_subject` > 1, that many consecutive rows share a subject.
void wide_csv(std::ostream& out, const ModelShape& shape, std::size_t rows, std::size_t per_subject = 1,
              std::uint64_t seed = 1);

// The id of question `i` (0-based).
std::string question_id(std::size_t i);

}  // namespace mmf::synth
