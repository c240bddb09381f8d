// The mmf command line: every command, its exit status, and where output goes.
#include <catch2/catch.hpp>
#include <regex>
#include <set>

#include "support.h"

using namespace mmf;
using namespace mmf::test;

TEST_CASE("mmf --version prints the version", "[cli]") {
  auto run = run_mmf("--version");
  CHECK(run.status == 0);
  CHECK(run.out == std::string("mmf ") + library_version() + "\n");
}

TEST_CASE("Every command has --help", "[cli]") {
  auto command = GENERATE(as<std::string>{}, "", "models", "plugins", "show", "validate", "template", "assess",
                          "crosswalk", "roadmap", "compare", "batch", "benchmark", "store", "store add", "store list",
                          "store show", "store rm", "store export", "history");
  auto run = run_mmf(command + " --help");
  CHECK(run.status == 0);
  CHECK(run.out.find("Usage:") != std::string::npos);
}

TEST_CASE("Usage errors exit 2 with a message", "[cli]") {
  auto none = run_mmf("");
  CHECK(none.status == 2);
  auto unknown = run_mmf("frobnicate");
  CHECK(unknown.status == 2);
  auto bad_format = run_mmf("assess alliance examples/alliance-acme-globex.toml --format odt");
  CHECK(bad_format.status == 2);
  CHECK(bad_format.err.find("--format") != std::string::npos);
}

TEST_CASE("mmf models lists the shipped models found from the build tree with no setting", "[cli]") {
  auto run = run_mmf("models --format json");
  CHECK(run.status == 0);
  auto list = nlohmann::json::parse(run.out);
  bool found = false;
  for (const auto& m : list)
    if (m["id"] == "alliance") {
      found = true;
      CHECK(m["version"] == "2.0.0");
      CHECK(m["name"] == "Alliance Maturity Model");
    }
  CHECK(found);
  auto text = run_mmf("models");
  CHECK(text.out.rfind("ID ", 0) == 0);
}

TEST_CASE("The --models-dir option and MMF_MODEL_PATH add model directories", "[cli]") {
  auto plain = run_mmf("models --format json");
  CHECK(plain.out.find("\"samm-shaped\"") == std::string::npos);
  auto flag = run_mmf("--models-dir tests/fixtures/rules models --format json");
  CHECK(flag.out.find("\"samm-shaped\"") != std::string::npos);
  auto env = run_mmf("models --format json", "MMF_MODEL_PATH=/nonexistent:tests/fixtures/rules");
  CHECK(env.out.find("\"samm-shaped\"") != std::string::npos);
}

TEST_CASE("mmf show renders a model's levels, groups and questions", "[cli]") {
  auto run = run_mmf("show tests/fixtures/rules/bands.toml");
  CHECK(run.status == 0);
  CHECK(run.out == read_text(fixture("golden/bands-show.txt")));
}

TEST_CASE("An unknown model id is a clear error", "[cli]") {
  auto run = run_mmf("--models-dir tests/fixtures/rules show no-such-model");
  CHECK(run.status == 2);
  CHECK(run.err.find("error: model 'no-such-model' not found (searched: tests/fixtures/rules") != std::string::npos);
}

TEST_CASE("mmf assess writes JSON when stdout is not a terminal, and the format asked for", "[cli]") {
  auto json = run_mmf("assess alliance examples/alliance-acme-globex.toml");
  CHECK(json.status == 0);
  CHECK(json.out == read_text(fixture("golden/alliance-acme-globex.json")));
  auto md = run_mmf("assess alliance examples/alliance-acme-globex.toml --format markdown");
  CHECK(md.out.rfind("# Acme × Globex alliance\n", 0) == 0);
  auto text = run_mmf("assess alliance examples/alliance-acme-globex.toml --format text");
  CHECK(text.out.find("Overall: Solution — 63.8% (coverage 100%)") != std::string::npos);
}

TEST_CASE("mmf assess -o writes the file whole, and nothing when the input is bad", "[cli]") {
  TempDir dir;
  auto out = dir.path() / "result.json";
  auto ok = run_mmf("assess alliance examples/alliance-acme-globex.toml -o " + out.string());
  CHECK(ok.status == 0);
  CHECK(ok.out.empty());
  CHECK(read_text(out) == read_text(fixture("golden/alliance-acme-globex.json")));

  auto bad_out = dir.path() / "bad.json";
  auto bad = run_mmf("assess --models-dir tests/fixtures/invalid/assessment checked "
                     "tests/fixtures/invalid/assessment/bad-option.toml -o " +
                     bad_out.string());
  CHECK(bad.status == 2);
  CHECK_FALSE(std::filesystem::exists(bad_out));
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("mmf assess --target picks another profile", "[cli]") {
  auto run = run_mmf("assess alliance examples/alliance-acme-globex.toml --target strategic --format json");
  CHECK(run.status == 0);
  auto j = nlohmann::json::parse(run.out);
  CHECK(j["target"] == "strategic");
  CHECK(j["gaps"][0]["node"] == "overall");
  CHECK(j["gaps"][0]["target"] == "strategic-alliance");
  auto bad = run_mmf("assess alliance examples/alliance-acme-globex.toml --target nope");
  CHECK(bad.status == 2);
  CHECK(bad.err.find("target profile 'nope' is not defined by model 'alliance'") != std::string::npos);
}

TEST_CASE("mmf template writes a blank assessment that validates", "[cli]") {
  TempDir dir;
  auto file = dir.path() / "blank.toml";
  auto run = run_mmf("template alliance -o " + file.string());
  CHECK(run.status == 0);
  auto check = run_mmf("validate " + file.string());
  CHECK(check.status == 0);
  CHECK(check.err.find("'subject' is empty") != std::string::npos);
  auto scored = run_mmf("assess alliance " + file.string() + " --format json");
  CHECK(scored.status == 0);
  auto j = nlohmann::json::parse(scored.out);
  CHECK(j["overall"]["coverage"] == 0.0);
  CHECK(j["warnings"].size() == 36);
}

TEST_CASE("Logs go to stderr and stdout carries the result only", "[cli]") {
  auto run = run_mmf("-v assess alliance examples/alliance-acme-globex.toml --format json");
  CHECK(run.status == 0);
  CHECK(run.err.find("mmf: debug: model alliance 2.0.0") != std::string::npos);
  CHECK(nlohmann::json::parse(run.out)["format"] == "mmf-result/1");
}

TEST_CASE("mmf assess parses only the model it uses: a broken model beside it goes unread", "[cli][speed]") {
  TempDir dir;
  std::filesystem::copy_file(source("models/alliance.toml"), dir.path() / "alliance.toml");
  dir.write("broken.toml", "format = \"mmf-model/1\"\n[model\nid = ");  // a syntax error on line 2
  auto run = run_mmf("--models-dir " + dir.path().string() + " assess alliance examples/alliance-acme-globex.toml "
                     "--format json");
  INFO(run.err);
  CHECK(run.status == 0);
  CHECK(run.err.empty());
  // Listing the models does read every file, and says so.
  auto list = run_mmf("--models-dir " + dir.path().string() + " models");
  CHECK(list.err.find("broken.toml: warning: skipped: the model has 1 error(s); run 'mmf validate' on it") !=
        std::string::npos);
}

TEST_CASE("mmf models that finds none says every place it looked", "[cli][models]") {
  // A copy of the binary outside the build tree has no source-tree models to fall back on.
  TempDir dir;
  std::filesystem::copy_file(MMF_TEST_EXE, dir.path() / "mmf");
  std::filesystem::permissions(dir.path() / "mmf", std::filesystem::perms::owner_all);
  std::string core_dir = std::filesystem::path(MMF_TEST_EXE).parent_path().parent_path() / "core";
  std::string command = "env -u MMF_MODEL_PATH LD_LIBRARY_PATH='" + core_dir + "' '" + (dir.path() / "mmf").string() +
                        "' models --models-dir /nonexistent/models >'" + (dir.path() / "out").string() + "' 2>'" +
                        (dir.path() / "err").string() + "'";
  REQUIRE(std::system(command.c_str()) == 0);
  CHECK(read_text(dir.path() / "out") == "ID  VERSION  NAME  FILE\n");
  CHECK(read_text(dir.path() / "err") ==
        "mmf: warning: no models found; looked in:\n"
        "  /nonexistent/models (--models-dir) — missing\n"
        "  MMF_MODEL_PATH (not set)\n"
        "  " + (dir.path().parent_path() / "share" / "mmf" / "models").string() + " (installed) — missing\n"
        "Give --models-dir DIR or set MMF_MODEL_PATH to a directory of model files\n");
}

TEST_CASE("README and docs show the versions this binary has", "[cli][docs]") {
  std::vector<std::filesystem::path> pages{source("README.md")};
  for (const auto& e : std::filesystem::directory_iterator(source("docs")))
    if (e.path().extension() == ".md") pages.push_back(e.path());
  std::size_t checked = 0;
  for (const char* id : {"alliance", "ecosystem", "capability", "readiness"}) {
    auto model = model_fixture(std::string("models/") + id + ".toml");
    std::regex shown("(" + model->name.value + " |model '" + std::string(id) + "' |\\n" + id +
                     "  +)([0-9]+\\.[0-9]+\\.[0-9]+)");
    for (const auto& page : pages) {
      std::string text = read_text(page);
      for (std::sregex_iterator it(text.begin(), text.end(), shown), end; it != end; ++it, ++checked) {
        INFO(page.filename().string() << ": " << it->str());
        CHECK((*it)[2].str() == model->version);
      }
    }
  }
  CHECK(checked >= 4);

  std::string plugins = run_mmf("plugins").out;
  std::smatch loaded;
  REQUIRE(std::regex_search(plugins, loaded, std::regex("\\nalliance ([0-9.]+) \\(API ([0-9.]+)\\)")));
  std::string cli = read_text(source("docs/cli.md"));
  CHECK(cli.find("Plugin API " + loaded[2].str() + "\n\nalliance " + loaded[1].str() + " (API " + loaded[2].str() + ")") !=
        std::string::npos);
}

TEST_CASE("README's text view is what mmf assess prints", "[cli][docs]") {
  std::string readme = read_text(source("README.md"));
  auto start = readme.find("The text view:\n\n```\n");
  REQUIRE(start != std::string::npos);
  start += std::string("The text view:\n\n```\n").size();
  auto shown = split_lines(readme.substr(start, readme.find("\n```", start) - start));
  auto printed = split_lines(run_mmf("assess alliance examples/alliance-acme-globex.toml --format text").out);
  REQUIRE(shown.size() > 10);
  REQUIRE(shown.back().find("…") != std::string::npos);  // the rest elided
  shown.pop_back();
  REQUIRE(printed.size() > shown.size());
  printed.resize(shown.size());
  CHECK(shown == printed);
}

TEST_CASE("Every example file README and docs name exists", "[cli][docs]") {
  std::vector<std::filesystem::path> pages{source("README.md")};
  for (const auto& e : std::filesystem::directory_iterator(source("docs")))
    if (e.path().extension() == ".md") pages.push_back(e.path());
  std::regex named(R"(\b(examples|models|tests/fixtures)/[A-Za-z0-9_./-]+\.(toml|json|jsonl|csv))");
  std::size_t checked = 0;
  for (const auto& page : pages) {
    std::string text = read_text(page);
    for (std::sregex_iterator it(text.begin(), text.end(), named), end; it != end; ++it, ++checked) {
      INFO(page.filename().string() << " names " << it->str());
      CHECK(std::filesystem::exists(source(it->str())));
    }
  }
  CHECK(checked > 20);
}

TEST_CASE("A model id never becomes a path: the catalog finds only ids", "[cli][models]") {
  ModelCatalog catalog({source("models")});
  CHECK(catalog.find("alliance") == source("models") / "alliance.toml");
  for (const std::string& spelling : {source("models/alliance").string(), std::string("../models/alliance"),
                                      std::string("models/alliance"), std::string("Alliance"), std::string("")}) {
    INFO(spelling);
    CHECK(catalog.find(spelling).empty());
  }
}

TEST_CASE("Every command's --help lists its formats from the format table", "[cli][formats]") {
  const FormatTable table;
  // Help text as one line: CLI11 wraps long descriptions.
  auto help = [](const std::string& command) {
    auto run = run_mmf(command + " --help");
    CHECK(run.status == 0);
    std::string flat;
    for (char c : run.out)
      if (!std::isspace(static_cast<unsigned char>(c)) || (!flat.empty() && flat.back() != ' ')) flat += std::isspace(static_cast<unsigned char>(c)) ? ' ' : c;
    return flat;
  };
  const std::pair<const char*, View> commands[] = {
      {"models", View::models},       {"plugins", View::plugins},       {"formats", View::formats},
      {"template", View::blank},      {"assess", View::result},         {"crosswalk", View::result},
      {"roadmap", View::roadmap},     {"compare", View::comparison},    {"batch", View::batch},
      {"benchmark", View::benchmark}, {"store list", View::stored},     {"store export", View::store_export},
      {"history", View::history},
  };
  std::set<View> views;
  for (const auto& [command, view] : commands) {
    const std::string text = help(command);
    INFO(command << ": " << text);
    CHECK(text.find("--format FORMAT " + table.names(view)) != std::string::npos);
    views.insert(view);
  }
  CHECK(views.size() == std::size(all_views));  // every view has its command
  const std::string assess = help("assess");
  CHECK(assess.find("--input-format FORMAT " + table.input_names() + ", or a plugin importer's format") !=
        std::string::npos);
  CHECK(assess.find("TOML, JSON, a CSV export") != std::string::npos);
  CHECK(assess.find("--subject-column") != std::string::npos);
  CHECK(assess.find("--map") != std::string::npos);
  const std::string batch = help("batch");
  CHECK(batch.find("CSV exports") != std::string::npos);
  CHECK(batch.find("--header-rows") != std::string::npos);
  CHECK(batch.find("--keep-going") != std::string::npos);
  CHECK(help("template").find("csv: the header row of a survey export") != std::string::npos);
}

TEST_CASE("mmf formats and GET /v1/formats' document list the same table, plugins' formats included",
          "[cli][formats]") {
  auto text = run_mmf("--plugin-dir " + std::string(MMF_TEST_PLUGIN_DIR) + " formats");
  CHECK(text.status == 0);
  CHECK(text.out.find("  lines      .lines         plugin good\n") != std::string::npos);
  CHECK(text.out.find("    markdown, md   a Markdown report\n") != std::string::npos);
  CHECK(text.out.find("    summary        plugin good\n") != std::string::npos);
  auto json = run_mmf("--plugin-dir " + std::string(MMF_TEST_PLUGIN_DIR) + " formats --format json");
  CHECK(json.status == 0);
  auto j = nlohmann::json::parse(json.out);
  CHECK(j["format"] == "mmf-formats/1");
  std::vector<std::string> inputs, results;
  for (const auto& i : j["inputs"]) inputs.push_back(i["name"]);
  for (const auto& o : j["outputs"]["result"]) results.push_back(o["name"]);
  CHECK(inputs == std::vector<std::string>{"toml", "json", "csv", "xlsx", "faulty-in", "lines"});
  CHECK(results == std::vector<std::string>{"text", "json", "markdown", "html", "csv", "xlsx", "docx", "pdf", "faulty-out", "summary"});
  CHECK(j["outputs"]["batch"].size() == 2);
  CHECK(j["outputs"].size() == std::size(all_views));
}

TEST_CASE("mmf validate reads a CSV export against --model, and says it needs one without", "[cli][csv]") {
  TempDir dir;
  auto header = run_mmf("template tests/fixtures/csv/survey.toml --format csv");
  REQUIRE(header.status == 0);
  auto file = dir.write("north.csv", header.out + "North,r1,sales,2026-11-03,fi,fi,ni,10\n");
  auto run = run_mmf("validate --model tests/fixtures/csv/survey.toml " + file.string());
  CHECK(run.status == 0);
  CHECK(run.out == file.string() + ": ok — assessment of 'North' for model 'survey', 1 respondent, 4 of 4 answered\n");
  auto without = run_mmf("validate " + file.string());
  CHECK(without.status == 2);
  CHECK(without.err == file.string() + ": error: a csv export is read against a model: give --model\n");
}
