// Test helpers.
#include "support.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fmt/format.h>

namespace mmf::test {

namespace fs = std::filesystem;

fs::path fixture(const std::string& relative) { return fs::path(MMF_TEST_FIXTURES) / relative; }
fs::path source(const std::string& relative) { return fs::path(MMF_TEST_SOURCE_DIR) / relative; }

std::vector<std::string> lines(const Diagnostics& diagnostics, bool with_warnings) {
  Diagnostics sorted = diagnostics;
  sorted.sort();
  std::vector<std::string> out;
  for (const auto& d : sorted.items())
    if (with_warnings || d.severity == Severity::error) out.push_back(d.str());
  return out;
}

const Registry& shipped_registry() {
  static PluginHost* host = [] {
    auto* h = new PluginHost();  // never destroyed: results may be scored until exit
    h->load_directory(MMF_TEST_SHIPPED_PLUGINS);
    return h;
  }();
  return host->registry();
}

std::string fmt_lines(const Diagnostics& diagnostics) {
  std::string out;
  for (const auto& line : lines(diagnostics, true)) out += line + "\n";
  return out;
}

std::shared_ptr<const Model> model_fixture(const std::string& relative) {
  fs::path file = relative.rfind("models/", 0) == 0 ? source(relative) : fixture(relative);
  auto loaded = load_model(file);
  if (loaded.ok()) check_model_extensions(*loaded.value, shipped_registry(), loaded.diagnostics);
  INFO(fmt_lines(loaded.diagnostics));
  REQUIRE(loaded.ok());
  REQUIRE_FALSE(loaded.diagnostics.has_errors());
  return loaded.value;
}

std::shared_ptr<const Assessment> assessment_fixture(const std::string& relative) {
  fs::path file = relative.rfind("examples/", 0) == 0 ? source(relative) : fixture(relative);
  auto loaded = load_assessment(file);
  INFO(fmt_lines(loaded.diagnostics));
  REQUIRE(loaded.ok());
  return loaded.value;
}

nlohmann::ordered_json to_json(const Result& result) { return nlohmann::ordered_json::parse(render_json(result)); }

nlohmann::ordered_json insights_of(const Result& result) {
  auto insights = nlohmann::ordered_json::object();
  for (const auto& i : result.insights) insights[i.plugin] = nlohmann::ordered_json::parse(i.json);
  return insights;
}

Result score(std::shared_ptr<const Model> model, const Assessment& assessment, const AssessOptions& options) {
  auto outcome = assess(std::move(model), assessment, shipped_registry(), options);
  INFO(fmt_lines(outcome.diagnostics));
  REQUIRE(outcome.ok());
  return *outcome.result;
}

const NodeResult& group_result(const Result& result, const std::string& id) {
  for (const auto& g : result.groups)
    if (result.model->groups[g.group].id == id) return g;
  FAIL("no group " << id);
  throw;
}

const QuestionResult& question_result(const Result& result, const std::string& id) {
  for (const auto& q : result.questions)
    if (result.model->questions[q.question].id == id) return q;
  FAIL("no question " << id);
  throw;
}

std::string level_id(const Result& result, const NodeResult& node) {
  return node.level == npos ? std::string("(none)") : result.model->levels[node.level].id;
}

std::string fmt_percent(const NodeResult& node) {
  return node.scored ? fmt::format("{}", round_to(node.percent, 1)) : std::string();
}

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  for (std::string line; std::getline(s, line);) out.push_back(line);
  return out;
}

Run run_mmf(const std::string& args, const std::string& env) {
  TempDir dir;
  std::string command = "cd '" + std::string(MMF_TEST_SOURCE_DIR) + "' && " + env + " '" + MMF_TEST_EXE + "' " + args + " >'" +
                        (dir.path() / "out").string() + "' 2>'" + (dir.path() / "err").string() + "' </dev/null";
  int raw = std::system(command.c_str());
  Run run;
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  run.out = read_text(dir.path() / "out");
  run.err = read_text(dir.path() / "err");
  return run;
}

MeasuredRun run_mmf_measured(const std::string& args, const std::string& env) {
  TempDir dir;
  std::string command = "cd '" + std::string(MMF_TEST_SOURCE_DIR) + "' && " + env + " exec '" + MMF_TEST_EXE + "' " +
                        args + " >'" + (dir.path() / "out").string() + "' 2>'" + (dir.path() / "err").string() +
                        "' </dev/null";
  MeasuredRun run;
  pid_t pid = ::fork();
  if (pid == 0) {
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.peak_kib = usage.ru_maxrss;
  run.out = read_text(dir.path() / "out");
  run.err = read_text(dir.path() / "err");
  return run;
}

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "mmf-test-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

fs::path TempDir::write(const std::string& name, const std::string& content) const {
  fs::path file = path_ / name;
  std::ofstream out(file, std::ios::binary);
  out << content;
  return file;
}

void allow_rereading(BatchScorer& scorer, std::ostringstream& out) {
  scorer.set_truncate([&out](std::streampos position) {
    std::string kept = out.str();
    kept.resize(static_cast<std::size_t>(position));
    out.str(kept);
    out.seekp(0, std::ios::end);
    return true;
  });
}

BatchRun run_batch(std::shared_ptr<const Model> model, const std::string& csv, BatchFormat format, unsigned threads,
                   const CsvOptions& options) {
  BatchRun run;
  std::ostringstream out;
  BatchScorer scorer(std::move(model), shipped_registry(), format, out,
                     [&](const Diagnostic& d) { run.problems.push_back(d.str()); });
  scorer.set_threads(threads);
  scorer.set_csv_options(options);
  allow_rereading(scorer, out);
  std::istringstream in(csv);
  scorer.add_csv(in, "survey.csv");
  run.out = out.str();
  run.stats = scorer.stats();
  return run;
}

}  // namespace mmf::test
