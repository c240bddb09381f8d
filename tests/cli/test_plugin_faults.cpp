// One guard for every plugin call: the 'faulty' fixture plugin throws
// something that is not a std::exception, or crashes, in each kind of call
// (rule check, rule score, insight, importer, renderer, report section), and
// each is named in one message form on the command line. The service's side
// is tests/serve/check_faults.py.
#include <csignal>

#include <catch2/catch.hpp>

#include "support.h"

using namespace mmf::test;

namespace {

const std::string kPlugins = MMF_TEST_PLUGIN_DIR;
const std::string kAssess = "--plugin-dir " + kPlugins +
                            " assess tests/fixtures/plugins/faulty-model.toml tests/fixtures/plugins/answers.faulty";
const std::string kThrew = "it threw something that is not a std::exception";

struct Case {
  const char* call;     // FAULTY's <call>
  const char* named;    // how the message names the call
  const char* format;   // the output format that reaches the call
  int status;           // the exit status when it throws
};

const Case kCases[] = {
    {"check", "rule 'faulty.rule' (check)", "json", 2},
    {"score", "rule 'faulty.rule'", "json", 2},
    {"insight", "its insight producer", "json", 2},
    {"importer", "importer 'faulty-in'", "json", 2},
    {"renderer", "renderer 'faulty-out'", "faulty-out", 1},
};

}  // namespace

TEST_CASE("The faulty fixture plugin behaves when asked to", "[plugins][faults]") {
  auto run = run_mmf(kAssess + " --format faulty-out");
  INFO(run.err);
  CHECK(run.status == 0);
  CHECK(run.out == "faulty: Faulty Co\n");
}

TEST_CASE("A plugin call that throws a non-standard exception is named: plugin, call, and what it threw",
          "[plugins][faults]") {
  for (const Case& c : kCases) {
    INFO(c.call);
    auto run = run_mmf(kAssess + " --format " + c.format, std::string("FAULTY=") + c.call + ":throw");
    CHECK(run.status == c.status);
    CHECK(run.out.empty());
    CHECK(run.err.find(std::string("error: plugin 'faulty' failed in ") + c.named + ": " + kThrew) !=
          std::string::npos);
  }
}

TEST_CASE("A report section that throws leaves a warning in its place, and the rest of the report", "[plugins][faults]") {
  TempDir dir;
  auto run = run_mmf(kAssess + " --format html -o " + (dir.path() / "r.html").string(), "FAULTY=section:throw");
  CHECK(run.status == 0);
  const std::string message = "plugin 'faulty' failed in its report section: " + kThrew;
  CHECK(run.err.find("warning: " + message) != std::string::npos);
  const std::string html = read_text(dir.path() / "r.html");
  CHECK(html.find("<p class=\"warn\">" + mmf::html_escape(message) + "</p>") != std::string::npos);
  CHECK(html.find("Insights: faulty") != std::string::npos);
}

TEST_CASE("A plugin call that crashes is named with the call, and mmf dies of the signal", "[plugins][faults]") {
  struct Crash {
    const char* call;
    const char* named;
    const char* format;
  };
  const Crash crashes[] = {
      {"check", "rule 'faulty.rule' (check)", "json"}, {"score", "rule 'faulty.rule'", "json"},
      {"insight", "its insight producer", "json"},     {"importer", "importer 'faulty-in'", "json"},
      {"renderer", "renderer 'faulty-out'", "faulty-out"}, {"section", "its report section", "html"},
  };
  TempDir dir;
  for (const Crash& c : crashes) {
    INFO(c.call);
    auto run = run_mmf(kAssess + " --format " + c.format + " -o " + (dir.path() / "out").string(),
                       std::string("FAULTY=") + c.call + ":crash");
    CHECK(run.status == 128 + SIGSEGV);
    CHECK(run.err.find(std::string("mmf: plugin 'faulty' crashed (SIGSEGV) in ") + c.named + "\n") !=
          std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.path() / "out"));
  }
}
