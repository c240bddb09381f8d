// Crosswalks: re-scoring an assessment under another model.
#include <catch2/catch.hpp>

#include "support.h"

using namespace mmf;
using namespace mmf::test;
using Catch::Detail::Approx;

namespace {

struct Rescored {
  Result result;
  nlohmann::ordered_json report;
};

Rescored rescore(const std::string& crosswalk, const std::string& from, const std::string& to,
                 const std::string& assessment) {
  auto cw = load_crosswalk(source("models/crosswalks/" + crosswalk));
  INFO(fmt_lines(cw.diagnostics));
  REQUIRE(cw.ok());
  auto m_from = model_fixture("models/" + from + ".toml");
  auto m_to = model_fixture("models/" + to + ".toml");
  Diagnostics d;
  check_crosswalk(*cw.value, *m_from, *m_to, d);
  INFO(fmt_lines(d));
  REQUIRE(d.empty());
  auto converted = apply_crosswalk(*cw.value, *m_from, *m_to, *assessment_fixture(assessment));
  return Rescored{score(m_to, converted.converted), nlohmann::ordered_json::parse(converted.report)};
}

}  // namespace

TEST_CASE("An alliance assessment re-scored under the capability model through the shipped crosswalk",
          "[crosswalk]") {
  auto [result, report] =
      rescore("alliance-to-capability.toml", "alliance", "capability", "examples/alliance-acme-globex.toml");
  // Converted: strategy-link 1, portfolio 0.66; blueprint 0.33, design mean(1, 0.66, 1) = 0.887, nearest
  // "always" (1); steering 1, executive-sponsor 1 ("both" maps to "all"), escalation 0.66; roles 1 ("both" maps
  // to "fully"), training 0.33 (option map), careers 0.33; trust-partners 0.66, differences 0.66; scorecard
  // 0.33, lessons 0.33 (capability 2.0.0 retired cap-benchmark).
  CHECK(group_result(result, "strategy").percent == Approx(83.0));
  CHECK(group_result(result, "lifecycle").percent == Approx(66.5));
  CHECK(group_result(result, "governance").percent == Approx(100 * 2.66 / 3));
  CHECK(group_result(result, "people").percent == Approx(100 * 1.66 / 3));
  CHECK(group_result(result, "culture").percent == Approx(66.0));
  CHECK(group_result(result, "learning").percent == Approx(33.0));
  CHECK(result.overall.percent == Approx((83.0 + 66.5 + 100 * 2.66 / 3 + 100 * 1.66 / 3 + 66.0 + 33.0) / 6));
  CHECK(level_id(result, result.overall) == "established");
  CHECK(result.overall.coverage == Approx(14.0 / 39));
  CHECK(question_result(result, "cap-blueprint").option == "partly");
  CHECK(question_result(result, "cap-design").option == "always");
  CHECK(question_result(result, "cap-executive-sponsor").option == "all");
  CHECK(question_result(result, "cap-training").option == "some");

  CHECK(report["converted"] == 14);
  CHECK(report["unanswered"].dump() ==
        R"(["cap-build-buy-ally","cap-targets","cap-partner-selection","cap-partner-programme-link",)"
        R"("cap-develop","cap-deploy","cap-exit","cap-legal-terms","cap-technical-integration",)"
        R"("cap-partner-systems","cap-programme-manager","cap-decision-rights","cap-function-contact",)"
        R"("cap-alliance-budget","cap-incentives","cap-functions-involved","cap-hiring",)"
        R"("cap-internal-collaboration","cap-not-invented-here","cap-leadership-example",)"
        R"("cap-shared-success","cap-alliance-economics","cap-capability-measured","cap-customer-feedback",)"
        R"("cap-partner-feedback"])");
  CHECK(report["confidence"] == 0.7086);  // 9.92 / 14
  CHECK(report["answers"][1].dump() ==
        R"({"question":"cap-portfolio","from":["str-portfolio-role"],"relation":"subset","strength":0.6,"confidence":0.48})");
  CHECK(report["answers"][3].dump() ==
        R"({"question":"cap-blueprint","from":["ops-blueprint"],"relation":"equal","strength":0.9,"confidence":0.9})");

  // A source answered "Does not apply" answers its target not applicable.
  auto na = std::make_shared<Assessment>(*assessment_fixture("examples/alliance-acme-globex.toml"));
  for (auto& answer : na->respondents[0].answers)
    if (answer.question == "cul-differences") answer.option = "na";
  auto cw = load_crosswalk(source("models/crosswalks/alliance-to-capability.toml"));
  REQUIRE(cw.ok());
  auto capability = model_fixture("models/capability.toml");
  auto converted = apply_crosswalk(*cw.value, *model_fixture("models/alliance.toml"), *capability, *na);
  CHECK(question_result(score(capability, converted.converted), "cap-differences").not_applicable);
}

TEST_CASE("A crosswalk keeps respondents, units and evidence", "[crosswalk]") {
  auto [result, report] = rescore("alliance-to-capability.toml", "alliance", "capability", "examples/alliance-team.json");
  CHECK(result.respondents == 3);
  // cul-conflict: acme li, li (median 0.66), globex pi (0.33); capability weighs its units alike
  // ([scoring] respondents = "by-unit"): (0.66 + 0.33) / 2.
  const auto& escalation = question_result(result, "cap-escalation");
  CHECK(escalation.respondents == 3);
  CHECK(escalation.value == Approx(0.495));
  CHECK(escalation.notes.at(0).evidence ==
        "via crosswalk alliance-to-capability (cul-conflict: Two escalations in Q3 took over a month)");
}

TEST_CASE("Every shipped crosswalk checks clean against its two models", "[crosswalk]") {
  auto [file, from, to] = GENERATE(table<std::string, std::string, std::string>(
      {{"alliance-to-capability.toml", "alliance", "capability"},
       {"alliance-to-readiness.toml", "alliance", "readiness"},
       {"capability-to-readiness.toml", "capability", "readiness"},
       {"ecosystem-to-capability.toml", "ecosystem", "capability"}}));
  auto cw = load_crosswalk(source("models/crosswalks/" + file));
  INFO(fmt_lines(cw.diagnostics));
  REQUIRE(cw.ok());
  Diagnostics d;
  check_crosswalk(*cw.value, *model_fixture("models/" + from + ".toml"), *model_fixture("models/" + to + ".toml"), d);
  INFO(fmt_lines(d));
  CHECK(d.empty());
}

TEST_CASE("A bad crosswalk reports every problem with its position", "[crosswalk][validation]") {
  std::string name = "tests/fixtures/crosswalk/bad.toml";
  auto cw = parse_crosswalk(read_text(source(name)), name);
  CHECK(lines(cw.diagnostics) ==
        std::vector<std::string>{
            name + ":15:12: error: 'relation' must be one of equal, subset, superset, intersect, not 'same'",
            name + ":16:12: error: 'strength' must lie in [0, 1], not 1.5",
            name + ":24:6: error: target question 'cap-steering' is mapped twice (first at line 13, column 6)"});
  // Checked against the models (after fixing what the parser rejects).
  std::string text = read_text(source(name));
  auto fix = [&](const std::string& from, const std::string& to) { text.replace(text.find(from), from.size(), to); };
  fix("\"same\"", "\"equal\"");
  fix("1.5", "0.5");
  fix("to = \"cap-steering\"\nfrom = \"ops-roles\"", "to = \"cap-roles\"\nfrom = \"ops-roles\"");
  auto fixed = parse_crosswalk(text, name);
  INFO(fmt_lines(fixed.diagnostics));
  REQUIRE(fixed.ok());
  Diagnostics d;
  check_crosswalk(*fixed.value, *model_fixture("models/alliance.toml"), *model_fixture("models/capability.toml"), d);
  CHECK(lines(d) == std::vector<std::string>{
                        name + ":9:6: error: model 'capability' has no question 'cap-nothing'",
                        name + ":13:6: error: model 'alliance' has no question 'ops-nothing' (mapped to 'cap-steering')",
                        name + ":19:6: error: 'xx' is not an option of scale 'implementation' of question "
                               "'cul-collaboration-skills'",
                        name + ":19:6: error: 'often' is not an option of scale 'coverage' of question 'cap-training'"});
}

TEST_CASE("mmf crosswalk finds the shipped crosswalk and adds its report to the result", "[crosswalk][cli]") {
  auto run = run_mmf("crosswalk examples/alliance-acme-globex.toml --to capability --format json");
  INFO(run.err);
  CHECK(run.status == 0);
  auto j = nlohmann::json::parse(run.out);
  CHECK(j["model"]["id"] == "capability");
  CHECK(j["overall"]["percent"] == 65.4);
  CHECK(j["crosswalk"]["id"] == "alliance-to-capability");
  CHECK(j["crosswalk"]["unanswered"].size() == 25);
  auto none = run_mmf("crosswalk examples/readiness-acme.toml --to ecosystem");
  CHECK(none.status == 2);
  CHECK(none.err.find("no crosswalk from 'readiness' to 'ecosystem'") != std::string::npos);
}
