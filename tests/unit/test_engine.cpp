// The engine beyond level rules: coverage, warnings, gaps, recommendations and
// their priorities, target selection, aggregation choices and evidence.
#include <catch2/catch.hpp>

#include "support.h"

using namespace mmf;
using namespace mmf::test;
using Catch::Detail::Approx;

TEST_CASE("Gaps and recommendations follow the target profile, highest priority first", "[engine][targets]") {
  auto model = model_fixture("rules/bands.toml");
  auto result = score(model, *assessment_fixture("rules/bands-answers.toml"));
  CHECK(result.target == "default");  // the model's 'default' profile applies when none is named

  // Overall reaches 'high'; g2 (66.5%) misses its 90% target by 0.235, weight share 1/3.
  REQUIRE(result.gaps.size() == 1);
  CHECK(result.gaps[0].group == model->find_group("g2"));
  CHECK(result.gaps[0].current_percent == Approx(66.5));
  CHECK(result.gaps[0].priority == Approx(0.235 / 3));

  // q4 stands at 0.33 against g2's 90%: (0.9 - 0.33) × (1/2 × 1/3).
  // q3 stands at 0.66 against overall 'high' (75%): (0.75 - 0.66) × (1/3 × 2/3).
  REQUIRE(result.recommendations.size() == 2);
  CHECK(model->questions[result.recommendations[0].question].id == "q4");
  CHECK(result.recommendations[0].priority == Approx(0.57 / 6));
  CHECK(result.recommendations[0].target == Approx(0.9));
  CHECK(model->questions[result.recommendations[1].question].id == "q3");
  CHECK(result.recommendations[1].priority == Approx(0.09 * 2 / 9));
}

TEST_CASE("A level target on a staged model asks every practice up to that level to be performed",
          "[engine][targets]") {
  auto model = model_fixture("rules/c2m2.toml");
  auto result = score(model, *assessment_fixture("rules/c2m2-answers.toml"));
  // Overall MIL1 against target MIL2, and Asset management (MIL1), which inherits it.
  REQUIRE(result.gaps.size() == 2);
  CHECK(result.gaps[0].group == npos);
  CHECK(result.gaps[0].current_level == model->find_level("mil1"));
  CHECK(result.gaps[0].priority == Approx(0.25));  // one level of four
  REQUIRE(result.recommendations.size() == 1);
  CHECK(model->questions[result.recommendations[0].question].id == "asset-2a");
  CHECK(result.recommendations[0].target == Approx(0.66));
}

TEST_CASE("Unanswered questions lower coverage and raise one warning each", "[engine][coverage]") {
  auto model = model_fixture("rules/bands.toml");
  auto a = std::make_shared<Assessment>(*assessment_fixture("rules/bands-answers.toml"));
  std::erase_if(a->respondents[0].answers, [](const Answer& x) { return x.question == "q5" || x.question == "q1"; });
  auto result = score(model, *a);
  CHECK(result.overall.coverage == Approx(3.0 / 5));
  CHECK(group_result(result, "g2").coverage == Approx(0.5));
  REQUIRE(result.warnings.size() == 2);
  CHECK(result.warnings[0].code == "unanswered");
  CHECK(result.warnings[0].question == "q1");
  CHECK(result.warnings[0].message == "question 'q1' has no answer");
  CHECK(result.warnings[1].question == "q5");
  // Unanswered questions have no score: g1 is q3 alone, g2 is q4 alone.
  CHECK(group_result(result, "g1").score == Approx(0.66));
  CHECK(group_result(result, "g2").score == Approx(0.33));
}

TEST_CASE("A group nothing was answered in has no score and no level", "[engine][coverage]") {
  auto model = model_fixture("rules/bands.toml");
  auto a = std::make_shared<Assessment>(*assessment_fixture("rules/bands-answers.toml"));
  std::erase_if(a->respondents[0].answers, [](const Answer& x) { return x.question == "q4" || x.question == "q5"; });
  auto result = score(model, *a);
  const auto& g2 = group_result(result, "g2");
  CHECK_FALSE(g2.scored);
  CHECK(g2.level == npos);
  CHECK(g2.coverage == Approx(0));
  CHECK(result.overall.score == Approx(0.83));  // g1 alone
}

TEST_CASE("The --target option overrides the assessment's profile, and an unknown one is an error", "[engine][targets]") {
  auto model = model_fixture("rules/c2m2.toml");
  auto a = assessment_fixture("rules/c2m2-answers.toml");
  static const Registry registry;
  auto outcome = assess(model, *a, registry, AssessOptions{"nope"});
  REQUIRE_FALSE(outcome.ok());
  CHECK(lines(outcome.diagnostics) ==
        std::vector<std::string>{a->file->c_str() + std::string(": error: target profile 'nope' is not defined by "
                                                                "model 'c2m2-style'")});
}

TEST_CASE("Min and max aggregation fold scores and maxima the same way", "[engine][aggregate]") {
  auto loaded = model_fixture("rules/bands.toml");
  auto model = std::make_shared<Model>(*loaded);
  model->groups[model->find_group("g1")].aggregate = Aggregate::min;
  model->groups[model->find_group("g2")].aggregate = Aggregate::max;
  auto result = score(model, *assessment_fixture("rules/bands-answers.toml"));
  CHECK(group_result(result, "g1").score == Approx(0.66));
  CHECK(group_result(result, "g2").score == Approx(1));
  model->scoring.aggregate = Aggregate::sum;
  result = score(model, *assessment_fixture("rules/bands-answers.toml"));
  CHECK(result.overall.score == Approx(2 * 0.66 + 1));
  CHECK(result.overall.max == Approx(3));
}

TEST_CASE("Evidence and comments are kept with the answers they belong to", "[engine][evidence]") {
  auto model = model_fixture("models/alliance.toml");
  auto result = score(model, *assessment_fixture("examples/alliance-acme-globex.toml"));
  const auto& q = question_result(result, "tec-integration");
  REQUIRE(q.notes.size() == 1);
  CHECK(q.notes[0].evidence == "Joint reference architecture v2");
  CHECK(q.notes[0].comment == "Certified by both engineering teams");
  CHECK(q.option == "fi");
}

TEST_CASE("Weight shares multiply along the path to the root", "[engine][priority]") {
  auto model = model_fixture("rules/samm.toml");
  CHECK(weight_share_of_group(*model, model->find_group("strategy-metrics")) == Approx(1));
  CHECK(weight_share_of_group(*model, model->find_group("stream-b")) == Approx(0.5));
  CHECK(weight_share_of_question(*model, model->find_question("b2")) == Approx(1.0 / 6));
}
