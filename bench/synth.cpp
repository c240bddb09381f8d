#include "synth.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

namespace mmf::synth {
namespace {

constexpr const char* options[] = {"none", "low", "some", "most", "full"};

// Group i of depth d is named "g<d>-<i>"; counts[d-1] groups sit at depth d.
// The counts grow geometrically from `top_groups` to the leaves, which hold
// about five questions each.
std::vector<std::size_t> level_counts(const ModelShape& shape) {
  const std::size_t depth = std::max<std::size_t>(shape.depth, 1);
  const std::size_t questions = std::max<std::size_t>(shape.questions, 1);
  const std::size_t top = std::min(std::max<std::size_t>(shape.top_groups, 1), questions);
  const std::size_t leaves = std::max(top, questions / 5);
  std::vector<std::size_t> counts;
  for (std::size_t d = 0; d < depth; ++d) {
    double f = depth == 1 ? 1.0 : static_cast<double>(d) / static_cast<double>(depth - 1);
    auto n = static_cast<std::size_t>(std::lround(static_cast<double>(top) *
                                                  std::pow(static_cast<double>(leaves) / static_cast<double>(top), f)));
    counts.push_back(std::max(n, counts.empty() ? top : counts.back()));
  }
  if (depth == 1) counts.back() = top;
  return counts;
}

// A small deterministic generator (splitmix64): no <random> distribution
// differences between standard libraries.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // An option index 0..4, or 5 for "na" about one time in twenty.
  std::size_t answer() {
    std::uint64_t r = next() % 100;
    return r < 5 ? 5 : static_cast<std::size_t>(r % 5);
  }
};

const char* answer_text(std::size_t a) { return a == 5 ? "na" : options[a]; }

}  // namespace

std::string question_id(std::size_t i) { return fmt::format("q{:04}", i + 1); }

std::size_t group_count(const ModelShape& shape) {
  std::size_t n = 0;
  for (std::size_t c : level_counts(shape)) n += c;
  return n;
}

std::string model_toml(const ModelShape& shape) {
  auto counts = level_counts(shape);
  std::string s;
  auto out = std::back_inserter(s);
  fmt::format_to(out,
                 "format = \"mmf-model/1\"\n\n[model]\nid = \"{}\"\nname = \"Synthetic model, {} questions\"\n"
                 "version = \"1.0.0\"\ndescription = \"Generated for benchmarks: {} questions in {} levels of groups.\"\n"
                 "locale = \"en\"\n\n[scoring]\naggregate = \"mean\"\nrule = \"{}\"\nnot_applicable = \"exclude\"\n",
                 shape.id, shape.questions, shape.questions, counts.size(), shape.rule);
  if (shape.rule == "staged") s += "performed = 0.75\n";
  s += "\n[scales.practice]\noptions = [\n";
  for (std::size_t i = 0; i < 5; ++i)
    fmt::format_to(out, "  {{ id = \"{}\", label = \"Option {}\", value = {} }},\n", options[i], options[i], i);
  s += "  { id = \"na\", label = \"Not applicable\", not_applicable = true },\n]\n";
  const char* level_ids[] = {"initial", "repeatable", "defined", "managed", "optimising"};
  for (std::size_t l = 0; l < 5; ++l) {
    fmt::format_to(out, "\n[[levels]]\nid = \"{}\"\nname = \"Level {}\"\ndescription = \"Practices at level {}.\"\n",
                   level_ids[l], l + 1, l + 1);
    if (shape.rule == "bands" || shape.rule == "weakest") fmt::format_to(out, "min = {}\n", l * 20);
    if (shape.rule == "thresholds" && l > 0) fmt::format_to(out, "requires = {{ {} = 60 }}\n", level_ids[l]);
  }
  for (std::size_t d = 0; d < counts.size(); ++d)
    for (std::size_t i = 0; i < counts[d]; ++i) {
      fmt::format_to(out, "\n[[groups]]\nid = \"g{}-{}\"\nname = \"Group {}.{}\"\n", d + 1, i + 1, d + 1, i + 1);
      if (d > 0) fmt::format_to(out, "parent = \"g{}-{}\"\n", d, i * counts[d - 1] / counts[d] + 1);
      if (i % 3 == 1) s += "weight = 2\n";
    }
  const std::size_t leaves = counts.back();
  for (std::size_t q = 0; q < shape.questions; ++q) {
    fmt::format_to(out,
                   "\n[[questions]]\nid = \"{}\"\ngroup = \"g{}-{}\"\n"
                   "text = \"Practice {} is defined, performed and improved across the organisation.\"\n"
                   "help = \"Look for written evidence of practice {} and ask who performs it.\"\n"
                   "recommendation = \"Write practice {} down, assign an owner and review it each quarter.\"\n"
                   "scale = \"practice\"\n",
                   question_id(q), counts.size(), q * leaves / shape.questions + 1, q + 1, q + 1, q + 1);
    if (q % 7 == 3) s += "weight = 2\n";
    if (shape.rule == "staged" || shape.rule == "thresholds") fmt::format_to(out, "level = \"{}\"\n", level_ids[q % 5]);
  }
  s += "\n[targets.default]\noverall = \"managed\"\n";
  return s;
}

std::string assessment(const ModelShape& shape, std::size_t respondents, Syntax syntax,
                       std::uint64_t seed) {
  Rng rng{seed};
  std::string s;
  auto out = std::back_inserter(s);
  const bool json = syntax == Syntax::json;
  if (json)
    fmt::format_to(out, "{{\"format\": \"mmf-assessment/1\", \"model\": \"{}\", \"subject\": \"Synthetic\", "
                        "\"date\": \"2026-11-24\", \"respondents\": [",
                   shape.id);
  else
    fmt::format_to(out, "format = \"mmf-assessment/1\"\nmodel = \"{}\"\nsubject = \"Synthetic\"\ndate = 2026-11-24\n",
                   shape.id);
  for (std::size_t r = 0; r < respondents; ++r) {
    if (json) {
      fmt::format_to(out, "{}\n  {{\"id\": \"r{}\", \"answers\": {{", r ? "," : "", r + 1);
      for (std::size_t q = 0; q < shape.questions; ++q)
        fmt::format_to(out, "{}\"{}\": \"{}\"", q ? ", " : "", question_id(q), answer_text(rng.answer()));
      s += "}}";
    } else {
      fmt::format_to(out, "\n[[respondents]]\nid = \"r{}\"\n[respondents.answers]\n", r + 1);
      for (std::size_t q = 0; q < shape.questions; ++q)
        fmt::format_to(out, "{} = \"{}\"\n", question_id(q), answer_text(rng.answer()));
    }
  }
  if (json) s += "\n]}\n";
  return s;
}

void wide_csv(std::ostream& out, const ModelShape& shape, std::size_t rows, std::size_t per_subject,
              std::uint64_t seed) {
  Rng rng{seed};
  std::string line = "subject,unit";
  for (std::size_t q = 0; q < shape.questions; ++q) line += "," + question_id(q);
  out << line << '\n';
  per_subject = std::max<std::size_t>(per_subject, 1);
  for (std::size_t i = 0; i < rows; ++i) {
    line.clear();
    fmt::format_to(std::back_inserter(line), "partner-{},tier-{}", i / per_subject + 1, i % 3 + 1);
    for (std::size_t q = 0; q < shape.questions; ++q) {
      line += ',';
      line += answer_text(rng.answer());
    }
    line += '\n';
    out << line;
  }
}

}  // namespace mmf::synth
