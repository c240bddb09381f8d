// The field's own ids: models may name options, levels, groups, questions,
// scales and targets with TOML's bare-key alphabet (C2M2's FI/LI/PI/NI,
// levels 1-5, a Likert scale 0-4), and such a model scores exactly as its
// lower-case twin does. Ids compare exactly: 'fi' does not answer 'FI'.
#include <catch2/catch.hpp>

#include <map>
#include <regex>

#include "support.h"

using namespace mmf;
using namespace mmf::test;

namespace {

// `text` with every whole word that `ids` names replaced, in one pass.
std::string rename(const std::string& text, const std::map<std::string, std::string>& ids) {
  std::string alternatives;
  for (const auto& [from, to] : ids) alternatives += (alternatives.empty() ? "" : "|") + from;
  std::regex word("\\b(" + alternatives + ")\\b");
  std::string out;
  auto last = text.cbegin();
  for (std::sregex_iterator it(text.begin(), text.end(), word), end; it != end; ++it) {
    out.append(last, text.cbegin() + it->position());
    out += ids.at(it->str());
    last = text.cbegin() + it->position() + it->length();
  }
  out.append(last, text.cend());
  return out;
}

struct Twins {
  std::string lower_json;  // the lower-case fixture's result, its ids renamed afterwards
  std::string field_json;  // the renamed model's result
  Diagnostics field_diagnostics;
};

Twins score_twins(const std::string& model_fixture_name, const std::string& answers_fixture_name,
                  const std::map<std::string, std::string>& ids) {
  std::string model_text = read_text(fixture(model_fixture_name));
  std::string answers_text = read_text(fixture(answers_fixture_name));

  auto lower_model = parse_model(model_text, "lower.toml");
  REQUIRE(lower_model.ok());
  auto lower_answers = parse_assessment(answers_text, "lower-answers.toml");
  REQUIRE(lower_answers.ok());

  Twins t;
  auto field_model = parse_model(rename(model_text, ids), "field.toml");
  t.field_diagnostics = field_model.diagnostics;
  REQUIRE(field_model.ok());
  auto field_answers = parse_assessment(rename(answers_text, ids), "field-answers.toml");
  REQUIRE(field_answers.ok());

  t.lower_json = rename(render_json(score(lower_model.value, *lower_answers.value)), ids);
  t.field_json = render_json(score(field_model.value, *field_answers.value));
  return t;
}

}  // namespace

TEST_CASE("C2M2's own option ids FI/LI/PI/NI and levels MIL0-MIL3 score as their lower-case twins do",
          "[model][ids]") {
  auto t = score_twins("rules/c2m2.toml", "rules/c2m2-answers.toml",
                       {{"ni", "NI"}, {"pi", "PI"}, {"li", "LI"}, {"fi", "FI"}, {"na", "NA"}, {"mil0", "MIL0"},
                        {"mil1", "MIL1"}, {"mil2", "MIL2"}, {"mil3", "MIL3"}});
  CHECK(lines(t.field_diagnostics, true).empty());
  CHECK(t.field_json == t.lower_json);
  CHECK(t.field_json.find(R"("id": "MIL1")") != std::string::npos);
}

TEST_CASE("Levels 1-4 and a Likert scale 0-4 score as their named twins do", "[model][ids]") {
  auto t = score_twins("rules/thresholds.toml", "rules/thresholds-answers.toml",
                       {{"elementary", "1"}, {"weak", "2"}, {"moderate", "3"}, {"good", "4"}, {"never", "0"},
                        {"rarely", "1"}, {"sometimes", "2"}, {"often", "3"}, {"always", "4"}});
  CHECK(lines(t.field_diagnostics, true).empty());
  CHECK(t.field_json == t.lower_json);
}

TEST_CASE("ODI-style levels 1-5 with bands, and field-style group and question ids, score as their twins do",
          "[model][ids]") {
  auto t = score_twins("rules/bands.toml", "rules/bands-answers.toml",
                       {{"low", "1"}, {"mid", "3"}, {"high", "5"}, {"g1", "Group_A"}, {"g2", "GROUP-B"},
                        {"q1", "Q1"}, {"q2", "Q_2"}, {"q3", "3"}, {"q4", "4"}, {"q5", "q5_"}});
  CHECK(lines(t.field_diagnostics, true).empty());
  CHECK(t.field_json == t.lower_json);
}

TEST_CASE("Ids compare exactly: 'fi' does not answer a scale whose option is 'FI'", "[model][ids][validation]") {
  std::string model_text = rename(read_text(fixture("rules/c2m2.toml")),
                                  {{"ni", "NI"}, {"pi", "PI"}, {"li", "LI"}, {"fi", "FI"}, {"na", "NA"}});
  auto model = parse_model(model_text, "field.toml");
  REQUIRE(model.ok());
  auto answers = parse_assessment(read_text(fixture("rules/c2m2-answers.toml")), "answers.toml");
  REQUIRE(answers.ok());
  Diagnostics problems;
  check_assessment(*answers.value, *model.value, problems);
  auto got = lines(problems);
  REQUIRE(got.size() == 8);
  CHECK(got[0] == "answers.toml:5:12: error: 'fi' is not an option of scale 'imp' for question 'asset-1a' "
                  "(valid: NI, PI, LI, FI, NA); ids compare exactly: did you mean 'FI'?");
}

TEST_CASE("A group or level without a name shows its id, with a warning", "[model][ids]") {
  auto model = parse_model(R"(format = "mmf-model/1"
[model]
id = "nameless"
name = "Nameless"
version = "1.0.0"
[scales.yn]
options = [{ id = "N", label = "No", value = 0 }, { id = "Y", label = "Yes", value = 1 }]
[[levels]]
id = "1"
min = 0
[[levels]]
id = "2"
name = "Two"
min = 50
[[groups]]
id = "G1"
[[questions]]
id = "Q1"
group = "G1"
text = "Q"
help = "h"
scale = "yn"
)",
                           "nameless.toml");
  REQUIRE(model.ok());
  CHECK(lines(model.diagnostics, true) ==
        std::vector<std::string>{"nameless.toml:9:6: warning: level '1' has no 'name'; reports show its id",
                                 "nameless.toml:16:6: warning: group 'G1' has no 'name'; reports show its id"});
  CHECK(model.value->groups[0].name.value == "G1");
  CHECK(model.value->levels[0].name.in("de") == "1");
  CHECK(model.value->levels[1].name.value == "Two");
}

TEST_CASE("mmf validate and mmf assess take a model written with the field's ids", "[model][ids][cli]") {
  TempDir dir;
  std::map<std::string, std::string> ids{{"ni", "NI"}, {"pi", "PI"}, {"li", "LI"}, {"fi", "FI"}, {"na", "NA"}};
  auto model = dir.write("c2m2-style.toml", rename(read_text(fixture("rules/c2m2.toml")), ids));
  auto answers = dir.write("answers.toml", rename(read_text(fixture("rules/c2m2-answers.toml")), ids));
  auto valid = run_mmf("validate " + model.string());
  CHECK(valid.status == 0);
  CHECK(valid.out == model.string() + ": ok — model 'c2m2-style' 1.0.0, 8 questions\n");
  auto assessed = run_mmf("assess " + model.string() + " " + answers.string() + " --format csv");
  CHECK(assessed.status == 0);
  auto twin = run_mmf("assess tests/fixtures/rules/c2m2.toml tests/fixtures/rules/c2m2-answers.toml --format csv");
  REQUIRE(twin.status == 0);
  CHECK(assessed.out == rename(twin.out, ids));
}

TEST_CASE("A number given for a scale whose option ids are digits says to quote it", "[model][ids][validation]") {
  std::string model_text = rename(read_text(fixture("rules/thresholds.toml")),
                                  {{"never", "0"}, {"rarely", "1"}, {"sometimes", "2"}, {"often", "3"}, {"always", "4"}});
  auto model = parse_model(model_text, "likert.toml");
  REQUIRE(model.ok());
  auto answers = parse_assessment("format = \"mmf-assessment/1\"\nmodel = \"flickit-style\"\nsubject = \"s\"\n"
                                  "[answers]\nw1 = 3\nw2 = \"3\"\n",
                                  "answers.toml");
  REQUIRE(answers.ok());
  Diagnostics problems;
  check_assessment(*answers.value, *model.value, problems);
  CHECK(lines(problems) == std::vector<std::string>{
                               "answers.toml:5:6: error: question 'w1' uses scale 'likert'; answer with an option id "
                               "(0, 1, 2, 3, 4), not a number (option ids are strings: write \"3\")"});
}

TEST_CASE("A model in the field's own ids scores its levels, targets and gaps by those ids", "[model][ids]") {
  auto model = model_fixture("rules/field-ids.toml");
  auto result = score(model, *assessment_fixture("rules/field-ids-answers.toml"));
  CHECK(level_id(result, result.overall) == "4");
  CHECK(fmt_percent(result.overall) == "73.3");
  CHECK(level_id(result, group_result(result, "DATA_MGMT")) == "4");
  CHECK(fmt_percent(group_result(result, "Culture")) == "75");
  CHECK(question_result(result, "C_1").option == "3");
  REQUIRE(result.gaps.size() == 1);
  CHECK(model->groups[result.gaps[0].group].id == "Culture");
  REQUIRE(result.recommendations.size() == 2);
  CHECK(model->questions[result.recommendations[0].question].id == "DM-2");
}
