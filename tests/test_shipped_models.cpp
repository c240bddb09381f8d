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
  const auto& stage = result.insights["alliance"]["value_stage"];
  CHECK(stage.dump() ==
        R"({"level":"solution","by_bands":"strategic-alliance","capped":true,"missing_traits":["shared-fate"]})");
  const auto& traits = result.insights["alliance"]["traits"];
  CHECK(traits[1].dump() == R"({"trait":"shared-fate","present":false,"questions":["com-shared-fate"]})");
}

TEST_CASE("Alliance: a group holding a missing trait is capped too, other groups are not", "[shipped][alliance]") {
  auto a = std::make_shared<Assessment>(*assessment_fixture("examples/alliance-one-sided.toml"));
  for (auto& answer : a->respondents[0].answers)
    if (answer.question == "com-shared-fate" || answer.question == "com-cost-value") answer.option = "fi";
  auto result = score(model_fixture("models/alliance.toml"), *a);
  // Shared fate now present: every trait holds and the alliance reaches the top stage.
  CHECK(level_id(result, result.overall) == "strategic-alliance");
  CHECK(result.insights["alliance"]["value_stage"]["capped"] == false);
  CHECK(result.insights["alliance"]["value_stage"]["missing_traits"].empty());
  for (auto& answer : a->respondents[0].answers)
    if (answer.question == "str-board-sponsors") answer.option = "pi";
  result = score(model_fixture("models/alliance.toml"), *a);
  CHECK(level_id(result, group_result(result, "strategic")) == "solution");  // (9 - 1.34) / 9 = 85.1%, capped
  CHECK(level_id(result, group_result(result, "technical")) == "strategic-alliance");
  CHECK(result.insights["alliance"]["value_stage"]["missing_traits"].dump() == R"(["board"])");
}

TEST_CASE("Alliance: success factors' effectiveness and efficiency, and Vision-Skills-Trust", "[shipped][alliance]") {
  auto result = score(model_fixture("models/alliance.toml"), *assessment_fixture("examples/alliance-acme-globex.toml"));
  CHECK(level_id(result, result.overall) == "solution");
  CHECK(result.overall.percent == Approx(63.54).epsilon(1e-3));
  const auto& sf = result.insights["alliance"]["success_factors"];
  CHECK(sf["effectiveness"].dump() == R"({"present":7,"total":7,"percent":100.0})");
  // Factors: symbiosis 33, flexibility (1 + .66 + .66)/3 = 77.3, customer (1 + 2 × .66)/3 = 77.3,
  // culture (.66 + .33 + .66)/3 = 55, bottom-up (.33 + .66)/2 = 49.5, vision 100, sponsorship 66.
  // Mean of the seven: 458.17 / 7 = 65.45.
  CHECK(sf["efficiency"]["percent"] == 65.5);
  CHECK(sf["factors"][0].dump() == R"({"factor":"symbiosis","present":true,"percent":33.0})");
  const auto& vst = result.insights["alliance"]["vision_skills_trust"];
  CHECK(vst["vision"] == 78.8);
  CHECK(vst["skills"] == 53.9);
  CHECK(vst["trust"] == 63.2);
}

TEST_CASE("Alliance: a success factor with nothing in place is absent, and lowers effectiveness", "[shipped][alliance]") {
  auto a = std::make_shared<Assessment>(*assessment_fixture("examples/alliance-acme-globex.toml"));
  for (auto& answer : a->respondents[0].answers)
    if (answer.question == "com-shared-fate") answer.option = "ni";
  auto result = score(model_fixture("models/alliance.toml"), *a);
  const auto& sf = result.insights["alliance"]["success_factors"];
  CHECK(sf["effectiveness"].dump() == R"({"present":6,"total":7,"percent":85.7})");
  CHECK(sf["factors"][0].dump() == R"({"factor":"symbiosis","present":false,"percent":0.0})");
}
