// Helpers for tests: fixture paths, loading that must succeed, running `mmf`.
#pragma once

#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mmf/mmf.hpp"

namespace mmf::test {

std::filesystem::path fixture(const std::string& relative);
std::filesystem::path source(const std::string& relative);

// Loads a fixture model or assessment; fails the test with the diagnostics if it does not load.
std::shared_ptr<const Model> model_fixture(const std::string& relative);
std::shared_ptr<const Assessment> assessment_fixture(const std::string& relative);

// The built-in rules plus the shipped plugins of the build tree.
const Registry& shipped_registry();

// Scores with shipped_registry(); fails the test if scoring reports errors.
Result score(std::shared_ptr<const Model> model, const Assessment& assessment, const AssessOptions& options = {});

// The result document as a tree: render_json's text, parsed.
nlohmann::ordered_json to_json(const Result& result);
// A result's insights as the result JSON writes them: {"<plugin>": {…}, …}.
nlohmann::ordered_json insights_of(const Result& result);

// Every diagnostic as "FILE:LINE:COLUMN: severity: message", sorted; errors only unless asked.
std::vector<std::string> lines(const Diagnostics& diagnostics, bool with_warnings = false);

// All diagnostics (warnings too) as one block of text, for failure messages.
std::string fmt_lines(const Diagnostics& diagnostics);

const NodeResult& group_result(const Result& result, const std::string& id);
const QuestionResult& question_result(const Result& result, const std::string& id);
std::string level_id(const Result& result, const NodeResult& node);
// A node's percent as the CSV and JSON outputs write it ("77.5", "83").
std::string fmt_percent(const NodeResult& node);

// Lets `scorer` take back what it wrote to `out`, so that a CSV whose
// subjects are not sorted can be read again (BatchScorer::set_truncate).
void allow_rereading(BatchScorer& scorer, std::ostringstream& out);

struct BatchRun {
  std::string out;
  std::vector<std::string> problems;  // every diagnostic reported, as "FILE:LINE:COLUMN: severity: message"
  BatchStats stats;
};
// Scores `csv` (named survey.csv) with a BatchScorer on the shipped
// registry, rereading allowed; threads 0: every core.
BatchRun run_batch(std::shared_ptr<const Model> model, const std::string& csv, BatchFormat format,
                   unsigned threads = 0, const CsvOptions& options = {});

struct Run {
  int status = -1;
  std::string out;
  std::string err;
};
// Runs the built `mmf` with `args` (shell words) from the source tree, with
// `env` (shell assignments such as "MMF_MODEL_PATH=x") in its environment.
Run run_mmf(const std::string& args, const std::string& env = "");

// Like run_mmf, and also the child's peak resident memory in KiB.
struct MeasuredRun : Run {
  long peak_kib = 0;
};
MeasuredRun run_mmf_measured(const std::string& args, const std::string& env = "");

std::string read_text(const std::filesystem::path& file);
std::vector<std::string> split_lines(const std::string& text);

// A fresh directory under the system's temporary directory, removed at exit.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

}  // namespace mmf::test
