// One guard for every plugin call: the 'faulty' fixture plugin throws
// something that is not a std::exception, or crashes, in each kind of call
// (rule check, rule score, insight, importer, renderer, report section), and
// each is named in one message form on the command line. The service's side
// is tests/serve/check_faults.py.
#include <csignal>
#include <filesystem>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

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
};

// A plugin that fails is not the input's fault: every kind exits 1, not 2.
const Case kCases[] = {
    {"check", "rule 'faulty.rule' (check)", "json"},
    {"score", "rule 'faulty.rule'", "json"},
    {"insight", "its insight producer", "json"},
    {"importer", "importer 'faulty-in'", "json"},
    {"renderer", "renderer 'faulty-out'", "faulty-out"},
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
    CHECK(run.status == 1);
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

TEST_CASE("A plugin that fails in batch or validate is the plugin's fault: exit 1", "[plugins][faults]") {
  auto validate = run_mmf("--plugin-dir " + kPlugins + " validate tests/fixtures/plugins/faulty-model.toml",
                          "FAULTY=check:throw");
  CHECK(validate.status == 1);
  CHECK(validate.err.find("error: plugin 'faulty' failed in rule 'faulty.rule' (check): " + kThrew) !=
        std::string::npos);
}

TEST_CASE("A plugin file that crashes or hangs while it loads is named and skipped, and the command goes on",
          "[plugins][faults]") {
  const std::string file = std::filesystem::canonical(kPlugins + "/faulty.so").string();
  struct Way {
    const char* how;
    const char* why;
  };
  for (const Way& w : {Way{"crash", "crashed (SIGSEGV) while loading"}, Way{"hang", "was still loading after 300 ms"}}) {
    INFO(w.how);
    auto listed = run_mmf("--plugin-load-timeout 0.3 --plugin-dir " + kPlugins + " plugins --format json",
                          std::string("FAULTY=load:") + w.how);
    CHECK(listed.status == 0);
    CHECK(listed.err.find("mmf: plugin file '" + file + "' " + w.why + "; running the command again without it\n") !=
          std::string::npos);
    const auto plugins = nlohmann::json::parse(listed.out);
    bool refused = false, good_loaded = false;
    for (const auto& r : plugins["refused"])
      if (std::filesystem::path(r["file"].get<std::string>()).filename() == "faulty.so") {
        refused = true;
        CHECK(r["reason"] == std::string("it ") + w.why + ", and is skipped");
      }
    for (const auto& p : plugins["plugins"]) good_loaded = good_loaded || p["name"] == "good";
    CHECK(refused);
    CHECK(good_loaded);
    // And a command that scores goes on without it.
    auto assessed = run_mmf("--plugin-load-timeout 0.3 --plugin-dir " + kPlugins +
                                " assess tests/fixtures/plugins/good-model.toml tests/fixtures/plugins/answers.lines"
                                " --format summary",
                            std::string("FAULTY=load:") + w.how);
    CHECK(assessed.status == 0);
    CHECK(assessed.out == "Lines import: 50%\n");
  }
}
