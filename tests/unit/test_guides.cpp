// Defined answers, criteria and next steps (a question's guide), earlier ids
// that still score (formerly, retired), units that weigh the same (by-unit),
// and the recommendations a level rule says lift a cap (lifts_at).
#include <algorithm>

#include <catch2/catch.hpp>

#include "support.h"

#include "mmf/engine.h"
#include "mmf/load.h"
#include "mmf/registry.h"
#include "mmf/render.h"

using namespace mmf;
using namespace mmf::test;

namespace {

const char* kModel = R"(format = "mmf-model/1"
[model]
id = "guided"
name = "Guided"
version = "2.0.0"
retired = ["old-gone"]

[scoring]
respondents = "by-unit"

[scales.yn]
options = [
  { id = "no", label = "No", value = 0, formerly = ["ni", "pi"] },
  { id = "yes", label = "Yes", value = 1, formerly = ["fi"] },
]

[scales.imp]
options = [
  { id = "ni", label = "Not in place", value = 0 },
  { id = "pi", label = "Partly in place", value = 0.5 },
  { id = "fi", label = "Fully in place", value = 1 },
]

[[levels]]
id = "low"
name = "Low"
min = 0

[[levels]]
id = "high"
name = "High"
min = 80

[[groups]]
id = "g"
name = "G"

[[questions]]
id = "sponsor"
group = "g"
text = "A sponsor is appointed."
help = "h"
scale = "yn"
formerly = ["old-sponsor"]
answers.no = "Nobody has agreed to sponsor it."
answers.yes = { en = "A named executive sponsors it.", de = "Eine benannte Führungskraft fördert es." }
criteria = ["A signed charter", "Minutes naming the sponsor"]
next_steps.no = "Ask an executive to sponsor it."

[[questions]]
id = "plan"
group = "g"
text = "A plan exists."
help = "h"
scale = "imp"
answers = { ni = "None.", pi = "A draft.", fi = "An agreed plan." }
criteria = ["The plan", "Its review dates"]
next_steps = { ni = "Draft a plan.", pi = "Agree the draft with both partners." }
recommendation = "Plan."

[targets.default]
overall = "high"
)";

std::shared_ptr<const Model> guided() {
  auto loaded = parse_model(kModel, "guided.toml");
  INFO(fmt_lines(loaded.diagnostics));
  REQUIRE(loaded.ok());
  CHECK(lines(loaded.diagnostics, true).empty());
  return loaded.value;
}

Loaded<Assessment> answers(const std::string& body) {
  auto a = parse_assessment("format = \"mmf-assessment/1\"\nmodel = \"guided\"\nsubject = \"s\"\n" + body, "a.toml");
  INFO(fmt_lines(a.diagnostics));
  CHECK(a.ok());
  return a;
}

std::vector<std::string> model_problems(const std::string& replace, const std::string& with) {
  std::string text = kModel;
  auto at = text.find(replace);
  REQUIRE(at != std::string::npos);
  text.replace(at, replace.size(), with);
  auto loaded = parse_model(text, "guided.toml");
  return lines(loaded.diagnostics, true);
}

}  // namespace

TEST_CASE("A question's guide holds its answers, criteria and next steps by option", "[guides][model]") {
  auto m = guided();
  const QuestionGuide& g = m->guide(m->find_question("sponsor"));
  REQUIRE(g.answers.size() == 2);
  CHECK(g.answers[0].in("en") == "Nobody has agreed to sponsor it.");
  CHECK(g.answers[1].in("de") == "Eine benannte Führungskraft fördert es.");
  REQUIRE(g.criteria.size() == 2);
  CHECK(g.criteria[1].in("en") == "Minutes naming the sponsor");
  REQUIRE(g.next_steps.size() == 2);
  CHECK(g.next_steps[0].in("en") == "Ask an executive to sponsor it.");
  CHECK(g.next_steps[1].empty());
}

TEST_CASE("Guide keys that are not options, or on a range scale, are errors where they stand", "[guides][model]") {
  CHECK(model_problems("answers.no = ", "answers.nope = ") ==
        std::vector<std::string>{
            "guided.toml:45:9: error: 'nope' in 'answers' of question 'sponsor' is not an option of scale 'yn' "
            "(valid: no, yes); did you mean 'no'?",
            "guided.toml:45:9: warning: question 'sponsor' defines 'answers' for some options of scale 'yn' but "
            "not for no"});
  CHECK(model_problems("answers = { ni = \"None.\", pi = \"A draft.\", fi = \"An agreed plan.\" }",
                       "answers = { ni = \"None.\", fi = \"An agreed plan.\" }") ==
        std::vector<std::string>{"guided.toml:56:13: warning: question 'plan' defines 'answers' for some options of "
                                 "scale 'imp' but not for pi"});
  CHECK(model_problems("[scales.imp]\noptions = [\n  { id = \"ni\", label = \"Not in place\", value = 0 },\n"
                       "  { id = \"pi\", label = \"Partly in place\", value = 0.5 },\n"
                       "  { id = \"fi\", label = \"Fully in place\", value = 1 },\n]",
                       "[scales.imp]\nmin = 0\nmax = 1").front() ==
        "guided.toml:53:13: error: question 'plan' uses range scale 'imp'; 'answers' is keyed by the options of a "
        "discrete scale");
}

TEST_CASE("Earlier ids must not be ids of today's model", "[guides][model]") {
  CHECK(model_problems("formerly = [\"old-sponsor\"]", "formerly = [\"plan\"]") ==
        std::vector<std::string>{
            "guided.toml:44:12: error: 'plan' in 'formerly' of question 'sponsor' is the id of a question of this "
            "model"});
  CHECK(model_problems("formerly = [\"fi\"]", "formerly = [\"yes\"]") ==
        std::vector<std::string>{
            "guided.toml:14:54: error: 'yes' in 'formerly' of option 'yes' is an option of scale 'yn' now"});
  CHECK(model_problems("retired = [\"old-gone\"]", "retired = [\"plan\"]") ==
        std::vector<std::string>{"guided.toml:6:11: error: 'plan' in 'retired' is the id of a question of this model"});
}

TEST_CASE("A next step from a not-applicable answer, and an id both retired and former, are reported",
          "[guides][model]") {
  std::string text = std::string(kModel) + R"(
[scales.imp-na]
options = [
  { id = "ni", label = "Not in place", value = 0 },
  { id = "fi", label = "Fully in place", value = 1 },
  { id = "na", label = "Does not apply", not_applicable = true },
]

[[questions]]
id = "extra"
group = "g"
text = "Extra."
help = "h"
scale = "imp-na"
next_steps = { ni = "Start.", na = "Never shown." }
)";
  auto loaded = parse_model(text, "guided.toml");
  CHECK(lines(loaded.diagnostics, true) ==
        std::vector<std::string>{"guided.toml:77:31: warning: 'next_steps.na' of question 'extra' is never used: a "
                                 "not-applicable answer asks for no next step"});
  CHECK(model_problems("retired = [\"old-gone\"]", "retired = [\"old-sponsor\"]") ==
        std::vector<std::string>{
            "guided.toml:6:11: error: 'old-sponsor' is both retired and the former id of a question"});
}

TEST_CASE("Answers under earlier ids still score, each with a warning", "[guides][assessment]") {
  auto m = guided();
  auto a = answers("[answers]\nold-sponsor = \"fi\"\nold-gone = \"x\"\nplan = \"pi\"\n");
  REQUIRE(a.ok());
  Diagnostics d;
  check_assessment(*a.value, *m, d);
  CHECK(lines(d, true) == std::vector<std::string>{
                              "a.toml:5:1: warning: 'old-sponsor' is the former id of question 'sponsor' of model "
                              "'guided'; read as 'sponsor'",
                              "a.toml:5:15: warning: 'fi' is a former option of scale 'yn' for question 'sponsor'; "
                              "read as 'yes'",
                              "a.toml:6:1: warning: question 'old-gone' was retired from model 'guided' (version "
                              "2.0.0); its answer is not scored"});
  Result r = score(m, *a.value);
  CHECK(question_result(r, "sponsor").normalised == 1.0);
  CHECK(question_result(r, "sponsor").option == "yes");
  CHECK(r.overall.percent == 75.0);
}

TEST_CASE("By-unit scoring weighs every unit the same, whatever its headcount", "[guides][engine]") {
  auto m = guided();
  std::string body;
  for (int i = 0; i < 9; ++i)
    body += "[[respondents]]\nunit = \"sales\"\nanswers = { sponsor = \"yes\", plan = \"fi\" }\n";
  for (int i = 0; i < 2; ++i)
    body += "[[respondents]]\nunit = \"legal\"\nanswers = { sponsor = \"no\", plan = \"ni\" }\n";
  auto a = answers(body);
  REQUIRE(a.ok());
  Result r = score(m, *a.value);
  CHECK(r.overall.percent == 50.0);  // by headcount it would be 9/11 = 81.8%
  CHECK(question_result(r, "plan").respondents == 11);
  CHECK(question_result(r, "plan").spread == 1.0);
}

TEST_CASE("A self unit's answers stay out of the score while others answered, under either weighting",
          "[guides][engine]") {
  for (const char* weighting : {"respondents = \"by-unit\"", "respondents = \"all\""}) {
    INFO(weighting);
    std::string text = kModel;
    text.replace(text.find("respondents = \"by-unit\""), 23, std::string(weighting) + "\nself_units = [\"team\"]");
    auto loaded = parse_model(text, "guided.toml");
    INFO(fmt_lines(loaded.diagnostics));
    REQUIRE(loaded.ok());
    REQUIRE(loaded.value->self_units == std::vector<std::string>{"team"});
    // `mmf show --resolved` writes it back.
    CHECK(render_model_toml(*loaded.value).find("\nself_units = [\"team\"]\n") != std::string::npos);
    std::string team = "[[respondents]]\nunit = \"team\"\nanswers = { sponsor = \"yes\", plan = \"fi\" }\n";
    std::string sales = "[[respondents]]\nunit = \"sales\"\nanswers = { sponsor = \"no\", plan = \"pi\" }\n";
    auto both = answers(team + team + sales);
    REQUIRE(both.ok());
    Result r = score(loaded.value, *both.value);
    CHECK(r.overall.percent == 25.0);  // sales alone; with the team it would be above 50%
    CHECK(question_result(r, "plan").respondents == 1);
    CHECK(r.respondents == 3);
    // Answered by the self unit alone, the result is its view.
    auto alone = answers(team);
    REQUIRE(alone.ok());
    CHECK(score(loaded.value, *alone.value).overall.percent == 100.0);
  }
}

TEST_CASE("self_units must name each unit once, by a non-empty name", "[guides][model]") {
  CHECK(model_problems("respondents = \"by-unit\"", "self_units = [\"team\", \"\"]") ==
        std::vector<std::string>{
            "guided.toml:9:14: error: 'self_units' names respondent units and cannot hold an empty name"});
  CHECK(model_problems("respondents = \"by-unit\"", "self_units = [\"team\", \"team\"]") ==
        std::vector<std::string>{"guided.toml:9:14: error: 'self_units' lists unit 'team' twice"});
  CHECK(model_problems("respondents = \"by-unit\"", "self_units = \"team\"") ==
        std::vector<std::string>{
            "guided.toml:9:14: error: 'self_units' of [scoring] must be an array of strings, not a string"});
}

TEST_CASE("A long self_units list loads sorted and is searched, not scanned", "[guides][model][limits]") {
  // 200,000 names: checked pair by pair this took 24 s; sorted it takes a blink.
  std::string list = "self_units = [";
  for (int i = 200000; i-- > 0;) list += "\"u" + std::to_string(i) + "\",";
  list += "\"team\"]";
  std::string text = kModel;
  text.replace(text.find("respondents = \"by-unit\""), 23, list);
  auto loaded = parse_model(text, "guided.toml");
  INFO(fmt_lines(loaded.diagnostics));
  REQUIRE(loaded.ok());
  const Model& m = *loaded.value;
  REQUIRE(m.self_units.size() == 200001);
  CHECK(std::is_sorted(m.self_units.begin(), m.self_units.end()));
  CHECK(m.is_self_unit("team"));
  CHECK(m.is_self_unit("u0"));
  CHECK(m.is_self_unit("u199999"));
  CHECK_FALSE(m.is_self_unit("u200000"));
  text.replace(text.find("\"team\"]"), 7, "\"u7\"]");
  CHECK(lines(parse_model(text, "guided.toml").diagnostics, true) ==
        std::vector<std::string>{"guided.toml:9:14: error: 'self_units' lists unit 'u7' twice"});
}

TEST_CASE("A recommendation starts from its answer, with that answer's next step", "[guides][engine]") {
  auto m = guided();
  auto a = answers("[answers]\nsponsor = \"no\"\nplan = \"pi\"\n");
  REQUIRE(a.ok());
  Result r = score(m, *a.value);
  auto j = to_json(r);
  REQUIRE(j["recommendations"].size() == 2);
  CHECK(j["recommendations"][0]["question"] == "sponsor");
  CHECK(j["recommendations"][0]["from"] == "no");
  CHECK(j["recommendations"][0]["text"] == "Ask an executive to sponsor it.");
  CHECK(j["recommendations"][0]["lifts_cap"] == false);
  CHECK(j["recommendations"][1]["from"] == "pi");
  CHECK(j["recommendations"][1]["text"] == "Agree the draft with both partners.");
}

TEST_CASE("Several respondents' recommendation starts from the option at or below their value", "[guides][engine]") {
  auto m = guided();
  auto a = answers("[[respondents]]\nanswers = { plan = \"pi\" }\n[[respondents]]\nanswers = { plan = \"fi\" }\n");
  REQUIRE(a.ok());
  auto mm = std::make_shared<Model>(*m);
  mm->respondents = RespondentWeighting::all;
  auto j = to_json(score(mm, *a.value));
  REQUIRE(j["recommendations"].size() == 1);
  CHECK(j["recommendations"][0]["current"] == 0.75);
  CHECK(j["recommendations"][0]["from"] == "pi");
}

TEST_CASE("The template, the HTML report and the service's model show what each answer means", "[guides][cli]") {
  auto tpl = run_mmf("template readiness");
  REQUIRE(tpl.status == 0);
  CHECK(tpl.out.find("#   Answers: missing = Missing · started = Started · largely = Largely in place · done = In place\n"
                     "#     missing — No alliance strategy is written; alliances are pursued case by case.\n") !=
        std::string::npos);
  CHECK(tpl.out.find("#   Evidence: Minutes of the leadership meeting that accepted it\nrdy-strategy-link = \"\"\n") !=
        std::string::npos);
  auto html = run_mmf("assess readiness examples/readiness-globex.json --format html");
  REQUIRE(html.status == 0);
  CHECK(html.out.find("Evidence to look for: A strategy document that cites the company&#39;s goals by name; Minutes "
                      "of the leadership meeting that accepted it") != std::string::npos);
  CHECK(html.out.find("<td>No<br><span class=\"note\">No board member has agreed to be the sponsor; support in "
                      "principle does not count.") != std::string::npos);
}
