// Tailored models: a model that extends another adds, overrides field by
// field, and removes elements; errors point into the file that caused them.
#include <catch2/catch.hpp>

#include "support.h"

using namespace mmf;
using namespace mmf::test;
using Catch::Detail::Approx;

namespace {

ModelFinder shipped_models() {
  return [](const std::string& id) {
    auto file = source("models/" + id + ".toml");
    return std::filesystem::exists(file) ? file : std::filesystem::path();
  };
}

Loaded<Model> load_tailored(const std::string& name) {
  std::string relative = "tests/fixtures/tailoring/" + name;
  auto loaded = parse_model(read_text(source(relative)), relative, shipped_models());
  if (loaded.ok()) check_model_extensions(*loaded.value, shipped_registry(), loaded.diagnostics);
  return loaded;
}

}  // namespace

TEST_CASE("A tailored model adds, overrides and removes on top of its base", "[tailoring]") {
  auto loaded = load_tailored("acme-alliance.toml");
  INFO(fmt_lines(loaded.diagnostics));
  REQUIRE(loaded.ok());
  CHECK_FALSE(loaded.diagnostics.has_errors());
  const Model& m = *loaded.value;
  CHECK(m.id == "acme-alliance");
  CHECK(m.plugin == "alliance");                   // inherited
  CHECK(m.scoring.rule == "alliance.value-stage");  // inherited
  CHECK(m.questions.size() == 37);                  // 36 - 1 + 2
  CHECK(m.find_question("ops-blueprint") == npos);
  const Question& q = m.questions[m.find_question("str-competitive-view")];
  CHECK(q.text.value == "Every year we compare this alliance with our three closest competitors' alliances.");
  CHECK(q.weight == 2);
  CHECK(q.help.value.rfind("Even rough benchmarks", 0) == 0);  // not overridden: kept from the base
  CHECK(m.groups[q.group].id == "strategic");
  CHECK(m.groups.size() == 6);
  CHECK(m.groups.back().id == "sustainability");
  // Elements keep the file they came from.
  CHECK(*q.loc.file == source("models/alliance.toml").string());
  CHECK(*m.questions[m.find_question("sus-targets")].loc.file == "tests/fixtures/tailoring/acme-alliance.toml");
  // The target profile merged: the base's overall and strategic entries, plus sustainability.
  const Target& t = m.targets[m.find_target("default")];
  REQUIRE(t.overall);
  CHECK(m.levels[t.overall->level].id == "solution");
  REQUIRE(t.groups.size() == 2);
  CHECK(m.groups[t.groups[1].first].id == "sustainability");
}

TEST_CASE("A tailored model scores as its merged definition says", "[tailoring]") {
  auto loaded = load_tailored("acme-alliance.toml");
  REQUIRE(loaded.ok());
  auto result = score(loaded.value, *assessment_fixture("tailoring/acme-answers.toml"));
  // Commercial: (0.66 + 2 × 0.33 + 1 + 0.33 + 0.66) / 6; technical: 2.98 / 5; strategic: (2 + 1.32 + 1 + 2 ×
  // 1 ("both") + 2 × 0 + 0.66) / 10; cultural: 3.64 / 6; operational without ops-blueprint: 3.32 / 5;
  // sustainability: (0.33 + 0) / 2; overall weighted by 1, 1, 1.5, 1, 1, 1.
  CHECK(group_result(result, "commercial").percent == Approx(100 * 3.31 / 6));
  CHECK(group_result(result, "strategic").percent == Approx(69.8));
  CHECK(group_result(result, "operational").percent == Approx(66.4));
  CHECK(group_result(result, "sustainability").percent == Approx(16.5));
  CHECK(result.overall.percent == Approx(100 * (3.31 / 6 + 0.596 + 1.5 * 0.698 + 3.64 / 6 + 0.664 + 0.165) / 6.5));
  CHECK(level_id(result, result.overall) == "product");
  CHECK(insights_of(result).contains("alliance"));
  // Overall (product, below 'solution'), sustainability (16.5% of 60%) and strategic (63% of 80%); the
  // alliance's groups have no value stage, so no group is measured against the overall level.
  REQUIRE(result.gaps.size() == 3);
  CHECK(result.gaps[1].group == loaded.value->find_group("sustainability"));
  CHECK(result.gaps[2].group == loaded.value->find_group("strategic"));
}

TEST_CASE("The resolved model is a standalone model equal to the merged one", "[tailoring]") {
  auto loaded = load_tailored("acme-alliance.toml");
  REQUIRE(loaded.ok());
  std::string toml = render_model_toml(*loaded.value);
  auto again = parse_model(toml, "resolved.toml");
  INFO(fmt_lines(again.diagnostics));
  REQUIRE(again.ok());
  const Model& a = *loaded.value;
  const Model& b = *again.value;
  CHECK(b.questions.size() == a.questions.size());
  for (std::size_t i = 0; i < a.questions.size(); ++i) {
    CHECK(b.questions[i].id == a.questions[i].id);
    CHECK(b.questions[i].text.value == a.questions[i].text.value);
    CHECK(b.questions[i].weight == a.questions[i].weight);
    CHECK(b.questions[i].tags == a.questions[i].tags);
  }
  CHECK(render_model_toml(b) == toml);  // a fixed point
  auto x = score(loaded.value, *assessment_fixture("tailoring/acme-answers.toml"));
  auto y = score(again.value, *assessment_fixture("tailoring/acme-answers.toml"));
  CHECK(render_json(x) == render_json(y));
}

TEST_CASE("Tailoring errors point into the file that caused them", "[tailoring][validation]") {
  CHECK(lines(load_tailored("bad-tailoring.toml").diagnostics) ==
        std::vector<std::string>{
            "tests/fixtures/tailoring/bad-tailoring.toml:8:10: error: a tailored model keeps its base's locale 'en', "
            "not 'de'",
            "tests/fixtures/tailoring/bad-tailoring.toml:11:14: error: cannot remove question 'no-such-question': the "
            "base model has no such question",
            "tests/fixtures/tailoring/bad-tailoring.toml:16:9: error: group 'operational' is used here but removed at "
            "line 12, column 11"});
  CHECK(lines(load_tailored("missing-base.toml").diagnostics) ==
        std::vector<std::string>{"tests/fixtures/tailoring/missing-base.toml:2:11: error: base model 'partnership' not "
                                 "found in the model search path"});
  CHECK(lines(load_tailored("wrong-version.toml").diagnostics) ==
        std::vector<std::string>{"tests/fixtures/tailoring/wrong-version.toml:2:11: error: base model 'alliance' is "
                                 "version 2.0.0, which does not meet \"^3\""});
}

TEST_CASE("A remove table needs extends, and extends chains may not loop", "[tailoring][validation]") {
  auto plain = parse_model("format = \"mmf-model/1\"\n[remove]\nquestions = [\"x\"]\n", "plain.toml");
  auto found = lines(plain.diagnostics);
  CHECK(std::find(found.begin(), found.end(),
                  "plain.toml:2:2: error: [remove] is only for a model that extends another (extends = \"id@^1\")") !=
        found.end());
  TempDir dir;
  dir.write("a.toml", "format = \"mmf-model/1\"\nextends = \"b\"\n[model]\nid = \"a\"\nname = \"A\"\nversion = \"1.0.0\"\n");
  dir.write("b.toml", "format = \"mmf-model/1\"\nextends = \"a\"\n[model]\nid = \"b\"\nname = \"B\"\nversion = \"1.0.0\"\n");
  ModelCatalog catalog({dir.path()});
  auto looped = load_model(dir.path() / "a.toml", catalog.finder());
  CHECK_FALSE(looped.ok());
  CHECK(lines(looped.diagnostics).front().find("error: models extend each other in a cycle through") !=
        std::string::npos);
}

TEST_CASE("mmf show --resolved prints the merged model — mmf assess scores a tailored model by id", "[tailoring][cli]") {
  auto show = run_mmf("show --resolved tests/fixtures/tailoring/acme-alliance.toml");
  CHECK(show.status == 0);
  CHECK(show.out.find("id = \"sus-reporting\"") != std::string::npos);
  CHECK(show.out.find("id = \"ops-blueprint\"") == std::string::npos);
  auto run = run_mmf("--models-dir tests/fixtures/tailoring assess acme-alliance tests/fixtures/tailoring/acme-answers.toml "
                     "--format json");
  CHECK(run.status == 0);
  CHECK(nlohmann::json::parse(run.out)["overall"]["percent"] == 55.9);
}

TEST_CASE("The platform alliance variant defines in full the two questions its base retired", "[tailoring]") {
  const std::string relative = "examples/alliance-platform/alliance-platform.toml";
  auto loaded = parse_model(read_text(source(relative)), relative, shipped_models());
  INFO(fmt_lines(loaded.diagnostics));
  REQUIRE(loaded.ok());
  check_model_extensions(*loaded.value, shipped_registry(), loaded.diagnostics);
  CHECK(loaded.diagnostics.empty());  // no warning: every question has its answers, criteria and next steps
  const Model& m = *loaded.value;
  CHECK(m.version == "2.0.0");
  CHECK(m.retired.empty());           // its own list: answers to these two score here
  CHECK(m.questions.size() == 39);    // the base's 36, the two it retired, and tec-platform-uptake
  for (const char* id : {"com-inputs-agreed", "tec-platform-model", "tec-platform-uptake"}) {
    INFO(id);
    REQUIRE(m.find_question(id) != npos);
    const Question& q = m.questions[m.find_question(id)];
    CHECK(m.scales[q.scale].id == "implementation");  // no "Does not apply": a platform alliance has both
    CHECK(*q.loc.file == relative);
    const QuestionGuide& g = m.guides[m.find_question(id)];
    CHECK(g.criteria.size() == 2);
    for (std::size_t o = 0; o < m.scales[q.scale].options.size(); ++o) {
      CHECK(g.answers[o].locales.count("de") == 1);
      if (o + 1 < m.scales[q.scale].options.size()) CHECK(g.next_steps[o].locales.count("de") == 1);
    }
  }
  CHECK(m.questions[m.find_question("com-inputs-agreed")].weight == 2);
  CHECK(m.questions[m.find_question("tec-platform-model")].weight == 2);
  // Inheriting the base's `retired` would name two of its own questions: an error, so the variant gives its own.
  std::string text = read_text(source(relative));
  text.erase(text.find("retired = []\n"), std::string("retired = []\n").size());
  auto inherited = parse_model(text, relative, shipped_models());
  CHECK_FALSE(inherited.ok());
  CHECK(fmt_lines(inherited.diagnostics).find("'com-inputs-agreed' in 'retired' is the id of a question of this model") !=
        std::string::npos);
}

TEST_CASE("With self_units emptied, the capability headline counts the alliance team and the plugin sets it apart",
          "[tailoring][capability]") {
  auto loaded = load_tailored("capability-team-counted.toml");
  INFO(fmt_lines(loaded.diagnostics));
  REQUIRE(loaded.ok());
  CHECK(loaded.value->self_units.empty());
  auto answers = std::make_shared<Assessment>(*assessment_fixture("examples/capability-acme.toml"));
  answers->model = "capability-team-counted";
  answers->model_version.clear();
  auto result = score(loaded.value, *answers);
  CHECK(result.overall.percent == Approx(49.44).epsilon(1e-3));  // five functions, the team one of them
  const auto c = insights_of(result)["capability"];
  CHECK(c["organisation"].dump() ==
        R"({"percent":39.2,"level":"developing","functions":4,"respondents":5,"leaves_out":"alliances"})");
  CHECK(c["alliance_function"]["gap"] == 50.6);
}
