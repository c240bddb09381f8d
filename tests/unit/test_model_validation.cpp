// Every model validation error is reported with its exact position and
// message, all at once. Each bad file under tests/fixtures/invalid/model has
// its expected diagnostics beside it (NAME.expected, checked by hand).
#include <catch2/catch.hpp>

#include "support.h"

using namespace mmf;
using namespace mmf::test;

namespace {

std::vector<std::string> validate_model_text(const std::string& name) {
  std::string relative = "tests/fixtures/invalid/model/" + name + ".toml";
  auto loaded = parse_model(read_text(source(relative)), relative);
  if (loaded.ok()) check_model_rule(*loaded.value, RuleRegistry::with_builtins(), loaded.diagnostics);
  return lines(loaded.diagnostics, true);
}

std::vector<std::string> expected(const std::string& name) {
  return split_lines(read_text(source("tests/fixtures/invalid/model/" + name + ".expected")));
}

}  // namespace

TEST_CASE("Invalid models report every problem with file, line, column and message", "[validation][model]") {
  auto name = GENERATE(as<std::string>{}, "syntax", "format-missing", "format-wrong", "missing-required", "bad-ids",
                       "duplicates", "unknown-references", "cycle", "weights", "scales", "empty-group",
                       "staged-without-levels", "thresholds-without-levels", "wrong-types", "bands-levels",
                       "warnings-only");
  INFO("fixture " << name);
  CHECK(validate_model_text(name) == expected(name));
}

TEST_CASE("mmf validate exits 2 on an invalid model and prints the same diagnostics", "[validation][model][cli]") {
  auto name = GENERATE(as<std::string>{}, "syntax", "duplicates", "unknown-references", "cycle", "scales",
                       "wrong-types");
  auto want = expected(name);
  auto errors = std::count_if(want.begin(), want.end(),
                              [](const std::string& l) { return l.find(": error: ") != std::string::npos; });
  auto run = run_mmf("validate tests/fixtures/invalid/model/" + name + ".toml");
  CHECK(run.status == 2);
  CHECK(split_lines(run.err) == want);
  CHECK(run.out == "tests/fixtures/invalid/model/" + name + ".toml: invalid (" + std::to_string(errors) + " error" +
                       (errors == 1 ? "" : "s") + ")\n");
}

TEST_CASE("Warnings alone leave a model valid: mmf validate exits 0", "[validation][model][cli]") {
  auto run = run_mmf("validate tests/fixtures/invalid/model/warnings-only.toml");
  CHECK(run.status == 0);
  CHECK(split_lines(run.err) == expected("warnings-only"));
  CHECK(run.out == "tests/fixtures/invalid/model/warnings-only.toml: ok — model 'lint' 1.0.0, 2 questions\n");
}

TEST_CASE("A model's elements keep the position they were written at", "[validation][model]") {
  auto model = model_fixture("rules/bands.toml");
  const Question& q4 = model->questions[model->find_question("q4")];
  CHECK(q4.loc.pos.line == 63);
  CHECK(q4.loc.pos.column == 6);
  CHECK(*q4.loc.file == fixture("rules/bands.toml").string());
  const Level& mid = model->levels[model->find_level("mid")];
  CHECK(mid.loc.pos.line == 27);
}

TEST_CASE("Localised text tables give every locale and fall back to the model's own", "[model][locale]") {
  auto loaded = parse_model(R"(format = "mmf-model/1"
[model]
id = "loc"
name = { en = "Alliance", de = "Allianz" }
version = "1.0.0"
locale = "en"
[scales.yn]
options = [{ id = "n", label = { en = "No", de = "Nein" }, value = 0 }, { id = "y", label = "Yes", value = 1 }]
[[groups]]
id = "g"
name = "G"
[[questions]]
id = "q"
group = "g"
text = { en = "Is it?", fr = "Est-ce ?" }
help = "h"
scale = "yn"
)",
                            "loc.toml");
  INFO(fmt_lines(loaded.diagnostics));
  REQUIRE(loaded.ok());
  const Model& m = *loaded.value;
  CHECK(m.name.value == "Alliance");
  CHECK(m.name.in("de") == "Allianz");
  CHECK(m.name.in("fr") == "Alliance");
  CHECK(m.questions[0].text.in("fr") == "Est-ce ?");
  CHECK(m.scales[0].options[0].label.in("de") == "Nein");
  CHECK(m.scales[0].options[1].label.in("de") == "Yes");
}
