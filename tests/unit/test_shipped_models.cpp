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
  // Groups (weights 1, 1, 1.5, 1, 1): 5.32/7, 5.32/6, 8.66/9, 4.98/6, 5.32/6.
  CHECK(group_result(result, "commercial").percent == Approx(76.0));
  CHECK(group_result(result, "strategic").percent == Approx(866.0 / 9));
  CHECK(result.overall.percent == Approx(87.394).epsilon(1e-4));
  CHECK(level_id(result, result.overall) == "solution");
  CHECK(level_id(result, group_result(result, "strategic")) == "strategic-alliance");  // its traits are all present
  CHECK(level_id(result, group_result(result, "commercial")) == "solution");           // 76% by bands
  const auto stage = insights_of(result)["alliance"]["value_stage"];
  CHECK(stage.dump() ==
        R"({"level":"solution","by_bands":"strategic-alliance","capped":true,"missing_traits":["shared-fate"]})");
  const auto traits = insights_of(result)["alliance"]["traits"];
  CHECK(traits[1].dump() == R"({"trait":"shared-fate","present":false,"questions":["com-shared-fate"]})");
}

TEST_CASE("Alliance: a group holding a missing trait is capped too, other groups are not", "[shipped][alliance]") {
  auto a = std::make_shared<Assessment>(*assessment_fixture("examples/alliance-one-sided.toml"));
  for (auto& answer : a->respondents[0].answers)
    if (answer.question == "com-shared-fate" || answer.question == "com-cost-value") answer.option = "fi";
  auto result = score(model_fixture("models/alliance.toml"), *a);
  // Shared fate now present: every trait holds and the alliance reaches the top stage.
  CHECK(level_id(result, result.overall) == "strategic-alliance");
  CHECK(insights_of(result)["alliance"]["value_stage"]["capped"] == false);
  CHECK(insights_of(result)["alliance"]["value_stage"]["missing_traits"].empty());
  for (auto& answer : a->respondents[0].answers)
    if (answer.question == "str-board-sponsors") answer.option = "pi";
  result = score(model_fixture("models/alliance.toml"), *a);
  CHECK(level_id(result, group_result(result, "strategic")) == "solution");  // (9 - 1.34) / 9 = 85.1%, capped
  CHECK(level_id(result, group_result(result, "technical")) == "strategic-alliance");
  CHECK(insights_of(result)["alliance"]["value_stage"]["missing_traits"].dump() == R"(["board"])");
}

TEST_CASE("Alliance: success factors' effectiveness and efficiency, and Vision-Skills-Trust", "[shipped][alliance]") {
  auto result = score(model_fixture("models/alliance.toml"), *assessment_fixture("examples/alliance-acme-globex.toml"));
  CHECK(level_id(result, result.overall) == "solution");
  CHECK(result.overall.percent == Approx(63.54).epsilon(1e-3));
  const auto sf = insights_of(result)["alliance"]["success_factors"];
  CHECK(sf["effectiveness"].dump() == R"({"present":7,"total":7,"percent":100.0})");
  // Factors: symbiosis 33, flexibility (1 + .66 + .66)/3 = 77.3, customer (1 + 2 × .66)/3 = 77.3,
  // culture (.66 + .33 + .66)/3 = 55, bottom-up (.33 + .66)/2 = 49.5, vision 100, sponsorship 66.
  // Mean of the seven: 458.17 / 7 = 65.45.
  CHECK(sf["efficiency"]["percent"] == 65.5);
  CHECK(sf["factors"][0].dump() == R"({"factor":"symbiosis","present":true,"percent":33.0})");
  const auto vst = insights_of(result)["alliance"]["vision_skills_trust"];
  CHECK(vst["vision"] == 78.8);
  CHECK(vst["skills"] == 53.9);
  CHECK(vst["trust"] == 63.2);
}

TEST_CASE("Alliance: a success factor with nothing in place is absent, and lowers effectiveness", "[shipped][alliance]") {
  auto a = std::make_shared<Assessment>(*assessment_fixture("examples/alliance-acme-globex.toml"));
  for (auto& answer : a->respondents[0].answers)
    if (answer.question == "com-shared-fate") answer.option = "ni";
  auto result = score(model_fixture("models/alliance.toml"), *a);
  const auto sf = insights_of(result)["alliance"]["success_factors"];
  CHECK(sf["effectiveness"].dump() == R"({"present":6,"total":7,"percent":85.7})");
  CHECK(sf["factors"][0].dump() == R"({"factor":"symbiosis","present":false,"percent":0.0})");
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
  CHECK(result.overall.percent == Approx(44.2).epsilon(1e-3));
  CHECK(level_id(result, result.overall) == "managed");
  const auto e = insights_of(result)["ecosystem"];
  CHECK(e["partners"] == 6);
  CHECK(e["managers"] == 0);
  CHECK(e["perception_gap"].is_null());
  CHECK(e["distribution"].dump() ==
        R"([{"level":"ad-hoc","partners":3,"percent":50.0},{"level":"managed","partners":2,"percent":33.3},)"
        R"({"level":"scaled","partners":1,"percent":16.7},{"level":"orchestrated","partners":0,"percent":0.0}])");
  CHECK(e["tiers"].dump() ==
        R"([{"tier":"gold","partners":2,"percent":69.9,"level":"scaled"},)"
        R"({"tier":"silver","partners":2,"percent":47.0,"level":"managed"},)"
        R"({"tier":"registered","partners":2,"percent":15.6,"level":"ad-hoc"}])");
  CHECK(e["weakest_dimension"].dump() == R"({"group":"network","percent":22.0,"level":"ad-hoc"})");
  CHECK(e["next_level"]["next"] == "scaled");
  CHECK(e["next_level"]["gap"] == 15.8);
  CHECK(e["next_level"]["focus"].size() == 5);
}

TEST_CASE("Ecosystem: the tiers' results equal scoring each tier's partners on their own", "[shipped][ecosystem]") {
  auto model = model_fixture("models/ecosystem.toml");
  auto a = std::make_shared<Assessment>(*assessment_fixture("examples/ecosystem-portfolio.toml"));
  std::erase_if(a->respondents, [](const Respondent& r) { return r.unit != "silver"; });
  auto silver = score(model, *a);
  CHECK(silver.overall.percent == Approx(46.95).epsilon(1e-4));
}

TEST_CASE("Ecosystem: managers and partners answer the same statements and the perception gap is shown",
          "[shipped][ecosystem]") {
  auto result = score(model_fixture("models/ecosystem.toml"),
                      *assessment_fixture("examples/ecosystem-managers-partners.toml"));
  CHECK(result.overall.percent == Approx(48.2).epsilon(1e-3));
  CHECK(level_id(result, result.overall) == "managed");
  const auto e = insights_of(result)["ecosystem"];
  CHECK(e["managers"] == 3);
  CHECK(e["partners"] == 4);
  const auto& gap = e["perception_gap"];
  CHECK(gap["managers"].dump() == R"({"respondents":3,"percent":66.2,"level":"scaled"})");
  CHECK(gap["partners"].dump() == R"({"respondents":4,"percent":34.7,"level":"ad-hoc"})");
  CHECK(gap["gap"] == 31.5);
  REQUIRE(gap["groups"].size() == 8);
  CHECK(gap["groups"][3].dump() == R"({"group":"go-to-market","managers":77.3,"partners":24.8,"gap":52.6})");
  CHECK(gap["groups"][5].dump() == R"({"group":"network","managers":39.6,"partners":6.6,"gap":33.0})");
  REQUIRE(gap["statements"].size() == 38);
  CHECK(gap["statements"][0].dump() ==
        R"({"question":"eco-deal-registration","managers":0.773,"partners":0.0,"gap":0.773})");
  CHECK(gap["statements"][1]["question"] == "eco-co-selling");
  // The tiers leave the managers out: they are not a tier.
  CHECK(e["tiers"].size() == 3);
  CHECK(e["tiers"][0]["tier"] == "gold");
}

TEST_CASE("Ecosystem: Orchestrated is refused without partner-to-partner value, and recommendations lead with it",
          "[shipped][ecosystem]") {
  auto model = model_fixture("models/ecosystem.toml");
  auto result = score(model, *assessment_fixture("examples/ecosystem-held.toml"));
  CHECK(result.overall.percent == Approx(91.4).epsilon(1e-3));  // inside Orchestrated's band (80)
  CHECK(level_id(result, result.overall) == "scaled");
  const auto o = insights_of(result)["ecosystem"]["orchestration"];
  CHECK(o["held"] == true);
  CHECK(o["gate_met"] == false);
  REQUIRE(o["missing"].size() == 4);
  CHECK(o["missing"][0].dump() == R"({"question":"eco-partner-to-partner","current":0.33,"needed":0.66})");
  REQUIRE_FALSE(result.recommendations.empty());
  CHECK(model->questions[result.recommendations[0].question].id == "eco-partner-to-partner");
  // With the partner-to-partner practices largely in place, the gate opens.
  auto a = std::make_shared<Assessment>(*assessment_fixture("examples/ecosystem-held.toml"));
  for (auto& r : a->respondents)
    for (auto& ans : r.answers)
      if (ans.question == "eco-partner-to-partner" || ans.question == "eco-p2p-directory" ||
          ans.question == "eco-p2p-rules" || ans.question == "eco-p2p-joint-offers")
        ans.option = "largely";  // eco-p2p-exchange already stands at "mostly"
  auto open = score(model, *a);
  CHECK(level_id(open, open.overall) == "orchestrated");
  CHECK(insights_of(open)["ecosystem"]["orchestration"]["gate_met"] == true);
}

TEST_CASE("Ecosystem: outcome measures are reported beside the practice score, not inside it", "[shipped][ecosystem]") {
  auto model = model_fixture("models/ecosystem.toml");
  auto a = std::make_shared<Assessment>(*assessment_fixture("examples/ecosystem-held.toml"));
  auto before = score(model, *a);
  for (auto& r : a->respondents)
    for (auto& ans : r.answers)
      if (ans.question == "eco-profit" || ans.question == "eco-recommend" || ans.question == "eco-outcome-growth")
        ans.option = "disagree";
  auto after = score(model, *a);
  CHECK(after.overall.percent == Approx(before.overall.percent));
  // The practice score is the mean of the seven practice groups: six at 100%, the network at 39.6%.
  CHECK(before.overall.percent == Approx((6 * 100.0 + 39.6) / 7).epsilon(1e-3));
  const auto out = insights_of(after)["ecosystem"]["outcomes"];
  CHECK(out["in_practice_score"] == false);
  CHECK(out["groups"].dump() == R"([{"group":"outcomes","percent":0.0}])");
  CHECK(insights_of(before)["ecosystem"]["outcomes"]["groups"].dump() == R"([{"group":"outcomes","percent":66.0}])");
  // Outcomes are never raised as practices.
  for (const auto& rec : after.recommendations) CHECK(model->groups[model->questions[rec.question].group].id != "outcomes");
}

TEST_CASE("Ecosystem: an answer file of model 1.0.0 still scores under 2.x", "[shipped][ecosystem]") {
  auto run = run_mmf("assess ecosystem tests/fixtures/ecosystem/portfolio-1.0.0.toml --format json");
  INFO(run.err);
  REQUIRE(run.status == 0);
  auto j = nlohmann::json::parse(run.out);
  CHECK(j["model"]["version"] == "2.0.0");
  CHECK(j["overall"]["level"]["id"] == "managed");
  CHECK(run.err.find("eco-alliance-vs-partner") != std::string::npos);  // a retired question, skipped with a warning
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
                       std::make_pair("ecosystem", "ecosystem-managers-partners.toml"),
                       std::make_pair("ecosystem", "ecosystem-held.toml"),
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
    if (std::string(id) == "ecosystem") CHECK(show.out.find(" groups, 38 questions)") != std::string::npos);
    else CHECK(show.out.find(" groups, 30 questions)") != std::string::npos);
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
    CHECK(r.overall.percent == Approx(60.5).epsilon(1e-3));
    CHECK(level_id(r, r.overall) == "solution");
    const auto& conflict = question_result(r, "cul-conflict");  // li, pi, li: median 0.66, spread 0.33
    CHECK(conflict.value == Approx(0.66));
    CHECK(conflict.spread == Approx(0.33));
    REQUIRE(conflict.notes.size() == 1);
    CHECK(conflict.notes[0].respondent == "globex-am");
    CHECK(insights_of(r)["alliance"]["success_factors"]["efficiency"]["percent"] == 66.1);
    CHECK(insights_of(r)["alliance"]["vision_skills_trust"].dump() == R"({"vision":74.5,"skills":58.8,"trust":57.0})");
  }
  SECTION("ecosystem, a quarter later") {
    auto r = score(model_fixture("models/ecosystem.toml"), *assessment_fixture("examples/ecosystem-portfolio.json"));
    CHECK(r.overall.percent == Approx(53.7).epsilon(1e-3));
    const auto e = insights_of(r)["ecosystem"];
    CHECK(e["tiers"].dump() ==
          R"([{"tier":"gold","partners":2,"percent":69.9,"level":"scaled"},)"
          R"({"tier":"silver","partners":2,"percent":58.8,"level":"managed"},)"
          R"({"tier":"registered","partners":2,"percent":32.2,"level":"ad-hoc"}])");
    CHECK(e["next_level"]["gap"] == 6.3);
  }
  SECTION("capability, four functions by median") {
    auto r = score(model_fixture("models/capability.toml"), *assessment_fixture("examples/capability-globex.json"));
    CHECK(r.overall.percent == Approx(69.0).epsilon(1e-3));
    CHECK(level_id(r, r.overall) == "established");
    CHECK(insights_of(r)["capability"]["weakest_function"].dump() == R"({"function":"hr","percent":29.7})");
    CHECK(insights_of(r)["capability"]["disagreements"][0]["question"] == "cap-roles");
  }
}
