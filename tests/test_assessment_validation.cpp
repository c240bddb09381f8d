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
        "1 respondent, 30 answers\n"
        "examples/alliance-team.json: ok — assessment of 'Acme × Globex alliance' for model 'alliance', "
        "3 respondents, 90 answers\n");
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
