// The shipped models and their plugins, scored on the shipped examples, with
// exact values (worked by hand in the comments).
#include <algorithm>

#include <map>

#include <catch2/catch.hpp>

#include "support.h"

using namespace mmf;
using namespace mmf::test;
using Catch::Detail::Approx;

TEST_CASE("Alliance: a one-sided alliance in the Strategic Alliance band is capped at Solution",
          "[shipped][alliance]") {
  auto result = score(model_fixture("models/alliance.toml"), *assessment_fixture("examples/alliance-one-sided.toml"));
  // Groups (weights 1, 1, 1.5, 1, 1): commercial (1 + .33 × 2 + 1 + .66 + 1 + 1 + .66 + .33) / 9 = 70.1%: revenue
  // reviewed every quarter, shared fate partly (weight 2), the business case approved, cost-value largely, over
  // 60% joint revenue, the distinctive offering, mutual dependence largely, investment partly in proportion.
  CHECK(group_result(result, "commercial").percent == Approx(631.0 / 9));
  // Technical 4.32 / 5, strategic 12.66 / 13, cultural 5.31 / 7, operational 5.32 / 6.
  CHECK(result.overall.percent == Approx(100 * (6.31 / 9 + 4.32 / 5 + 1.5 * 12.66 / 13 + 5.31 / 7 + 5.32 / 6) / 5.5));
  CHECK(level_id(result, result.overall) == "solution");
  // A value stage belongs to the whole alliance: dimensions get none, but a maturity label.
  CHECK(group_result(result, "strategic").level == npos);
  const auto insight = insights_of(result)["alliance"];
  CHECK(insight["value_stage"].dump() ==
        R"({"level":"solution","by_bands":"strategic-alliance","capped":true,"missing_traits":["shared-fate"],)"
        R"("unmet_stage_tests":[]})");
  CHECK(insight["dimensions"][0].dump() == R"({"group":"commercial","percent":70.1,"label":"established"})");
  CHECK(insight["dimensions"][2].dump() == R"({"group":"strategic","percent":97.4,"label":"leading"})");
  CHECK(insight["traits"][1].dump() == R"({"trait":"shared-fate","present":false,"questions":["com-shared-fate"]})");
  // The first recommendation is the one that lifts the cap.
  REQUIRE(!result.recommendations.empty());
  CHECK(result.model->questions[result.recommendations[0].question].id == "com-shared-fate");
  CHECK(result.step(0).lifts_cap);  // named by the rule (lifts_at), so first whatever its priority
  // Its intended role is a strategic partnership: that profile fits.
  CHECK(insight["target_profile"].dump() == R"({"question":"str-intended-role","role":"strategic","profile":"strategic-partner"})");
}

TEST_CASE("Alliance: shared fate present lifts the cap — a missing board sponsor caps it again", "[shipped][alliance]") {
  auto a = std::make_shared<Assessment>(*assessment_fixture("examples/alliance-one-sided.toml"));
  for (auto& answer : a->respondents[0].answers)
    if (answer.question == "com-shared-fate" || answer.question == "com-cost-value") answer.option = "fi";
  auto result = score(model_fixture("models/alliance.toml"), *a);
  CHECK(level_id(result, result.overall) == "strategic-alliance");
  CHECK(insights_of(result)["alliance"]["value_stage"]["capped"] == false);
  CHECK(insights_of(result)["alliance"]["value_stage"]["missing_traits"].empty());
  for (auto& answer : a->respondents[0].answers)
    if (answer.question == "str-board-sponsors") answer.option = "one";  // a board sponsor on one side only
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
  CHECK(result.overall.percent == Approx(73.74).epsilon(1e-3));  // the Solution band
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
  CHECK(result.overall.percent == Approx(63.81).epsilon(1e-3));
  const auto sf = insights_of(result)["alliance"]["success_factors"];
  // Role: solution, which needs customer, flexibility, culture and bottom-up; bottom-up (tec-joint-team .33,
  // cul-grassroots .66) and culture (tec-knowledge .33, cul-differences .66) both at 49.5% stand below 66%.
  // Factors in the order their tags first appear in the model.
  CHECK(sf["effectiveness"].dump() ==
        R"({"aim":"solution","in_place":2,"needed":4,"percent":50.0,"lacking":["bottom-up","culture"]})");
  // Efficiency: (39.6 + 49.5 + 49.5 + 83 + 66 + 100 + 66) / 7.
  CHECK(sf["efficiency"].dump() == R"({"taken_up":7,"percent":64.8})");
  // Symbiosis: (2 × .33 + .33 + .33 + .66) / 5 (shared fate, mutual dependence, partner gains, investment).
  CHECK(sf["factors"][0].dump() ==
        R"({"factor":"symbiosis","present":true,"in_place":false,"needed":false,"percent":39.6})");
  const auto one_sided = insights_of(score(model_fixture("models/alliance.toml"),
                                           *assessment_fixture("examples/alliance-one-sided.toml")))["alliance"];
  CHECK(one_sided["success_factors"]["effectiveness"].dump() ==
        R"({"aim":"strategic-alliance","in_place":6,"needed":7,"percent":85.7,"lacking":["symbiosis"]})");
  const auto team = insights_of(score(model_fixture("models/alliance.toml"),
                                      *assessment_fixture("examples/alliance-team.json")))["alliance"];
  CHECK(team["success_factors"]["effectiveness"]["percent"] == 100.0);
  const auto vst = insights_of(result)["alliance"]["vision_skills_trust"];
  CHECK(vst.dump() == R"({"vision":80.2,"skills":56.4,"trust":63.9})");
}

TEST_CASE("Alliance: an answer file of model 1.1 still scores under 2.x, with warnings", "[shipped][alliance]") {
  // Stamped "^1.0": scoring it under 2.0.0 is asked for explicitly.
  AssessOptions across;
  across.ignore_model_version = true;
  auto result = score(model_fixture("models/alliance.toml"), *assessment_fixture("alliance/acme-globex-1.1.toml"), across);
  // Its 1.x options bind to 2.0's scales by value (li on the business case is "yes", on the board sponsors
  // "both", na on ops-blueprint "Not in place"); com-inputs-agreed and tec-platform-model are retired.
  // Commercial (0.66 + 2 × 0.33 + 1 + 0.33 + 0.66) / 6, technical 2.98 / 5, strategic 6.98 / 9, cultural 3.64 / 6,
  // operational 3.32 / 6.
  CHECK(group_result(result, "commercial").percent == Approx(100 * 3.31 / 6));
  CHECK(group_result(result, "operational").percent == Approx(100 * 3.32 / 6));
  CHECK(result.overall.percent ==
        Approx(100 * (3.31 / 6 + 2.98 / 5 + 1.5 * 6.98 / 9 + 3.64 / 6 + 3.32 / 6) / 5.5).epsilon(1e-6));
  CHECK(result.overall.coverage == Approx(28.0 / 36).epsilon(1e-3));  // 30 answers, 2 of them retired
  CHECK(level_id(result, result.overall) == "solution");  // unanswered stage tests do not hold the stage
  CHECK(question_result(result, "str-board-sponsors").option == "both");
  CHECK(question_result(result, "ops-blueprint").option == "ni");
  // Without being asked, the requirement stops it; with it, every former option and retired question is named.
  auto refused = run_mmf("assess alliance tests/fixtures/alliance/acme-globex-1.1.toml --format json");
  CHECK(refused.status == 2);
  auto run = run_mmf("assess alliance tests/fixtures/alliance/acme-globex-1.1.toml --format json --ignore-model-version");
  INFO(run.err);
  REQUIRE(run.status == 0);
  CHECK(run.err.find("question 'com-inputs-agreed' was retired from model 'alliance' (version 2.0.0)") !=
        std::string::npos);
  CHECK(run.err.find("question 'tec-platform-model' was retired") != std::string::npos);
  CHECK(run.err.find("'li' is a former option of scale 'sides' for question 'str-board-sponsors'; read as 'both'") !=
        std::string::npos);
  CHECK(run.err.find("'na' is a former option of scale 'implementation' for question 'ops-blueprint'; read as 'ni'") !=
        std::string::npos);
}

// ---- Readiness 2: the verdict ladder, its gates and its one threshold.

namespace {

std::shared_ptr<Assessment> readiness_example(const std::string& file,
                                              std::initializer_list<std::pair<const char*, const char*>> changes = {}) {
  auto a = std::make_shared<Assessment>(*assessment_fixture("examples/" + file));
  for (const auto& [question, option] : changes)
    for (auto& answer : a->respondents[0].answers)
      if (answer.question == question) answer.option = option;
  return a;
}

std::vector<std::string> ids_of(const nlohmann::ordered_json& items) {
  std::vector<std::string> ids;
  for (const auto& i : items) ids.push_back(i["question"]);
  return ids;
}

}  // namespace

TEST_CASE("Readiness: one unmet gate reads as a pilot, with that gate first in the recommendations",
          "[shipped][readiness]") {
  auto result = score(model_fixture("models/readiness.toml"), *readiness_example("readiness-globex.json"));
  // Groups: 6.64/8, 6.64/8, 6.66/7, 8.32/9, 3.65/7 (rdy-sponsor "no" at weight 2), 3.66/4.
  CHECK(group_result(result, "strategy-fit").percent == Approx(83.0));
  CHECK(group_result(result, "sponsorship").percent == Approx(365.0 / 7));
  CHECK(result.overall.percent == Approx(82.8717).epsilon(1e-5));
  CHECK(level_id(result, result.overall) == "pilot");
  CHECK(level_id(result, group_result(result, "sponsorship")) == "pilot");     // holds the gate
  CHECK(level_id(result, group_result(result, "governance")) == "scale-ready");  // 95%, nothing below
  const auto r = insights_of(result)["readiness"];
  CHECK(r["verdict"] == "pilot");
  CHECK(r["by_score"] == "launch-ready");
  CHECK(r["forced"] == true);
  CHECK(r["gates"].dump() == R"({"met":7,"total":8})");
  CHECK(r["blockers"].dump() ==
        R"([{"question":"rdy-sponsor","group":"sponsorship","current":0.0,"threshold":0.66}])");
  CHECK(ids_of(r["conditions"]) == std::vector<std::string>{"rdy-sponsor-time"});
  REQUIRE(result.recommendations.size() == 2);
  CHECK(result.model->questions[result.recommendations[0].question].id == "rdy-sponsor");
  CHECK(result.step(0).lifts_cap);  // named by the rule (lifts_at), so first whatever its priority
}

TEST_CASE("Readiness: every gate met and the score in its band reads as ready to launch, conditions listed",
          "[shipped][readiness]") {
  auto result = score(model_fixture("models/readiness.toml"), *readiness_example("readiness-acme.toml"));
  CHECK(result.overall.percent == Approx(76.37).epsilon(1e-3));
  CHECK(level_id(result, result.overall) == "launch-ready");
  const auto r = insights_of(result)["readiness"];
  CHECK(r["forced"] == false);
  CHECK(r["blockers"].empty());
  CHECK(r["gates"].dump() == R"({"met":8,"total":8})");
  CHECK(ids_of(r["conditions"]) == std::vector<std::string>{"rdy-value-proposition", "rdy-tools", "rdy-commercial-model",
                                                            "rdy-information-rules", "rdy-reporting",
                                                            "rdy-communication"});
}

TEST_CASE("Readiness: the conditions and the recommendations are the same questions, at the same threshold",
          "[shipped][readiness]") {
  auto file = GENERATE(as<std::string>{}, "readiness-acme.toml", "readiness-globex.json", "readiness-initech.toml");
  INFO(file);
  auto result = score(model_fixture("models/readiness.toml"), *readiness_example(file));
  const auto r = insights_of(result)["readiness"];
  std::vector<std::string> held = ids_of(r["blockers"]), recommended;
  for (const auto& id : ids_of(r["conditions"])) held.push_back(id);
  for (const auto& rec : result.recommendations) {
    recommended.push_back(result.model->questions[rec.question].id);
    CHECK(rec.target == 0.66);
  }
  std::sort(held.begin(), held.end());
  std::sort(recommended.begin(), recommended.end());
  CHECK(recommended == held);
  CHECK(!held.empty());
}

TEST_CASE("Readiness: the lowest verdict says to begin now, never that starting wastes effort", "[shipped][readiness]") {
  auto model = model_fixture("models/readiness.toml");
  const auto& lowest = model->levels.front();
  CHECK(lowest.id == "foundations");
  CHECK(lowest.name.in("en") == "Foundations first");
  CHECK(lowest.description.in("en") ==
        "Two or more gates are open, or little is in place yet. Begin now, not later: close the open gates first, "
        "and let the alliances already running show what the programme will need. Every programme grows from a "
        "first version.");
  for (const auto& level : model->levels) CHECK(level.description.in("en").find("waste") == std::string::npos);
  // Initech: three gates open (design, business case, budget) — foundations, though 45% is in the pilot's band.
  auto result = score(model, *readiness_example("readiness-initech.toml"));
  CHECK(result.overall.percent == Approx(45.18).epsilon(1e-3));
  const auto r = insights_of(result)["readiness"];
  CHECK(r["verdict"] == "foundations");
  CHECK(r["by_score"] == "pilot");
  CHECK(ids_of(r["blockers"]) == std::vector<std::string>{"rdy-blueprint", "rdy-business-case", "rdy-budget"});
  CHECK(question_result(result, "rdy-partner-program-fit").not_applicable);
  // The three open gates lead the recommendations, ahead of conditions with a higher priority.
  REQUIRE(result.recommendations.size() > 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(result.model->questions[result.recommendations[i].question].id == ids_of(r["blockers"])[i]);
    CHECK(result.step(i).lifts_cap);
  }
  CHECK_FALSE(result.step(3).lifts_cap);
}

TEST_CASE("Readiness: two unmet gates mean foundations first whatever the score", "[shipped][readiness]") {
  auto result = score(model_fixture("models/readiness.toml"),
                      *readiness_example("readiness-globex.json", {{"rdy-business-case", "started"}}));
  CHECK(mmf::band_of(*result.model, result.overall.percent) == 2);  // launch-ready by score
  CHECK(level_id(result, result.overall) == "foundations");
  CHECK(ids_of(insights_of(result)["readiness"]["blockers"]) ==
        std::vector<std::string>{"rdy-business-case", "rdy-sponsor"});
}

TEST_CASE("Readiness: ready to scale needs the score's band and every condition met", "[shipped][readiness]") {
  auto model = model_fixture("models/readiness.toml");
  // The sponsor appointed: every gate met, 87.6% is in the scale band, but rdy-sponsor-time stands at "started".
  auto held = score(model, *readiness_example("readiness-globex.json", {{"rdy-sponsor", "yes"}}));
  CHECK(held.overall.percent == Approx(87.62).epsilon(1e-3));
  CHECK(level_id(held, held.overall) == "launch-ready");
  CHECK(insights_of(held)["readiness"]["by_score"] == "scale-ready");
  auto free = score(model, *readiness_example("readiness-globex.json", {{"rdy-sponsor", "yes"}, {"rdy-sponsor-time", "done"}}));
  CHECK(level_id(free, free.overall) == "scale-ready");
  CHECK(free.recommendations.empty());
}

TEST_CASE("Readiness: an unanswered gate leaves the verdict undetermined", "[shipped][readiness]") {
  auto a = readiness_example("readiness-acme.toml");
  std::erase_if(a->respondents[0].answers, [](const Answer& x) { return x.question == "rdy-steering"; });
  auto result = score(model_fixture("models/readiness.toml"), *a);
  CHECK(result.overall.level == npos);
  CHECK(group_result(result, "governance").level == npos);
  CHECK(level_id(result, group_result(result, "skills")) == "launch-ready");
  const auto r = insights_of(result)["readiness"];
  CHECK(r["verdict"] == "undetermined");
  CHECK(r["blockers"].empty());
  CHECK(r["unanswered_blocking"].dump() == R"(["rdy-steering"])");
}

TEST_CASE("Readiness: the text report says what the verdict means and why", "[shipped][readiness][cli]") {
  auto run = run_mmf("assess readiness examples/readiness-globex.json --format text");
  INFO(run.err);
  REQUIRE(run.status == 0);
  CHECK(run.out.find("Readiness verdict\n"
                     "Verdict: Pilot with a few alliances — Enough is in place to run the programme with two or three "
                     "chosen alliances. Widen it once every gate is met and the steering group has reviewed the pilot.\n"
                     "! One gate is not met. Until it is, the programme runs as a pilot; by score alone (82.9%) the "
                     "verdict would be Ready to launch.\n"
                     "! One condition stands below the threshold of 66.0%: close it on a timetable; it is among the "
                     "recommendations.\n"
                     "\n"
                     "Gates met: 7 of 8:\n") != std::string::npos);
  // The gates as a table: each question's text, its answer's label, met or not.
  CHECK(run.out.find("   A member of the executive board has agreed to sponsor the programme and is named as its "
                     "sponsor.                     No                no\n") != std::string::npos);
}

TEST_CASE("Readiness: the HTML report says what the verdict means and why", "[shipped][readiness][cli]") {
  auto html = run_mmf("assess readiness examples/readiness-globex.json --format html");
  CHECK(html.out.find("<p class=\"warn\">One gate is not met. Until it is, the programme runs as a pilot; by score "
                      "alone (82.9%) the verdict would be Ready to launch.</p>") != std::string::npos);
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
  CHECK(result.step(0).lifts_cap);  // named by the rule (lifts_at), so first whatever its priority
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

TEST_CASE("Capability: nine respondents from sales and two from legal weigh as one function each",
          "[shipped][capability]") {
  auto result = score(model_fixture("models/capability.toml"), *assessment_fixture("examples/capability-initech.toml"));
  // Sales answer the top of every scale (100%), legal the bottom (0%). By unit: (100 + 0) / 2 = 50%, where a
  // count of heads would give 9 / 11 = 81.8% (Advanced).
  CHECK(result.overall.percent == Approx(50.0));
  CHECK(level_id(result, result.overall) == "developing");
  CHECK(group_result(result, "governance").percent == Approx(50.0));
  CHECK(question_result(result, "cap-programme-manager").normalised == Approx(0.5));
  const auto c = insights_of(result)["capability"];
  CHECK(c["functions"].dump() ==
        R"([{"function":"sales","respondents":9,"percent":100.0,"level":"leading"},)"
        R"({"function":"legal","respondents":2,"percent":0.0,"level":"initial"}])");
  CHECK(c["organisation"].dump() ==
        R"({"percent":50.0,"level":"developing","functions":2,"respondents":11,"leaves_out":null})");
  CHECK(c["alliance_function"].is_null());
  CHECK(c["vision_skills_trust"].dump() == R"({"vision":50.0,"skills":50.0,"trust":50.0})");
}

TEST_CASE("Capability: the alliance function's view of itself is shown beside the other functions' view, not in it",
          "[shipped][capability]") {
  auto model = model_fixture("models/capability.toml");
  auto result = score(model, *assessment_fixture("examples/capability-acme.toml"));
  const auto c = insights_of(result)["capability"];
  CHECK(c["functions"].dump() ==
        R"([{"function":"sales","respondents":2,"percent":53.6,"level":"developing"},)"
        R"({"function":"delivery","respondents":1,"percent":60.1,"level":"established"},)"
        R"({"function":"finance","respondents":1,"percent":35.4,"level":"developing"},)"
        R"({"function":"legal","respondents":1,"percent":6.5,"level":"initial"},)"
        R"({"function":"alliances","respondents":1,"percent":89.9,"level":"advanced"}])");
  CHECK(c["weakest_function"].dump() == R"({"function":"legal","percent":6.5,"level":"initial"})");
  // The organisation is what the four other functions see: the same as scoring Acme without its alliance manager.
  auto without = std::make_shared<Assessment>(*assessment_fixture("examples/capability-acme.toml"));
  std::erase_if(without->respondents, [](const Respondent& r) { return r.unit == "alliances"; });
  auto others = score(model, *without);
  CHECK(others.overall.percent == Approx(39.24).epsilon(1e-3));
  CHECK(c["organisation"].dump() ==
        R"({"percent":39.2,"level":"developing","functions":4,"respondents":5,"leaves_out":"alliances"})");
  CHECK(c["alliance_function"]["self"].dump() == R"({"percent":89.9,"level":"advanced"})");
  CHECK(c["alliance_function"]["others"].dump() == R"({"percent":39.2,"level":"developing"})");
  CHECK(c["alliance_function"]["gap"] == 50.6);
  CHECK(c["alliance_function"]["by_group"][4].dump() ==
        R"({"group":"culture","self":88.7,"others":28.2,"gap":60.5})");
  // The result's own overall is that view too: [scoring] self_units leaves the alliance function out of it
  // (with it as one of five functions it would be 49.44%).
  CHECK(result.overall.percent == Approx(39.24).epsilon(1e-3));
  CHECK(result.respondents == 6);
  // Disagreements are among the other functions: the alliance team's self-view is not one of them.
  REQUIRE(c["disagreements"].size() == 5);
  CHECK_FALSE(c["disagreements"][0]["by_function"].contains("alliances"));
}

TEST_CASE("Capability: Vision-Skills-Trust and the five scorecard dimensions for the organisation",
          "[shipped][capability]") {
  auto result = score(model_fixture("models/capability.toml"), *assessment_fixture("examples/capability-acme.toml"));
  const auto c = insights_of(result)["capability"];
  CHECK(c["vision_skills_trust"].dump() == R"({"vision":43.6,"skills":39.1,"trust":35.9})");
  CHECK(c["dimensions"].dump() ==
        R"([{"dimension":"commercial","percent":41.4},{"dimension":"technical","percent":43.4},)"
        R"({"dimension":"strategic","percent":43.4},{"dimension":"cultural","percent":29.8},)"
        R"({"dimension":"operational","percent":42.3}])");
}

TEST_CASE("Capability: answers given under model 1.0.0 still score under 2.x, with warnings", "[shipped][capability]") {
  auto run = run_mmf("assess capability tests/fixtures/capability/acme-1.0.toml --format json");
  INFO(run.err);
  REQUIRE(run.status == 0);
  auto j = nlohmann::json::parse(run.out);
  CHECK(j["model"]["version"] == "2.1.0");
  CHECK(j["overall"]["scored"] == true);
  CHECK(j["overall"]["coverage"] == 0.7179);  // the 11 questions new in 2.0.0 are unanswered
  CHECK(!j["warnings"].empty());
  CHECK(run.err.find("cap-benchmark") != std::string::npos);  // a retired question, skipped
}

TEST_CASE("Capability: the text report says what the result means", "[shipped][capability][cli]") {
  auto run = run_mmf("assess capability examples/capability-acme.toml --format text");
  INFO(run.err);
  REQUIRE(run.status == 0);
  CHECK(run.out.find("Capability across the functions\n"
                     "Every function counts once, however many of its people answered (5 functions, 6 respondents).\n"
                     "The organisation as its other functions see it: Developing, 39.2%") != std::string::npos);
  CHECK(run.out.find("! The alliance function rates the organisation 89.9% (Advanced); the other functions rate it "
                     "39.2% (Developing). That is 50.6 points higher:") != std::string::npos);
  CHECK(run.out.find("   Group                     Alliance function (self)  Other functions    Gap\n"
                     "   Strategy and portfolio                       88.7%            46.2%  +42.5\n") !=
        std::string::npos);
  CHECK(run.out.find("Weakest function: legal, 6.5% (Initial).") != std::string::npos);
  CHECK(run.out.find("   Trust          35.9%  the openness and reliability partners and colleagues can count on\n"
                     "   Commercial     41.4%  scorecard dimension\n") != std::string::npos);
  CHECK(run.out.find("Weakest of vision, skills and trust: Trust. Weakest dimension: Cultural.\n") != std::string::npos);
  // A disagreement names the question by its text, not its id.
  CHECK(run.out.find("The functions disagree most on “Our alliances are managed as one portfolio") != std::string::npos);
  auto html = run_mmf("assess capability examples/capability-acme.toml --format html");
  CHECK(html.out.find("<h2>Capability across the functions</h2>") != std::string::npos);
  CHECK(html.out.find("<th class=\"num\">Alliance function (self)</th><th class=\"num\">Other functions</th>") != std::string::npos);
}

TEST_CASE("Capability: under --locale de, fr and es the plugin's words and numbers are the locale's",
          "[shipped][capability][cli]") {
  auto text = run_mmf("assess capability examples/capability-acme.toml --format text --locale de");
  INFO(text.err);
  REQUIRE(text.status == 0);
  CHECK(text.out.find("Fähigkeit über die Funktionen hinweg\n"
                      "Jede Funktion zählt einmal, wie viele ihrer Leute auch geantwortet haben (5 Funktionen, 6 "
                      "Befragte).\nDie Organisation, wie ihre übrigen Funktionen sie sehen: Im Aufbau, 39,2\u00a0% – die "
                      "Selbstsicht der Allianzfunktion steht daneben und ist nicht eingerechnet.\n") != std::string::npos);
  CHECK(text.out.find("! Die Allianzfunktion bewertet die Organisation mit 89,9\u00a0% (Fortgeschritten), die übrigen "
                      "Funktionen mit 39,2\u00a0% (Im Aufbau). Das sind 50,6 Punkte mehr:") != std::string::npos);
  CHECK(text.out.find("   Strategie und Portfolio                       88,7\u00a0%             46,2\u00a0%    +42,5\n") !=
        std::string::npos);
  for (const char* english : {"Every function counts once", "The alliance function rates", "Weakest function",
                              "scorecard dimension", "disagree most"})
    CHECK(text.out.find(english) == std::string::npos);
  auto md = run_mmf("assess capability examples/capability-acme.toml --format md --locale de");
  REQUIRE(md.status == 0);
  CHECK(md.out.find("Schwächste Funktion: legal, 6,5\u00a0% (Anfänglich). Allianzen, die diese Funktion brauchen, geraten "
                    "hier zuerst ins Stocken.") != std::string::npos);
  auto fr = run_mmf("assess capability examples/capability-acme.toml --format md --locale fr");
  REQUIRE(fr.status == 0);
  CHECK(fr.out.find("## La capacité à travers les fonctions\n\nChaque fonction compte une fois") != std::string::npos);
  auto es = run_mmf("assess capability examples/capability-acme.toml --format html --locale es");
  REQUIRE(es.status == 0);
  CHECK(es.out.find("<th class=\"num\">Función de alianzas (propia)</th><th class=\"num\">Otras funciones</th>") != std::string::npos);
  CHECK(es.out.find("<th>Alliance function (self)</th>") == std::string::npos);
}

TEST_CASE("Ecosystem: under --locale de the plugin's words are German, and statements are named by their text",
          "[shipped][ecosystem][cli]") {
  auto text = run_mmf("assess ecosystem examples/ecosystem-managers-partners.toml --format text --locale de");
  INFO(text.err);
  REQUIRE(text.status == 0);
  CHECK(text.out.find("Das Ökosystem\nPraxiswert 48,2\u00a0%, Stufe Gesteuert: der Mittelwert der Praxisgruppen, "
                      "beantwortet von 3 Managern und 4 Partnern.\n") != std::string::npos);
  CHECK(text.out.find("Sicht der Manager 66,2\u00a0% (Skaliert), Sicht der Partner 34,7\u00a0% (Ad hoc): eine Lücke von 31,5 "
                      "Punkten.") != std::string::npos);
  CHECK(text.out.find("Die Ergebnisse (Gewinn der Partner, Wachstum, Weiterempfehlung) stehen neben dem Praxiswert") !=
        std::string::npos);
  for (const char* english : {"Practice score", "Managers' view", "Outcomes (", "would also need"})
    CHECK(text.out.find(english) == std::string::npos);
  auto held = run_mmf("assess ecosystem examples/ecosystem-held.toml --format md --locale de");
  REQUIRE(held.status == 0);
  CHECK(held.out.find("> **Unterhalb der Stufe Orchestriert gehalten: Der Praxiswert erreicht das Band dieser Stufe, doch "
                      "die Partner schaffen noch nicht genug Wert miteinander.") != std::string::npos);
  auto html = run_mmf("assess ecosystem examples/ecosystem-managers-partners.toml --format html --locale de");
  REQUIRE(html.status == 0);
  CHECK(html.out.find("<table><tr><th>Bereich</th><th class=\"num\">Manager</th><th class=\"num\">Partner</th>"
                      "<th class=\"num\">Abstand</th></tr>\n<tr><td>Programmstrategie</td><td class=\"num\">93,2\u00a0%</td>") !=
        std::string::npos);
  auto en = run_mmf("assess ecosystem examples/ecosystem-managers-partners.toml --format html");
  REQUIRE(en.status == 0);
  CHECK(en.out.find("answered by 3 managers and 4 partners.") != std::string::npos);
  CHECK(en.out.find("<tr><td>Registered deals are honoured, and conflicts with the firm&#39;s direct sales are settled "
                    "by published rules.</td><td class=\"num\">0.77</td><td class=\"num\">0.00</td>"
                    "<td class=\"num\">0.77</td></tr>") != std::string::npos);
}

TEST_CASE("Alliance: under --locale de the plugin's words are German in text, Markdown and HTML",
          "[shipped][alliance][cli]") {
  auto text = run_mmf("assess alliance examples/alliance-one-sided.toml --format text --locale de");
  INFO(text.err);
  REQUIRE(text.status == 0);
  CHECK(text.out.find("! Unterhalb der Stufe Strategische Allianz gehalten: Die Werte erreichen das Band dieser Stufe, "
                      "doch ihr Test ist nicht erfüllt. Die Empfehlungen, die die Begrenzung aufheben, stehen vorn:\n"
                      "- das bestimmende Merkmal „gemeinsames Schicksal“ fehlt\n") != std::string::npos);
  CHECK(text.out.find("Wirksamkeit 85,7\u00a0%: 6 der 7 Erfolgsfaktoren, die die angestrebte Stufe (Strategische Allianz) "
                      "verlangt, sind vorhanden. Es fehlen: Symbiose.\n") != std::string::npos);
  for (const char* english : {"Held below", "Effectiveness", "Efficiency", "success factors", "come first"})
    CHECK(text.out.find(english) == std::string::npos);
  auto md = run_mmf("assess alliance examples/alliance-team.json --format md --locale de");
  REQUIRE(md.status == 0);
  CHECK(md.out.find("### Die Partner nebeneinander\n\nJede Einheit für sich bewertet, je bestimmendem Merkmal "
                    "(Antworten von 0 bis 1):\n\n") != std::string::npos);
  CHECK(md.out.find("| Gemeinsame Vision | ") != std::string::npos);
  auto html = run_mmf("assess alliance examples/alliance-one-sided.toml --format html --locale de");
  REQUIRE(html.status == 0);
  CHECK(html.out.find("<p class=\"warn\">Unterhalb der Stufe Strategische Allianz gehalten:") != std::string::npos);
  CHECK(html.out.find("<table><tr><th>Bestimmendes Merkmal</th><th>Vorhanden</th></tr>") != std::string::npos);
  CHECK(html.out.find("<th>Erfolgsfaktor</th>") != std::string::npos);
  CHECK(html.out.find("<th>Defining trait</th>") == std::string::npos);
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
                       std::make_pair("capability", "capability-initech.toml"),
                       std::make_pair("readiness", "readiness-acme.toml"),
                       std::make_pair("readiness", "readiness-globex.json"),
                       std::make_pair("readiness", "readiness-initech.toml"));
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
    const std::map<std::string, std::string> questions{
        {"alliance", "36"}, {"ecosystem", "38"}, {"capability", "39"}, {"readiness", "38"}};
    CHECK(show.out.find(" questions)") != std::string::npos);
    CHECK(show.out.find(" groups, " + questions.at(id) + " questions)") != std::string::npos);
  }
  auto plugins = run_mmf("plugins --format json");
  std::vector<std::string> names;
  auto listed = nlohmann::json::parse(plugins.out);
  for (const auto& p : listed["plugins"]) names.push_back(p["name"]);
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"alliance", "capability", "ecosystem", "readiness"});
}

TEST_CASE("Capability: Globex's six people in four functions, combined by the median within each function",
          "[shipped][capability]") {
  auto r = score(model_fixture("models/capability.toml"), *assessment_fixture("examples/capability-globex.json"));
  // Sales' three respondents are combined by their median first; then the four functions weigh alike.
  CHECK(r.overall.percent == Approx(58.76).epsilon(1e-3));
  CHECK(level_id(r, r.overall) == "established");
  CHECK(insights_of(r)["capability"]["weakest_function"].dump() == R"({"function":"hr","percent":31.4,"level":"developing"})");
  CHECK(insights_of(r)["capability"]["organisation"]["leaves_out"].is_null());
}

TEST_CASE("The JSON examples score to their exact values", "[shipped]") {
  SECTION("alliance, three respondents by median") {
    auto r = score(model_fixture("models/alliance.toml"), *assessment_fixture("examples/alliance-team.json"));
    CHECK(r.overall.percent == Approx(64.44).epsilon(1e-3));
    CHECK(level_id(r, r.overall) == "solution");
    const auto& conflict = question_result(r, "cul-conflict");  // li, pi, li: median 0.66, spread 0.33
    CHECK(conflict.value == Approx(0.66));
    CHECK(conflict.spread == Approx(0.33));
    REQUIRE(conflict.notes.size() == 1);
    CHECK(conflict.notes[0].respondent == "globex-am");
    CHECK(insights_of(r)["alliance"]["success_factors"]["efficiency"]["percent"] == 69.5);
    CHECK(insights_of(r)["alliance"]["vision_skills_trust"].dump() == R"({"vision":77.3,"skills":66.3,"trust":59.1})");
    // The two partners side by side: Acme (two respondents, median) and Globex, gap per defining trait. All three
    // name a board sponsor on both sides, so the board trait shows no gap; the others do.
    const auto two = insights_of(r)["alliance"]["two_sided"];
    CHECK(two["units"].dump() == R"([{"unit":"acme","respondents":2,"percent":58.4},{"unit":"globex","respondents":1,"percent":71.4}])");
    CHECK(two["traits"].dump() ==
          R"([{"trait":"vision","by_unit":{"acme":0.83,"globex":1.0},"gap":0.17},)"
          R"({"trait":"shared-fate","by_unit":{"acme":0.33,"globex":0.66},"gap":0.33},)"
          R"({"trait":"customer-value","by_unit":{"acme":0.66,"globex":1.0},"gap":0.34},)"
          R"({"trait":"board","by_unit":{"acme":1.0,"globex":1.0},"gap":0.0}])");
    // The business case: Acme's two split between yes and no (median 0.5), Globex approved it.
    CHECK(two["questions"][2].dump() == R"({"question":"com-business-case","by_unit":{"acme":0.5,"globex":1.0},"gap":0.5})");
    CHECK(two["questions"][0].dump() == R"({"question":"com-revenue-tracking","by_unit":{"acme":0.5,"globex":1.0},"gap":0.51})");
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
}
