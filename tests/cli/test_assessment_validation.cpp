// Every assessment validation error — in TOML and in JSON — is reported with
// its exact position and message. Expected diagnostics sit beside each bad
// file under tests/fixtures/invalid/assessment as FILE.expected.
#include <catch2/catch.hpp>

#include "support.h"

using namespace mmf;
using namespace mmf::test;

namespace {

const char* kDir = "tests/fixtures/invalid/assessment/";

std::vector<std::string> check_file(const std::string& name) {
  static auto model = model_fixture("invalid/assessment/model.toml");
  std::string relative = kDir + name;
  auto loaded = parse_assessment(read_text(source(relative)), relative);
  Diagnostics all = loaded.diagnostics;
  if (loaded.ok()) check_assessment(*loaded.value, *model, all);
  return lines(all, true);
}

std::vector<std::string> expected(const std::string& name) {
  return split_lines(read_text(source(kDir + name + ".expected")));
}

}  // namespace

TEST_CASE("Invalid assessments report every problem with file, line, column and message",
          "[validation][assessment]") {
  auto name = GENERATE(as<std::string>{}, "unknown-question.toml", "bad-option.toml", "out-of-range.toml",
                       "not-finite.toml", "not-finite-inf.toml", "version-unmet.toml", "version-malformed.toml",
                       "other-model.toml", "structure.toml", "respondents.toml", "unknown-question.json",
                       "bad-values.json", "syntax.json", "truncated.json", "duplicate-key.json", "not-object.json");
  INFO("fixture " << name);
  CHECK(check_file(name) == expected(name));
}

TEST_CASE("mmf validate exits 2 on an invalid assessment, TOML or JSON", "[validation][assessment][cli]") {
  auto name = GENERATE(as<std::string>{}, "unknown-question.toml", "bad-option.toml", "out-of-range.toml",
                       "not-finite.toml", "version-unmet.toml", "other-model.toml", "bad-values.json",
                       "truncated.json");
  auto run = run_mmf(std::string("validate --model ") + kDir + "model.toml " + kDir + name);
  CHECK(run.status == 2);
  CHECK(split_lines(run.err) == expected(name));
}

TEST_CASE("A model file given as an assessment says so", "[validation][assessment]") {
  auto loaded = parse_assessment(read_text(source(kDir + std::string("model-format.toml"))), "m.toml");
  CHECK_FALSE(loaded.ok());
  CHECK(lines(loaded.diagnostics) ==
        std::vector<std::string>{"m.toml:1:10: error: this is a model (format \"mmf-model/1\"), not an assessment"});
}

TEST_CASE("An assessment finds its model by id through the search path", "[validation][assessment][cli]") {
  auto run = run_mmf("validate examples/alliance-acme-globex.toml examples/alliance-team.json");
  CHECK(run.status == 0);
  CHECK(run.err.empty());
  CHECK(run.out ==
        "examples/alliance-acme-globex.toml: ok — assessment of 'Acme × Globex alliance' for model 'alliance', "
        "1 respondent, 36 of 36 answered\n"
        "examples/alliance-team.json: ok — assessment of 'Acme × Globex alliance' for model 'alliance', "
        "3 respondents, 36 of 36 answered\n");
}

TEST_CASE("An empty answer is no answer: a filled-in template validates", "[validation][assessment]") {
  auto loaded = parse_assessment("format = \"mmf-assessment/1\"\nmodel = \"checked\"\nsubject = \"s\"\n"
                                 "[answers]\ngovernance = \"\"\ncoverage = 40\n",
                                 "t.toml");
  REQUIRE(loaded.ok());
  Diagnostics d;
  check_assessment(*loaded.value, *model_fixture("invalid/assessment/model.toml"), d);
  CHECK(d.empty());
  CHECK(loaded.value->respondents[0].answers[0].kind == Answer::Kind::empty);
}

TEST_CASE("mmf validate of a blank template says none of its questions is answered", "[validation][assessment][cli]") {
  TempDir dir;
  auto blank = dir.path() / "blank.toml";
  REQUIRE(run_mmf("template alliance -o " + blank.string()).status == 0);
  auto run = run_mmf("validate " + blank.string());
  CHECK(run.status == 0);
  CHECK(run.out == blank.string() + ": ok — assessment of '' for model 'alliance', 1 respondent, 0 of 36 answered\n");
}

namespace {

std::string versioned_model(const std::string& version) {
  return "format = \"mmf-model/1\"\n[model]\nid = \"versioned\"\nname = \"Versioned\"\nversion = \"" + version +
         "\"\n[scales.yn]\noptions = [{ id = \"n\", label = \"No\", value = 0 }, { id = \"y\", label = \"Yes\", "
         "value = 1 }]\n[[levels]]\nid = \"low\"\nname = \"Low\"\nmin = 0\n[[groups]]\nid = \"g\"\nname = \"G\"\n"
         "[[questions]]\nid = \"q\"\ngroup = \"g\"\ntext = \"Q\"\nhelp = \"h\"\nscale = \"yn\"\n";
}

// The model_version line of `template` of a model at `version`.
std::string stamped(const std::string& version) {
  auto model = parse_model(versioned_model(version), "versioned.toml");
  REQUIRE(model.ok());
  for (const auto& line : split_lines(render_template(*model.value)))
    if (line.rfind("model_version", 0) == 0) return line;
  return "";
}

}  // namespace

TEST_CASE("Templates stamp a requirement that the model's next compatible versions meet", "[validation][assessment]") {
  CHECK(stamped("0.1.0") == "model_version = \">=0.1, <1\"");
  CHECK(stamped("1.1.0") == "model_version = \"^1.1\"");
  CHECK(stamped("2.3.4") == "model_version = \"^2.3\"");

  // Answers collected from a 0.1 template still check under 0.2 and 0.9, not under 1.0.
  auto collected = parse_assessment("format = \"mmf-assessment/1\"\nmodel = \"versioned\"\n" + stamped("0.1.0") +
                                        "\nsubject = \"s\"\n[answers]\nq = \"y\"\n",
                                    "answers.toml");
  REQUIRE(collected.ok());
  for (const char* later : {"0.2.0", "0.9.3"}) {
    auto model = parse_model(versioned_model(later), "versioned.toml");
    Diagnostics d;
    check_assessment(*collected.value, *model.value, d);
    CHECK(lines(d, true).empty());
  }
  auto major = parse_model(versioned_model("1.0.0"), "versioned.toml");
  Diagnostics d;
  check_assessment(*collected.value, *major.value, d);
  CHECK(lines(d) == std::vector<std::string>{"answers.toml:3:17: error: model 'versioned' is version 1.0.0, which does "
                                             "not meet the requirement \">=0.1, <1\" (answers collected under another "
                                             "version score with --ignore-model-version)"});
}

TEST_CASE("mmf --ignore-model-version scores across a requirement, with a warning", "[validation][assessment][cli]") {
  TempDir dir;
  auto model = dir.write("versioned.toml", versioned_model("2.0.0"));
  auto answers = dir.write("answers.toml", "format = \"mmf-assessment/1\"\nmodel = \"versioned\"\n"
                                           "model_version = \"^1.0\"\nsubject = \"s\"\n[answers]\nq = \"y\"\n");
  std::string warning = answers.string() + ":3:17: warning: model 'versioned' is version 2.0.0, which does not meet "
                                           "the requirement \"^1.0\"; scored anyway, as asked\n";
  auto refused = run_mmf("assess " + model.string() + " " + answers.string() + " --format csv");
  CHECK(refused.status == 2);
  CHECK(refused.out.empty());
  auto scored = run_mmf("assess " + model.string() + " " + answers.string() + " --format csv --ignore-model-version");
  CHECK(scored.status == 0);
  CHECK(scored.err == warning);
  CHECK(scored.out.find("overall,overall,,Versioned,low,100,1") != std::string::npos);

  auto validated = run_mmf("validate --model " + model.string() + " " + answers.string() + " --ignore-model-version");
  CHECK(validated.status == 0);
  CHECK(validated.err == warning);

  for (const std::string& command : {"compare " + answers.string() + " --model " + model.string() + " --format csv",
                                     "roadmap " + answers.string() + " --model " + model.string() + " --format json",
                                     "--db " + (dir.path() / "s.db").string() + " store add " + answers.string() +
                                         " --model " + model.string()}) {
    INFO(command);
    CHECK(run_mmf(command).status == 2);
    auto across = run_mmf(command + " --ignore-model-version");
    CHECK(across.status == 0);
    CHECK(across.err == warning);
  }

  auto batch = run_mmf("batch " + model.string() + " " + answers.string() + " --ignore-model-version");
  CHECK(batch.status == 0);
  CHECK(batch.err == warning + "mmf: scored 1 assessment, skipped 0\n");
  CHECK(batch.out == "subject,percent,level,g.percent,g.level\ns,100,low,100,low\n");
}
