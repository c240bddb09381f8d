// The published scoring rules of the field, written as v1 models, reproduce
// their published results exactly (formats-v1 §2 and §3).
#include <catch2/catch.hpp>

#include "support.h"

using namespace mmf;
using namespace mmf::test;
using Catch::Detail::Approx;

TEST_CASE("SAMM: streams sum their answers and a practice is the mean of its streams", "[rules][samm]") {
  auto model = model_fixture("rules/samm.toml");
  auto result = score(model, *assessment_fixture("rules/samm-answers.toml"));

  const auto& a = group_result(result, "stream-a");
  const auto& b = group_result(result, "stream-b");
  const auto& practice = group_result(result, "strategy-metrics");
  CHECK(a.score == Approx(1.5));  // 1 + 0.5 + 0
  CHECK(a.max == Approx(3));
  CHECK(b.score == Approx(0.5));  // 0.25 + 0.25 + 0
  CHECK(practice.score == Approx(1.0));
  CHECK(practice.max == Approx(3));
  CHECK(practice.percent == Approx(100.0 / 3));
  CHECK(result.overall.score == Approx(1.0));
  CHECK(result.overall.max == Approx(3));
  CHECK(level_id(result, result.overall) == "l1");  // 33.33% >= 33.3
}

TEST_CASE("C2M2 staged: a partially implemented level-2 practice holds its domain at level 1", "[rules][staged]") {
  auto model = model_fixture("rules/c2m2.toml");
  auto result = score(model, *assessment_fixture("rules/c2m2-answers.toml"));

  // Asset management: MIL1 performed, one MIL2 practice only partial, MIL3 all fully implemented.
  CHECK(level_id(result, group_result(result, "asset")) == "mil1");
  // Threat management: MIL1 largely (performed), MIL2 not applicable (counts as performed), MIL3 fully.
  CHECK(level_id(result, group_result(result, "threat")) == "mil3");
  // The root's subtree holds the partial MIL2 practice too.
  CHECK(level_id(result, result.overall) == "mil1");
}

TEST_CASE("C2M2 staged: an unanswered practice blocks its level — the first level is the floor", "[rules][staged]") {
  auto model = model_fixture("rules/c2m2.toml");
  auto a = std::make_shared<Assessment>(*assessment_fixture("rules/c2m2-answers.toml"));
  auto& answers = a->respondents[0].answers;
  // Leave threat-3a unanswered and make asset-1a not implemented.
  std::erase_if(answers, [](const Answer& x) { return x.question == "threat-3a"; });
  for (auto& x : answers)
    if (x.question == "asset-1a") x.option = "ni";
  auto result = score(model, *a);
  CHECK(level_id(result, group_result(result, "threat")) == "mil2");
  CHECK(level_id(result, group_result(result, "asset")) == "mil0");
  CHECK(level_id(result, result.overall) == "mil0");
}

TEST_CASE("C2M2 staged: a practice answered exactly at 'performed' counts as performed", "[rules][staged]") {
  auto model = model_fixture("rules/c2m2.toml");
  auto a = std::make_shared<Assessment>(*assessment_fixture("rules/c2m2-answers.toml"));
  for (auto& x : a->respondents[0].answers)
    if (x.question == "asset-2a") x.option = "li";  // 0.66 == performed
  auto result = score(model, *a);
  CHECK(level_id(result, group_result(result, "asset")) == "mil3");
  CHECK(level_id(result, result.overall) == "mil3");
}

TEST_CASE("Flickit thresholds: each level needs its per-level percentages to clear their thresholds",
          "[rules][thresholds]") {
  auto model = model_fixture("rules/thresholds.toml");
  auto result = score(model, *assessment_fixture("rules/thresholds-answers.toml"));
  // pct(weak) = 81.25, pct(moderate) = 62.5, pct(good) = 100:
  // moderate needs weak >= 75 and moderate >= 60 -> reached; good needs weak >= 90 -> not.
  CHECK(level_id(result, group_result(result, "team")) == "moderate");
  CHECK(level_id(result, result.overall) == "moderate");
}

TEST_CASE("Flickit thresholds: unanswered questions count as 0 in their level's percentage", "[rules][thresholds]") {
  auto model = model_fixture("rules/thresholds.toml");
  auto a = std::make_shared<Assessment>(*assessment_fixture("rules/thresholds-answers.toml"));
  // Without m2, pct(moderate) = (0.75 + 0) / 2 = 37.5 < 60.
  std::erase_if(a->respondents[0].answers, [](const Answer& x) { return x.question == "m2"; });
  auto result = score(model, *a);
  CHECK(level_id(result, result.overall) == "weak");
}

TEST_CASE("Weakest link: a dimension is as mature as its least mature question", "[rules][weakest]") {
  auto model = model_fixture("rules/weakest.toml");
  auto result = score(model, *assessment_fixture("rules/weakest-answers.toml"));
  const auto& data = group_result(result, "data");
  CHECK(data.percent == Approx(100.0 * (1 + 1 + 0.33) / 3));  // 77.67%: Optimised by bands
  CHECK(level_id(result, data) == "initial");                 // but d3 at 33% is Initial
  CHECK(level_id(result, group_result(result, "people")) == "managed");
  CHECK(level_id(result, result.overall) == "initial");
}

TEST_CASE("Bands: weighted percent with not-applicable excluded", "[rules][bands]") {
  auto model = model_fixture("rules/bands.toml");
  auto result = score(model, *assessment_fixture("rules/bands-answers.toml"));
  const auto& g1 = group_result(result, "g1");
  const auto& g2 = group_result(result, "g2");
  CHECK(g1.score == Approx(0.83));  // mean(1, 0.66); q2 dropped
  CHECK(g1.max == Approx(1));
  CHECK(g2.score == Approx(0.665));
  // Root: (2 × 0.83 + 1 × 0.665) / 3
  CHECK(result.overall.score == Approx(0.775));
  CHECK(result.overall.percent == Approx(77.5));
  CHECK(level_id(result, result.overall) == "high");
  CHECK(level_id(result, g2) == "mid");
  CHECK(question_result(result, "q2").not_applicable);
  CHECK(result.overall.coverage == Approx(1.0));  // not applicable counts as answered
}

TEST_CASE("Bands: not-applicable counted as zero", "[rules][bands]") {
  auto loaded = model_fixture("rules/bands.toml");
  auto model = std::make_shared<Model>(*loaded);
  model->scoring.not_applicable = NotApplicablePolicy::zero;
  auto result = score(model, *assessment_fixture("rules/bands-answers.toml"));
  const auto& g1 = group_result(result, "g1");
  CHECK(g1.score == Approx((1 + 0 + 0.66) / 3));
  CHECK(g1.max == Approx(1));
  CHECK(result.overall.score == Approx((2 * (1.66 / 3) + 0.665) / 3));
  CHECK(result.overall.percent == Approx(59.0556).epsilon(1e-4));
  CHECK(level_id(result, result.overall) == "mid");
}

TEST_CASE("Respondents: a question's value is the mean of their answers by default", "[rules][respondents]") {
  auto model = model_fixture("rules/bands.toml");
  auto result = score(model, *assessment_fixture("rules/respondents.toml"));
  const auto& q1 = question_result(result, "q1");
  CHECK(q1.respondents == 3);
  CHECK(q1.value == Approx((0 + 0.33 + 1) / 3.0));
  CHECK(q1.spread == Approx(1.0));
  // One respondent said not applicable: the others' answers decide.
  CHECK(question_result(result, "q2").value == Approx(0.66));
  CHECK(question_result(result, "q2").respondents == 3);
  CHECK(question_result(result, "q5").respondents == 2);
  CHECK(result.respondents == 3);
}

TEST_CASE("Respondents: aggregation = median takes the middle answer", "[rules][respondents]") {
  auto model = model_fixture("rules/bands.toml");
  auto a = std::make_shared<Assessment>(*assessment_fixture("rules/respondents.toml"));
  a->aggregation = RespondentAggregation::median;
  auto result = score(model, *a);
  CHECK(question_result(result, "q1").value == Approx(0.33));
  a->aggregation = RespondentAggregation::min;
  CHECK(question_result(score(model, *a), "q1").value == Approx(0));
  a->aggregation = RespondentAggregation::max;
  CHECK(question_result(score(model, *a), "q1").value == Approx(1));
}

TEST_CASE("Respondents: the median of an even count is the mean of the two middle answers", "[rules][respondents]") {
  auto model = model_fixture("rules/bands.toml");
  auto a = std::make_shared<Assessment>(*assessment_fixture("rules/respondents.toml"));
  a->aggregation = RespondentAggregation::median;
  a->respondents.pop_back();  // q1: 0 and 0.33
  CHECK(question_result(score(model, *a), "q1").value == Approx(0.165));
}
