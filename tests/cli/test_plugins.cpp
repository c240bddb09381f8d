// The plugin mechanism: loading, each refusal with its reason, all four kinds
// of registration, faults inside plugins, permissions and lifetime.
#include <sys/stat.h>

#include <fstream>

#include <csignal>

#include <catch2/catch.hpp>

#include "support.h"

using namespace mmf;
using namespace mmf::test;
namespace fs = std::filesystem;

namespace {

const fs::path kFixturePlugins = MMF_TEST_PLUGIN_DIR;

std::string refusal_of(const PluginHost& host, const std::string& file_name) {
  for (const auto& r : host.refusals())
    if (r.file.filename() == file_name) return r.reason;
  return "(not refused)";
}

}  // namespace

TEST_CASE("Each bad plugin file is refused with its reason while the good one beside it loads", "[plugins]") {
  PluginHost host;
  host.load_directory(kFixturePlugins);
  CHECK(host.refusals().size() == 8);
  CHECK(refusal_of(host, "not_a_library.so") == "not a shared library (no ELF header)");
  CHECK(refusal_of(host, "no_entry.so") ==
        "no entry point 'mmf_plugin_descriptor': not an mmf plugin (use MMF_PLUGIN in plugin_entry.h)");
  CHECK(refusal_of(host, "api_major.so") ==
        "plugin 'future' was built for plugin API 3.0; this host supports 2.4 (the major version must match)");
  CHECK(refusal_of(host, "api_minor.so") == "plugin 'newer' was built for plugin API 2.11, newer than this host's 2.4");
  CHECK(refusal_of(host, "api_v1.so") ==
        "plugin 'old' was built for plugin API 1.2; this host needs 2.x (rebuild it against this mmf's headers)");
  CHECK(refusal_of(host, "good_twin.so") ==
        "plugin name 'good' is already taken by " + (kFixturePlugins / "good.so").string());
  CHECK(refusal_of(host, "register_throws.so") == "plugin 'thrower' failed in its register function: cannot find my data files");
  CHECK(refusal_of(host, "hijack.so") == "renderer 'json' of plugin 'hijack' would replace a built-in format");

  const Registry& registry = host.registry();
  REQUIRE(registry.find_plugin("good"));
  CHECK(registry.find_plugin("good")->version == "0.1.0");
  CHECK(registry.find_plugin("good")->registered ==
        std::vector<std::string>{"rule good.floor", "insights.good", "importer lines", "report content", "renderer summary"});
  CHECK(registry.rules().owner("good.floor") == "good");
  CHECK(registry.find_plugin("boom"));
  CHECK_FALSE(registry.find_plugin("thrower"));
}

TEST_CASE("A good plugin's rule and insight take part in scoring", "[plugins]") {
  PluginHost host;
  REQUIRE(host.load_file(kFixturePlugins / "good.so"));
  auto model = load_model(fixture("plugins/good-model.toml"));
  REQUIRE(model.ok());
  auto a = parse_assessment("format = \"mmf-assessment/1\"\nmodel = \"good-model\"\nsubject = \"Fixture\"\n"
                            "[answers]\nq1 = \"y\"\nq2 = \"y\"\n",
                            "a.toml");
  REQUIRE(a.ok());
  auto outcome = assess(model.value, *a.value, host.registry());
  INFO(fmt_lines(outcome.diagnostics));
  REQUIRE(outcome.ok());
  CHECK(outcome.result->overall.percent == 100);
  CHECK(outcome.result->overall.level == 0);  // good.floor puts everything on the first level
  CHECK(insights_of(*outcome.result).dump() == R"({"good":{"hello":"Fixture","questions":2}})");
  CHECK(outcome.result->insight("good") == R"({"hello":"Fixture","questions":2})");
}

TEST_CASE("A plugin's importer reads new input formats and its renderer writes new output formats", "[plugins][cli]") {
  auto run = run_mmf("--plugin-dir " + kFixturePlugins.string() +
                     " assess tests/fixtures/plugins/good-model.toml tests/fixtures/plugins/answers.lines "
                     "--format summary");
  CHECK(run.status == 0);
  CHECK(run.out == "Lines import: 50%\n");
  auto unknown = run_mmf("--plugin-dir " + kFixturePlugins.string() +
                         " assess tests/fixtures/plugins/good-model.toml tests/fixtures/plugins/answers.lines "
                         "--format odt");
  CHECK(unknown.status == 2);
  // The format table's list: built-ins (with their aliases), then plugins' in load order.
  CHECK(unknown.err.find("unknown --format 'odt' (known: text, json, markdown (md), html, csv, xlsx, docx, pdf, faulty-out, "
                         "summary)") != std::string::npos);
}

TEST_CASE("A plugin that throws while scoring gives a clear error naming it, not a crash", "[plugins][cli]") {
  auto run = run_mmf("--plugin-dir " + kFixturePlugins.string() +
                     " assess tests/fixtures/plugins/boom-model.toml tests/fixtures/plugins/boom-answers.toml");
  CHECK(run.status == 1);  // the plugin's fault, not the input's
  CHECK(run.out.empty());
  CHECK(run.err.find("tests/fixtures/plugins/boom-model.toml:9:8: error: plugin 'boom' failed in rule 'boom.boom': "
                     "boom while scoring") != std::string::npos);
}

TEST_CASE("A model whose plugin is not loaded is a validation error naming the plugin", "[plugins][cli]") {
  auto run = run_mmf("validate tests/fixtures/plugins/good-model.toml");
  CHECK(run.status == 2);
  CHECK(run.err ==
        "tests/fixtures/plugins/good-model.toml:7:10: error: model 'good-model' needs plugin 'good', which is not "
        "loaded (put it in a plugin directory: --plugin-dir, MMF_PLUGIN_PATH or the installed lib/mmf/plugins)\n");
  auto with = run_mmf("validate tests/fixtures/plugins/good-model.toml", "MMF_PLUGIN_PATH=" + kFixturePlugins.string());
  CHECK(with.status == 0);
}

TEST_CASE("Plugins and plugin directories writable by others are refused", "[plugins][security]") {
  TempDir dir;
  fs::path copy = dir.path() / "good.so";
  fs::copy_file(kFixturePlugins / "good.so", copy);
  ::chmod(dir.path().c_str(), 0755);
  ::chmod(copy.c_str(), 0666);
  PluginHost host;
  CHECK_FALSE(host.load_file(copy));
  CHECK(host.refusals().at(0).reason == "file " + copy.string() +
                                            " is writable by anyone (mode 0666); only its owner may write a plugin or "
                                            "its directory");
  ::chmod(copy.c_str(), 0755);
  ::chmod(dir.path().c_str(), 0775);
  PluginHost host2;
  host2.load_directory(dir.path());
  REQUIRE(host2.refusals().size() == 1);
  CHECK(host2.refusals()[0].reason == "directory " + dir.path().string() +
                                          " is writable by its group (mode 0775); only its owner may write a plugin "
                                          "or its directory");
  CHECK_FALSE(host2.registry().find_plugin("good"));
  ::chmod(dir.path().c_str(), 0755);
  PluginHost host3;
  host3.load_directory(dir.path());
  CHECK(host3.registry().find_plugin("good"));
}

TEST_CASE("A truncated plugin is refused before it is mapped, not loaded into a crash", "[plugins]") {
  TempDir dir;
  ::chmod(dir.path().c_str(), 0755);
  std::string whole = read_text(kFixturePlugins / "good.so");
  auto file = dir.write("cut.so", whole.substr(0, 4096));
  ::chmod(file.c_str(), 0644);
  PluginHost host;
  CHECK_FALSE(host.load_file(file));
  CHECK(host.refusals().at(0).reason ==
        "truncated or damaged shared library: its headers reach past the file's 4096 bytes");
}

TEST_CASE("An ELF file the system loader rejects is refused with the loader's own reason", "[plugins]") {
  TempDir dir;
  ::chmod(dir.path().c_str(), 0755);
  // mmf itself: a position-independent executable, ELF type DYN, which dlopen refuses.
  fs::path copy = dir.path() / "mmf.so";
  fs::copy_file(MMF_TEST_EXE, copy);
  ::chmod(copy.c_str(), 0755);
  PluginHost host;
  CHECK_FALSE(host.load_file(copy));
  const std::string& reason = host.refusals().at(0).reason;
  CHECK(reason.rfind("cannot be loaded: ", 0) == 0);
  CHECK(reason.find("position-independent executable") != std::string::npos);
}

TEST_CASE("mmf plugins lists the shipped plugins from the build tree and refused files", "[plugins][cli]") {
  auto run = run_mmf("plugins --format json");
  CHECK(run.status == 0);
  auto j = nlohmann::json::parse(run.out);
  CHECK(j["api"] == "2.4");
  std::vector<std::string> names;
  for (const auto& p : j["plugins"]) names.push_back(p["name"]);
  CHECK(std::find(names.begin(), names.end(), "alliance") != names.end());
  auto with_fixtures = run_mmf("--plugin-dir " + kFixturePlugins.string() + " plugins --format json");
  CHECK(nlohmann::json::parse(with_fixtures.out)["refused"].size() == 8);
}

TEST_CASE("A plugin logs through its own logger on the host's sinks", "[plugins][cli]") {
  auto run = run_mmf("-v --plugin-dir " + kFixturePlugins.string() + " plugins");
  CHECK(run.err.find("plugin.good: debug: registering") != std::string::npos);
}

TEST_CASE("A plugin that crashes the process is named on stderr, and mmf dies of the signal", "[plugins][cli]") {
  const std::string args = "--plugin-dir " + kFixturePlugins.string() + " assess tests/fixtures/plugins/crash-model.toml ";
  auto segv = run_mmf(args + "tests/fixtures/plugins/crash-segv.toml");
  CHECK(segv.status == 128 + SIGSEGV);
  CHECK(segv.out.empty());
  CHECK(segv.err.find("mmf: plugin 'crash' crashed (SIGSEGV) in rule 'crash.by-answer'\n") != std::string::npos);
  auto abort = run_mmf(args + "tests/fixtures/plugins/crash-abort.toml");
  CHECK(abort.status == 128 + SIGABRT);
  CHECK(abort.err.find("mmf: plugin 'crash' crashed (SIGABRT) in rule 'crash.by-answer'\n") != std::string::npos);
}

TEST_CASE("A plugin built for API 1.x is found by its old entry point and refused naming both versions",
          "[plugins][api]") {
  PluginHost host;
  // Its register function aborts: the host must refuse it before calling anything but the entry point.
  CHECK_FALSE(host.load_file(kFixturePlugins / "api_v1.so"));
  REQUIRE(host.refusals().size() == 1);
  CHECK(host.refusals()[0].reason ==
        "plugin 'old' was built for plugin API 1.2; this host needs 2.x (rebuild it against this mmf's headers)");
  CHECK_FALSE(host.registry().find_plugin("old"));
}

TEST_CASE("A plugin built against mmf's headers alone, with no nlohmann or Boost header of any version, loads",
          "[plugins][api]") {
  // good.so is compiled with only core/include and the generated export header on its include path, behind
  // headers named as nlohmann's and Boost's that stop the compile (tests/fixtures/plugins/CMakeLists.txt).
  PluginHost host;
  REQUIRE(host.load_file(kFixturePlugins / "good.so"));
  CHECK(host.registry().find_plugin("good")->api_major == 2);
  CHECK(host.registry().find_plugin("good")->registered ==
        std::vector<std::string>{"rule good.floor", "insights.good", "importer lines", "report content", "renderer summary"});
}

TEST_CASE("Insights that are not one JSON object are an error naming the plugin and the call", "[plugins][api]") {
  PluginHost host;
  REQUIRE(host.load_file(kFixturePlugins / "bad_insight.so"));
  auto model = load_model(fixture("plugins/bad-insight-model.toml"));
  REQUIRE(model.ok());
  auto assess_subject = [&](const std::string& subject) {
    auto a = parse_assessment("format = \"mmf-assessment/1\"\nmodel = \"bad-insight-model\"\nsubject = \"" +
                                  subject + "\"\n[answers]\nq1 = \"y\"\n",
                              "a.toml");
    REQUIRE(a.ok());
    return assess(model.value, *a.value, host.registry());
  };
  const std::string where = fixture("plugins/bad-insight-model.toml").string() + ":7:10: error: ";
  auto not_json = assess_subject("text");
  CHECK_FALSE(not_json.ok());
  CHECK(lines(not_json.diagnostics) ==
        std::vector<std::string>{where + "plugin 'bad-insight' failed in its insight producer: produce() returned "
                                         "text that is not JSON (at byte 16)"});
  auto array = assess_subject("array");
  CHECK_FALSE(array.ok());
  CHECK(lines(array.diagnostics) ==
        std::vector<std::string>{where + "plugin 'bad-insight' failed in its insight producer: produce() returned "
                                         "a JSON array, not an object"});
}

TEST_CASE("A plugin declares what its rules need of a model", "[plugins][api]") {
  const PluginInfo* alliance = shipped_registry().find_plugin("alliance");
  REQUIRE(alliance);
  std::vector<std::string> needs;
  for (const auto& n : alliance->needs) needs.push_back(n.rule + " " + n.tag);
  CHECK(needs == std::vector<std::string>{"alliance.value-stage trait:vision", "alliance.value-stage trait:shared-fate",
                                          "alliance.value-stage trait:customer-value",
                                          "alliance.value-stage trait:board"});
}

TEST_CASE("A rule that throws in mmf batch is reported once per subject in assess's words, by the row path and the "
          "parallel path alike",
          "[plugins][batch]") {
  PluginHost host;
  REQUIRE(host.load_file(kFixturePlugins / "boom.so"));
  auto model = load_model(fixture("plugins/boom-model.toml"));
  REQUIRE(model.ok());
  auto a = parse_assessment("format = \"mmf-assessment/1\"\nmodel = \"boom-model\"\nsubject = \"a\"\n"
                            "[answers]\nq1 = \"y\"\n",
                            "a.toml");
  REQUIRE(a.ok());
  auto outcome = assess(model.value, *a.value, host.registry());
  REQUIRE(outcome.diagnostics.error_count() == 1);
  const std::string failure = outcome.diagnostics.items().front().str();
  CHECK(failure == fixture("plugins/boom-model.toml").string() +
                       ":9:8: error: plugin 'boom' failed in rule 'boom.boom': boom while scoring");

  // Two subjects, the first with two respondents: the row path (JSON Lines
  // out, through assess) and the parallel path (CSV out) at 1 and 2 threads.
  const std::string csv = "subject,q1,q2\na,y,n\na,n,n\nb,n,y\n";
  auto batch = [&](BatchFormat format, unsigned threads) {
    std::vector<std::string> problems;
    std::ostringstream out;
    BatchScorer scorer(model.value, host.registry(), format, out,
                       [&](const Diagnostic& d) { problems.push_back(d.str()); });
    scorer.set_threads(threads);
    std::istringstream in(csv);
    scorer.add_csv(in, "survey.csv");
    CHECK(scorer.stats().scored == 0);
    CHECK(scorer.stats().skipped == 2);
    CHECK(out.str().empty());
    return problems;
  };
  const std::vector<std::string> expected{failure, failure};
  CHECK(batch(BatchFormat::jsonl, 1) == expected);
  CHECK(batch(BatchFormat::csv, 1) == expected);
  CHECK(batch(BatchFormat::csv, 2) == expected);
}
