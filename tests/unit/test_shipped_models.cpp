// The shipped models and their plugins, scored on the shipped examples, with
// exact values (worked by hand in the comments).
#include <catch2/catch.hpp>

#include "support.h"

using namespace mmf;
using namespace mmf::test;
using Catch::Detail::Approx;

TEST_CASE("Alliance: a one-sided alliance in the Strategic Alliance band is capped at Solution",
          "[shipped][alliance]") {
  auto result = score(model_fixture("models/alliance.toml"), *assessment_fixture("examples/alliance-one-sided.toml"));
  // Groups (weights 1, 1, 1.5, 1, 1): commercial (1 + .66 + .33 × 2 + 1 + 1 + .66 + 1 + 1 + .66) / 9 = 77.6%.
  CHECK(group_result(result, "commercial").percent == Approx(698.0 / 9));
  CHECK(result.overall.percent == Approx(86.64).epsilon(1e-3));
  CHECK(level_id(result, result.overall) == "solution");
  // A value stage belongs to the whole alliance: dimensions get none, but a maturity label.
  CHECK(group_result(result, "strategic").level == npos);
  const auto insight = insights_of(result)["alliance"];
  CHECK(insight["value_stage"].dump() ==
        R"({"level":"solution","by_bands":"strategic-alliance","capped":true,"missing_traits":["shared-fate"],)"
        R"("unmet_stage_tests":[]})");
  CHECK(insight["dimensions"][0].dump() == R"({"group":"commercial","percent":77.6,"label":"established"})");
  CHECK(insight["dimensions"][2].dump() == R"({"group":"strategic","percent":97.2,"label":"leading"})");
  CHECK(insight["traits"][1].dump() == R"({"trait":"shared-fate","present":false,"questions":["com-shared-fate"]})");
  // The first recommendation is the one that lifts the cap.
  REQUIRE(!result.recommendations.empty());
  CHECK(result.model->questions[result.recommendations[0].question].id == "com-shared-fate");
  // Its intended role is a strategic partnership: that profile fits.
  CHECK(insight["target_profile"].dump() == R"({"question":"str-intended-role","role":"strategic","profile":"strategic-partner"})");
}

TEST_CASE("Alliance: shared fate present lifts the cap; a missing board sponsor caps it again", "[shipped][alliance]") {
  auto a = std::make_shared<Assessment>(*assessment_fixture("examples/alliance-one-sided.toml"));
  for (auto& answer : a->respondents[0].answers)
    if (answer.question == "com-shared-fate" || answer.question == "com-cost-value") answer.option = "fi";
  auto result = score(model_fixture("models/alliance.toml"), *a);
  CHECK(level_id(result, result.overall) == "strategic-alliance");
  CHECK(insights_of(result)["alliance"]["value_stage"]["capped"] == false);
  CHECK(insights_of(result)["alliance"]["value_stage"]["missing_traits"].empty());
  for (auto& answer : a->respondents[0].answers)
    if (answer.question == "str-board-sponsors") answer.option = "pi";
  result = score(model_fixture("models/alliance.toml"), *a);
  CHECK(level_id(result, result.overall) == "solution");
  CHECK(insights_of(result)["alliance"]["value_stage"]["missing_traits"].dump() == R"(["board"])");
}

TEST_CASE("Alliance: no integrated offering, under 10% joint revenue, no shared fate, no joint vision is not Solution",
          "[shipped][alliance]") {
  auto a = std::make_shared<Assessment>(*assessment_fixture("examples/alliance-one-sided.toml"));
  for (auto& answer : a->respondents[0].answers) {
    if (answer.question == "tec-integration" || answer.question == "com-shared-fate" ||
        answer.question == "str-joint-vision")
      answer.option = "ni";
    if (answer.question == "com-joint-share") answer.option = "under-10";
  }
  auto result = score(model_fixture("models/alliance.toml"), *a);
  CHECK(result.overall.percent == Approx(75.7).epsilon(1e-3));  // the Solution band
  CHECK(level_id(result, result.overall) == "product");           // but Solution's own test fails
  CHECK(insights_of(result)["alliance"]["value_stage"].dump() ==
        R"({"level":"product","by_bands":"solution","capped":true,"missing_traits":["vision","shared-fate"],)"
        R"("unmet_stage_tests":[{"question":"com-joint-share","stage":"solution","lifts_at":0.33},)"
        R"({"question":"tec-integration","stage":"solution","lifts_at":0.66}]})");
  // Product has its own test too: without a distinctive offering it is Commodity.
  for (auto& answer : a->respondents[0].answers)
    if (answer.question == "com-distinctive-offering") answer.option = "pi";
  result = score(model_fixture("models/alliance.toml"), *a);
  CHECK(level_id(result, result.overall) == "commodity");
  // An integrated offering and 10% to 30% joint revenue restore Solution.
  for (auto& answer : a->respondents[0].answers) {
    if (answer.question == "com-distinctive-offering" || answer.question == "tec-integration") answer.option = "li";
    if (answer.question == "com-joint-share") answer.option = "from-10";
  }
  result = score(model_fixture("models/alliance.toml"), *a);
  CHECK(level_id(result, result.overall) == "solution");
}

TEST_CASE("Alliance: effectiveness is the share of the factors the aimed-at stage needs that are in place, and "
          "differs between the examples",
          "[shipped][alliance]") {
  auto result = score(model_fixture("models/alliance.toml"), *assessment_fixture("examples/alliance-acme-globex.toml"));
  CHECK(level_id(result, result.overall) == "solution");
  CHECK(result.overall.percent == Approx(63.71).epsilon(1e-3));
  const auto sf = insights_of(result)["alliance"]["success_factors"];
  // Role: solution, which needs customer, flexibility, culture and bottom-up; culture (.66 + .33 + .66)/3 = 55%
  // and bottom-up (.33 + .66)/2 = 49.5% stand below 66%.
  CHECK(sf["effectiveness"].dump() ==
        R"({"aim":"solution","in_place":2,"needed":4,"percent":50.0,"lacking":["culture","bottom-up"]})");
  CHECK(sf["efficiency"].dump() == R"({"taken_up":7,"percent":63.4})");
  CHECK(sf["factors"][0].dump() ==
        R"({"factor":"symbiosis","present":true,"in_place":false,"needed":false,"percent":33.0})");
  const auto one_sided = insights_of(score(model_fixture("models/alliance.toml"),
                                           *assessment_fixture("examples/alliance-one-sided.toml")))["alliance"];
  CHECK(one_sided["success_factors"]["effectiveness"].dump() ==
        R"({"aim":"strategic-alliance","in_place":6,"needed":7,"percent":85.7,"lacking":["symbiosis"]})");
  const auto team = insights_of(score(model_fixture("models/alliance.toml"),
                                      *assessment_fixture("examples/alliance-team.json")))["alliance"];
  CHECK(team["success_factors"]["effectiveness"]["percent"] == 100.0);
  const auto vst = insights_of(result)["alliance"]["vision_skills_trust"];
  CHECK(vst.dump() == R"({"vision":78.4,"skills":59.0,"trust":58.5})");
}

TEST_CASE("Alliance: an answer file of model 1.1 still scores", "[shipped][alliance]") {
  auto result = score(model_fixture("models/alliance.toml"),
                      *assessment_fixture("alliance/acme-globex-1.1.toml"));
  CHECK(result.overall.percent == Approx(63.54).epsilon(1e-3));
  CHECK(result.overall.coverage == Approx(30.0 / 36).epsilon(1e-3));
  CHECK(level_id(result, result.overall) == "solution");  // unanswered stage tests do not hold the stage
}

TEST_CASE("Readiness: one blocking precondition below threshold forces 'not ready' despite a high score",
          "[shipped][readiness]") {
  auto result = score(model_fixture("models/readiness.toml"), *assessment_fixture("examples/readiness-globex.json"));
  // Strategy fit: (2 × 0.66 + 1 + 1 + 0.66 + 1) / 6 = 83%.
  CHECK(group_result(result, "strategy-fit").percent == Approx(83.0));
  CHECK(result.overall.percent == Approx(84.6).epsilon(1e-3));
  CHECK(level_id(result, result.overall) == "not-ready");
  CHECK(level_id(result, group_result(result, "sponsorship")) == "not-ready");  // holds the blocker
  CHECK(level_id(result, group_result(result, "governance")) == "ready");
  const auto r = insights_of(result)["readiness"];
  CHECK(r["verdict"] == "not-ready");
  CHECK(r["by_score"] == "ready");
  CHECK(r["forced"] == true);
  CHECK(r["blockers"].dump() ==
        R"([{"question":"rdy-sponsor","group":"sponsorship","current":0.33,"threshold":0.66}])");
  CHECK(r["conditions"].empty());
}

TEST_CASE("Readiness: without blockers the verdict is the score's band, with the conditions listed",
          "[shipped][readiness]") {
  auto result = score(model_fixture("models/readiness.toml"), *assessment_fixture("examples/readiness-acme.toml"));
  CHECK(level_id(result, result.overall) == "ready-with-conditions");
  const auto r = insights_of(result)["readiness"];
  CHECK(r["forced"] == false);
  CHECK(r["blockers"].empty());
  std::vector<std::string> conditions;
  for (const auto& c : r["conditions"]) conditions.push_back(c["question"]);
  CHECK(conditions == std::vector<std::string>{"rdy-tools", "rdy-roi", "rdy-competitors", "rdy-reporting",
                                               "rdy-leadership-aligned", "rdy-communication"});
}

TEST_CASE("Readiness: an unanswered blocking question leaves the verdict undetermined", "[shipped][readiness]") {
  auto a = std::make_shared<Assessment>(*assessment_fixture("examples/readiness-acme.toml"));
  std::erase_if(a->respondents[0].answers, [](const Answer& x) { return x.question == "rdy-steering"; });
  auto result = score(model_fixture("models/readiness.toml"), *a);
  CHECK(result.overall.level == npos);
  CHECK(insights_of(result)["readiness"]["verdict"] == "undetermined");
  CHECK(insights_of(result)["readiness"]["blockers"].empty());
  CHECK(insights_of(result)["readiness"]["unanswered_blocking"][0] == "rdy-steering");
}

TEST_CASE("Ecosystem: partners by level, maturity per tier, weakest dimension and the next level",
          "[shipped][ecosystem]") {
  auto result =
      score(model_fixture("models/ecosystem.toml"), *assessment_fixture("examples/ecosystem-portfolio.toml"));
  CHECK(result.overall.percent == Approx(49.3).epsilon(1e-3));
  CHECK(level_id(result, result.overall) == "managed");
  const auto e = insights_of(result)["ecosystem"];
  CHECK(e["partners"] == 6);
  CHECK(e["distribution"].dump() ==
        R"([{"level":"ad-hoc","partners":2,"percent":33.3},{"level":"managed","partners":1,"percent":16.7},)"
        R"({"level":"scaled","partners":2,"percent":33.3},{"level":"orchestrated","partners":1,"percent":16.7}])");
  CHECK(e["tiers"].dump() ==
        R"([{"tier":"gold","partners":2,"percent":76.3,"level":"scaled"},)"
        R"({"tier":"silver","partners":2,"percent":51.3,"level":"managed"},)"
        R"({"tier":"registered","partners":2,"percent":20.4,"level":"ad-hoc"}])");
  CHECK(e["weakest_dimension"].dump() == R"({"group":"operations","percent":31.9,"level":"ad-hoc"})");
  CHECK(e["next_level"]["next"] == "scaled");
  CHECK(e["next_level"]["gap"] == 10.7);
  CHECK(e["next_level"]["focus"].size() == 5);
}

TEST_CASE("Ecosystem: the tiers' results equal scoring each tier's partners on their own", "[shipped][ecosystem]") {
  auto model = model_fixture("models/ecosystem.toml");
  auto a = std::make_shared<Assessment>(*assessment_fixture("examples/ecosystem-portfolio.toml"));
  std::erase_if(a->respondents, [](const Respondent& r) { return r.unit != "silver"; });
  auto silver = score(model, *a);
  CHECK(silver.overall.percent == Approx(51.3).epsilon(1e-3));
}

TEST_CASE("Capability: each function's maturity, the weakest function and where functions disagree",
          "[shipped][capability]") {
  auto result = score(model_fixture("models/capability.toml"), *assessment_fixture("examples/capability-acme.toml"));
  CHECK(level_id(result, result.overall) == "developing");
  const auto c = insights_of(result)["capability"];
  CHECK(c["functions"].dump() ==
        R"([{"function":"sales","respondents":2,"percent":62.3,"level":"established"},)"
        R"({"function":"delivery","respondents":1,"percent":64.0,"level":"established"},)"
        R"({"function":"finance","respondents":1,"percent":38.5,"level":"developing"},)"
        R"({"function":"legal","respondents":1,"percent":5.5,"level":"initial"},)"
        R"({"function":"alliances","respondents":1,"percent":95.5,"level":"leading"}])");
  CHECK(c["weakest_function"].dump() == R"({"function":"legal","percent":5.5})");
  REQUIRE(c["disagreements"].size() == 5);
  CHECK(c["disagreements"][0].dump() ==
        R"({"question":"cap-strategy-link","spread":1.0,"by_function":{"sales":0.83,"delivery":1.0,"finance":0.33,"legal":0.0,"alliances":1.0}})");
}

TEST_CASE("Every example assessment scores with its model's plugin through mmf assess", "[shipped][cli]") {
  auto pair = GENERATE(as<std::pair<std::string, std::string>>{}, std::make_pair("alliance", "alliance-acme-globex.toml"),
                       std::make_pair("alliance", "alliance-one-sided.toml"), std::make_pair("alliance", "alliance-team.json"),
                       std::make_pair("ecosystem", "ecosystem-portfolio.toml"),
                       std::make_pair("ecosystem", "ecosystem-portfolio.json"),
                       std::make_pair("capability", "capability-acme.toml"),
                       std::make_pair("capability", "capability-globex.json"),
                       std::make_pair("readiness", "readiness-acme.toml"),
                       std::make_pair("readiness", "readiness-globex.json"));
  auto run = run_mmf("assess " + pair.first + " examples/" + pair.second + " --format json");
  INFO(run.err);
  CHECK(run.status == 0);
  auto j = nlohmann::json::parse(run.out);
  CHECK(j["model"]["id"] == pair.first);
  CHECK(j["insights"].contains(pair.first));
}

TEST_CASE("The four shipped models validate clean and mmf show renders them", "[shipped][cli]") {
  auto run = run_mmf("validate models/alliance.toml models/ecosystem.toml models/capability.toml models/readiness.toml");
  CHECK(run.status == 0);
  CHECK(run.err.empty());
  for (const char* id : {"alliance", "ecosystem", "capability", "readiness"}) {
    auto show = run_mmf(std::string("show ") + id);
    CHECK(show.status == 0);
    CHECK(show.out.find("(30 questions)") == std::string::npos);
    CHECK(show.out.find(std::string(id) == "alliance" ? " groups, 36 questions)" : " groups, 30 questions)") !=
          std::string::npos);
  }
  auto plugins = run_mmf("plugins --format json");
  std::vector<std::string> names;
  auto listed = nlohmann::json::parse(plugins.out);
  for (const auto& p : listed["plugins"]) names.push_back(p["name"]);
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"alliance", "capability", "ecosystem", "readiness"});
}

TEST_CASE("The JSON examples score to their exact values", "[shipped]") {
  SECTION("alliance, three respondents by median") {
    auto r = score(model_fixture("models/alliance.toml"), *assessment_fixture("examples/alliance-team.json"));
    CHECK(r.overall.percent == Approx(61.15).epsilon(1e-3));
    CHECK(level_id(r, r.overall) == "solution");
    const auto& conflict = question_result(r, "cul-conflict");  // li, pi, li: median 0.66, spread 0.33
    CHECK(conflict.value == Approx(0.66));
    CHECK(conflict.spread == Approx(0.33));
    REQUIRE(conflict.notes.size() == 1);
    CHECK(conflict.notes[0].respondent == "globex-am");
    CHECK(insights_of(r)["alliance"]["success_factors"]["efficiency"]["percent"] == 64.5);
    CHECK(insights_of(r)["alliance"]["vision_skills_trust"].dump() == R"({"vision":75.3,"skills":62.9,"trust":53.3})");
    // The two partners side by side: Acme (two respondents, median) and Globex, gap per defining trait.
    const auto two = insights_of(r)["alliance"]["two_sided"];
    CHECK(two["units"].dump() == R"([{"unit":"acme","respondents":2,"percent":59.3},{"unit":"globex","respondents":1,"percent":69.1}])");
    CHECK(two["traits"].dump() ==
          R"([{"trait":"vision","by_unit":{"acme":0.83,"globex":1.0},"gap":0.17},)"
          R"({"trait":"shared-fate","by_unit":{"acme":0.33,"globex":0.66},"gap":0.33},)"
          R"({"trait":"customer-value","by_unit":{"acme":0.66,"globex":1.0},"gap":0.34},)"
          R"({"trait":"board","by_unit":{"acme":0.66,"globex":1.0},"gap":0.34}])");
    CHECK(two["questions"][0].dump() == R"({"question":"com-revenue-tracking","by_unit":{"acme":0.5,"globex":1.0},"gap":0.51})");
  }
  SECTION("ecosystem, a quarter later") {
    auto r = score(model_fixture("models/ecosystem.toml"), *assessment_fixture("examples/ecosystem-portfolio.json"));
    CHECK(r.overall.percent == Approx(59.0).epsilon(1e-3));
    const auto e = insights_of(r)["ecosystem"];
    CHECK(e["tiers"].dump() ==
          R"([{"tier":"gold","partners":2,"percent":76.3,"level":"scaled"},)"
          R"({"tier":"silver","partners":2,"percent":64.2,"level":"scaled"},)"
          R"({"tier":"registered","partners":2,"percent":36.4,"level":"managed"}])");
    CHECK(e["next_level"]["gap"] == 1.0);
  }
  SECTION("capability, four functions by median") {
    auto r = score(model_fixture("models/capability.toml"), *assessment_fixture("examples/capability-globex.json"));
    CHECK(r.overall.percent == Approx(69.0).epsilon(1e-3));
    CHECK(level_id(r, r.overall) == "established");
    CHECK(insights_of(r)["capability"]["weakest_function"].dump() == R"({"function":"hr","percent":29.7})");
    CHECK(insights_of(r)["capability"]["disagreements"][0]["question"] == "cap-roles");
  }
}
