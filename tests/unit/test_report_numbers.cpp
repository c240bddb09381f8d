// Issue 12, point 3: every number a report shows follows the documented
// rules — inherited targets, nodes nothing was scored in, readiness that
// cannot be decided, crosswalked answers, and what validation warns about.
#include <sstream>

#include <catch2/catch.hpp>

#include "support.h"

using namespace mmf;
using namespace mmf::test;
using Catch::Detail::Approx;

namespace {

// The banded fixture with its profile cut down to `overall = "high"`.
std::shared_ptr<const Model> overall_target_only() {
  auto m = std::make_shared<Model>(*model_fixture("rules/bands.toml"));
  m->targets[0].groups.clear();
  return m;
}

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) ++n;
  return n;
}

// An assessment of `model` answering every question with `option`, but
// `others` for the questions of group `group`.
std::shared_ptr<Assessment> answered_alike(const Model& model, const std::string& group, const std::string& in_group,
                                           const std::string& others) {
  auto a = std::make_shared<Assessment>();
  a->model = model.id;
  a->subject = "alike";
  a->respondents.emplace_back();
  for (const auto& q : model.questions) {
    Answer answer;
    answer.question = q.id;
    answer.kind = Answer::Kind::option;
    answer.option = model.groups[q.group].id == group ? in_group : others;
    if (!answer.option.empty()) a->respondents[0].answers.push_back(answer);
  }
  return a;
}

}  // namespace

// ---- Targets: a group without its own takes its nearest ancestor's, else overall.

TEST_CASE("A group without a target of its own has a gap against the overall target", "[numbers][targets]") {
  auto model = overall_target_only();
  auto result = score(model, *assessment_fixture("rules/bands-answers.toml"));
  // Overall (77.5%) and g1 (83%) reach 'high'; g2 (66.5%, Middle) does not: one level of three, share 1/3.
  REQUIRE(result.gaps.size() == 1);
  CHECK(result.gaps[0].group == model->find_group("g2"));
  CHECK(result.gaps[0].target.level == model->find_level("high"));
  CHECK(result.gaps[0].current_level == model->find_level("mid"));
  CHECK(result.gaps[0].priority == Approx(1.0 / 9));
  std::string text = render_text(result);
  CHECK(text.find("met everywhere") == std::string::npos);
  CHECK(text.find("Gaps against target 'default' (highest priority first)\n"
                  "  Group two  Middle → High  (priority 0.111)\n") != std::string::npos);
}

TEST_CASE("A nested group takes its nearest ancestor's target before the overall one", "[numbers][targets]") {
  auto m = std::make_shared<Model>(*model_fixture("rules/samm.toml"));
  Target profile;
  profile.id = "nested";
  profile.overall = TargetValue{TargetValue::Kind::percent, npos, 10, {}};
  profile.groups.emplace_back(m->find_group("strategy-metrics"), TargetValue{TargetValue::Kind::percent, npos, 90, {}});
  m->targets.push_back(profile);
  m->build_index();
  CHECK(effective_target(*m, m->targets.back(), m->find_group("stream-b"))->percent == 90);
  CHECK(effective_target(*m, m->targets.back(), npos)->percent == 10);
  auto result = score(m, *assessment_fixture("rules/samm-answers.toml"), AssessOptions{"nested"});
  // Streams A (1.5 of 3, 50%) and B (0.5 of 3, 16.7%) and their practice (33.3%) all miss 90%;
  // overall (33.3%) meets its 10%.
  std::vector<std::string> nodes;
  for (const auto& gap : result.gaps) nodes.push_back(gap.group == npos ? "overall" : m->groups[gap.group].id);
  CHECK(nodes == std::vector<std::string>{"strategy-metrics", "stream-b", "stream-a"});
}

TEST_CASE("Gaps, recommendations, the roadmap and the HTML ticks agree on a group's target", "[numbers][targets]") {
  auto model = overall_target_only();
  auto a = assessment_fixture("rules/bands-answers.toml");
  auto result = score(model, *a);
  // g2 inherits 'high' (75%): the gap, q4's recommendation (0.33 → 0.75) and both bars' ticks say so.
  REQUIRE(result.gaps.size() == 1);
  REQUIRE(result.recommendations.size() == 2);
  CHECK(model->questions[result.recommendations[0].question].id == "q4");
  CHECK(result.recommendations[0].target == Approx(0.75));
  CHECK(count(render_html(result), "<span class=\"target\" style=\"left:75.0%\">") == 2);
  Diagnostics d;
  auto roadmap = plan_roadmap(model, *a, shipped_registry(), RoadmapOptions{}, d);
  REQUIRE(roadmap.phases.size() == 2);
  CHECK(roadmap.phases[0].items[0].target == Approx(0.75));
}

TEST_CASE("A staged model's groups below the overall level target are gaps", "[numbers][targets]") {
  auto model = model_fixture("rules/c2m2.toml");
  auto result = score(model, *assessment_fixture("rules/c2m2-answers.toml"));
  // Overall and Asset management stand at MIL1 against MIL2; Threat management is at MIL3.
  REQUIRE(result.gaps.size() == 2);
  CHECK(result.gaps[0].group == npos);
  CHECK(result.gaps[0].priority == Approx(0.25));
  CHECK(result.gaps[1].group == model->find_group("asset"));
  CHECK(result.gaps[1].priority == Approx(0.125));
}

// ---- A node with nothing scored under it has no level, under every rule.

TEST_CASE("A blank questionnaire has no level under the staged rule", "[numbers][not-assessed]") {
  auto model = model_fixture("rules/c2m2.toml");
  auto blank = answered_alike(*model, "", "", "");
  auto result = score(model, *blank);
  CHECK(result.overall.level == npos);
  CHECK(group_result(result, "asset").level == npos);
}

TEST_CASE("A group answered all not applicable has no level under the staged rule", "[numbers][not-assessed]") {
  auto model = model_fixture("rules/c2m2.toml");
  auto result = score(model, *answered_alike(*model, "asset", "na", "fi"));
  CHECK(group_result(result, "asset").level == npos);
  CHECK(level_id(result, group_result(result, "threat")) == "mil3");
  CHECK(level_id(result, result.overall) == "mil3");
}

TEST_CASE("A blank questionnaire has no level under the thresholds rule", "[numbers][not-assessed]") {
  auto model = model_fixture("rules/thresholds.toml");
  auto result = score(model, *answered_alike(*model, "", "", ""));
  CHECK(result.overall.level == npos);
}

TEST_CASE("A plugin rule's level for a node with nothing scored is dropped by the engine", "[numbers][not-assessed]") {
  PluginHost host;
  REQUIRE(host.load_file(std::filesystem::path(MMF_TEST_PLUGIN_DIR) / "good.so"));
  auto model = load_model(fixture("plugins/good-model.toml"));
  REQUIRE(model.ok());
  Assessment blank;
  blank.model = "good-model";
  blank.respondents.emplace_back();
  auto outcome = assess(model.value, blank, host.registry());
  REQUIRE(outcome.ok());
  CHECK(outcome.result->overall.level == npos);  // good.floor says level 0 for every node
  CHECK(outcome.result->groups[0].level == npos);
}

TEST_CASE("Text and HTML show a node with nothing scored as not assessed", "[numbers][not-assessed]") {
  auto model = model_fixture("rules/bands.toml");
  auto a = std::make_shared<Assessment>(*assessment_fixture("rules/bands-answers.toml"));
  std::erase_if(a->respondents[0].answers, [](const Answer& x) { return x.question == "q4" || x.question == "q5"; });
  auto result = score(model, *a);
  CHECK(render_text(result).find("Group two    not assessed         —        0%\n") != std::string::npos);
  std::string html = render_html(result);
  CHECK(html.find("<td class=\"indent0\">Group two</td><td>not assessed</td>") != std::string::npos);
}

TEST_CASE("A node with nothing scored has no gap — text lists it as not assessed", "[numbers][not-assessed][targets]") {
  auto model = model_fixture("rules/bands.toml");
  auto blank = score(model, *answered_alike(*model, "", "", ""));
  CHECK(blank.gaps.empty());
  CHECK(blank.recommendations.empty());
  std::string text = render_text(blank);
  CHECK(text.find("Overall: not assessed (coverage 0%)\n") != std::string::npos);
  CHECK(text.find("Target 'default': met wherever assessed; not assessed: Overall, Group one, Group two.\n") !=
        std::string::npos);

  auto a = std::make_shared<Assessment>(*assessment_fixture("rules/bands-answers.toml"));
  std::erase_if(a->respondents[0].answers, [](const Answer& x) { return x.question == "q4" || x.question == "q5"; });
  auto met = score(model, *a);
  CHECK(met.gaps.empty());
  CHECK(render_text(met).find("Target 'default': met wherever assessed; not assessed: Group two.\n") !=
        std::string::npos);
  for (auto& answer : a->respondents[0].answers)
    if (answer.question == "q1") answer.option = "ni";  // Group one falls below the overall target
  auto missed = score(model, *a);
  REQUIRE(missed.gaps.size() == 2);
  for (const auto& gap : missed.gaps) CHECK(gap.group != model->find_group("g2"));
  CHECK(render_text(missed).find("  Not assessed, so not compared: Group two\n") != std::string::npos);
}

TEST_CASE("The radar leaves an axis with nothing scored out of the value polygon and labels it", "[numbers][not-assessed]") {
  auto model = model_fixture("models/alliance.toml");
  auto a = std::make_shared<Assessment>(*assessment_fixture("examples/alliance-acme-globex.toml"));
  std::erase_if(a->respondents[0].answers, [&](const Answer& x) {
    return model->groups[model->questions[model->find_question(x.question)].group].id == "commercial";
  });
  std::string html = render_html(score(model, *a));
  // Four points for the four assessed axes; none at the centre for Commercial.
  auto start = html.find("<polygon class=\"value\" points=\"");
  REQUIRE(start != std::string::npos);
  start += std::string("<polygon class=\"value\" points=\"").size();
  std::string points = html.substr(start, html.find('"', start) - start);
  CHECK(count(points, ",") == 4);
  CHECK(points.find("210.0,210.0") == std::string::npos);
  CHECK(html.find(">Commercial (not assessed)</text>") != std::string::npos);
  CHECK(count(html, "<circle class=\"not-assessed\"") == 1);
}

TEST_CASE("Batch writes an empty level cell for an all-n/a group, on both paths", "[numbers][not-assessed][batch]") {
  auto model = model_fixture("rules/c2m2.toml");
  const std::string header = "subject,percent,level,asset.percent,asset.level,threat.percent,threat.level\n";
  const std::string row = "all-na,100,mil3,,,100,mil3\n";
  {
    std::ostringstream out;
    BatchScorer scorer(model, shipped_registry(), BatchFormat::csv, out, [](const Diagnostic&) {});
    auto a = answered_alike(*model, "asset", "na", "fi");
    a->subject = "all-na";
    scorer.add_assessment(*a);
    CHECK(out.str() == header + row);
  }
  {
    std::ostringstream out;
    BatchScorer scorer(model, shipped_registry(), BatchFormat::csv, out, [](const Diagnostic&) {});
    std::istringstream in(
        "subject,asset-1a,asset-2a,asset-2b,asset-3a,asset-3b,threat-1a,threat-2a,threat-3a\n"
        "all-na,na,na,na,na,na,fi,fi,fi\n");
    scorer.add_csv(in, "all-na.csv");
    CHECK(out.str() == header + row);
  }
}

// ---- Readiness: an unanswered gate leaves the verdict undetermined.

TEST_CASE("Readiness: an unanswered gate makes the verdict undetermined, not the lowest rung",
          "[numbers][readiness]") {
  auto a = std::make_shared<Assessment>(*assessment_fixture("examples/readiness-acme.toml"));
  std::erase_if(a->respondents[0].answers, [](const Answer& x) { return x.question == "rdy-steering"; });
  auto result = score(model_fixture("models/readiness.toml"), *a);
  CHECK(result.overall.level == npos);
  CHECK(group_result(result, "governance").level == npos);  // holds rdy-steering
  const auto r = insights_of(result)["readiness"];
  CHECK(r["verdict"] == "undetermined");
  CHECK(r["by_score"] == "launch-ready");
  CHECK(r["forced"] == false);
  CHECK(r["blockers"].empty());
  CHECK(r["unanswered_blocking"].dump() == R"(["rdy-steering"])");
}

TEST_CASE("Readiness: one unmet gate beside an unanswered one is undetermined — two unmet are foundations anyway",
          "[numbers][readiness]") {
  auto a = std::make_shared<Assessment>(*assessment_fixture("examples/readiness-globex.json"));
  std::erase_if(a->respondents[0].answers, [](const Answer& x) { return x.question == "rdy-steering"; });
  auto model = model_fixture("models/readiness.toml");
  auto result = score(model, *a);
  // rdy-sponsor is "no": the missing rdy-steering decides between a pilot and foundations first.
  CHECK(result.overall.level == npos);
  const auto r = insights_of(result)["readiness"];
  CHECK(r["verdict"] == "undetermined");
  CHECK(r["blockers"].dump() == R"([{"question":"rdy-sponsor","group":"sponsorship","current":0.0,"threshold":0.66}])");
  CHECK(r["unanswered_blocking"].dump() == R"(["rdy-steering"])");
  for (auto& answer : a->respondents[0].answers)
    if (answer.question == "rdy-budget") answer.option = "no";
  auto two = score(model, *a);
  CHECK(level_id(two, two.overall) == "foundations");
  CHECK(group_result(two, "governance").level == npos);  // its own gate is still unanswered
}

TEST_CASE("Readiness through a crosswalk: a blocking question it does not answer leaves the verdict undetermined",
          "[numbers][readiness][crosswalk][cli]") {
  auto run = run_mmf("crosswalk examples/alliance-acme-globex.toml --to readiness --format json");
  INFO(run.err);
  REQUIRE(run.status == 0);
  auto j = nlohmann::json::parse(run.out);
  CHECK(j["overall"]["level"].is_null());
  // Groups: strategy-fit (2 + 0.66) / 3, blueprint 0.33, governance 1, metrics (2 × 0.66 + 2 × 0.33) / 4,
  // sponsorship (2 + 0.66) / 3, skills (1 + 0.33) / 2; their mean is 71.06%.
  CHECK(j["overall"]["percent"] == 71.1);
  const auto& r = j["insights"]["readiness"];
  // One gate unmet (a pilot at best) and three unanswered: one of those unmet
  // too would make it Foundations first, so the verdict is not known.
  CHECK(r["verdict"] == "undetermined");
  CHECK(r["by_score"] == "launch-ready");
  REQUIRE(r["blockers"].size() == 1);
  CHECK(r["blockers"][0]["question"] == "rdy-blueprint");  // from ops-blueprint, Partly in place
  CHECK(r["blockers"][0]["current"] == 0.33);
  CHECK(r["blockers"][0]["threshold"] == 0.66);
  // These three have no source in the alliance model.
  CHECK(r["unanswered_blocking"].dump() == R"(["rdy-manager","rdy-budget","rdy-leadership-aligned"])");
  // An undetermined node has no place to measure a gap from: it is not the top gap at "level -1".
  for (const auto& gap : j["gaps"]) {
    INFO(gap.dump());
    CHECK(!gap["current"].is_null());
  }
}

TEST_CASE("Parts of an assessment scored across its model_version keep the plugin's insights", "[numbers][cli]") {
  TempDir dir;
  std::string text = read_text(source("examples/capability-acme.toml"));
  auto at = text.find("\nsubject");
  REQUIRE(at != std::string::npos);
  auto answers = dir.write("cap.toml", text.substr(0, at) + "\nmodel_version = \"^9.0\"" + text.substr(at));
  auto ignored = run_mmf("assess capability " + answers.string() + " --format json --ignore-model-version");
  REQUIRE(ignored.status == 0);
  auto plain = run_mmf("assess capability examples/capability-acme.toml --format json");
  REQUIRE(plain.status == 0);
  auto a = nlohmann::json::parse(ignored.out)["insights"]["capability"];
  auto b = nlohmann::json::parse(plain.out)["insights"]["capability"];
  CHECK(!a["functions"].empty());
  CHECK(a == b);
}

TEST_CASE("Markdown shows an overall with nothing scored as not assessed", "[numbers][not-assessed]") {
  auto model = model_fixture("rules/bands.toml");
  std::string md = render_markdown(score(model, *answered_alike(*model, "", "", "")));
  CHECK(md.find("- **Overall:** not assessed (coverage 0%)\n") != std::string::npos);
}

// ---- A crosswalked result says where its answers came from, in every format.

namespace {

Result crosswalked() {
  auto cw = load_crosswalk(source("models/crosswalks/alliance-to-capability.toml"));
  REQUIRE(cw.ok());
  auto from = model_fixture("models/alliance.toml");
  auto to = model_fixture("models/capability.toml");
  Diagnostics d;
  check_crosswalk(*cw.value, *from, *to, d);
  INFO(fmt_lines(d));
  REQUIRE(d.empty());
  auto converted = apply_crosswalk(*cw.value, *from, *to, *assessment_fixture("examples/alliance-acme-globex.toml"));
  Result r = score(to, converted.converted);
  r.crosswalk = converted.report;
  return r;
}

std::string xlsx_strings(const std::string& bytes, const std::string& part = "xl/sharedStrings.xml") {
  TempDir dir;
  auto file = dir.write("r.xlsx", bytes);
  std::string command = "/usr/bin/python3 -c \"import sys, zipfile; "
                        "print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())\" " +
                        file.string() + " " + part;
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
    ::pclose(pipe);
  }
  return out;
}

}  // namespace

TEST_CASE("Markdown names a crosswalked result's source model, mapping and confidence", "[numbers][crosswalk]") {
  std::string md = render_markdown(crosswalked());
  CHECK(md.find("- **Converted from:** Alliance Maturity Model 2.0.0 (`alliance`) through crosswalk "
                "`alliance-to-capability`: 14 answers, mean confidence 0.71\n") != std::string::npos);
  CHECK(md.find("| Question | From | Relation | Confidence |\n|---|---|---|---:|\n") != std::string::npos);
  CHECK(md.find("| cap-portfolio | str-portfolio-role | subset | 0.48 |\n") != std::string::npos);
}

TEST_CASE("HTML names a crosswalked result's source model, mapping and confidence", "[numbers][crosswalk][html]") {
  std::string html = render_html(crosswalked());
  CHECK(html.find("Converted from Alliance Maturity Model 2.0.0 (alliance) through crosswalk alliance-to-capability: "
                  "14 answers, mean confidence 0.71") != std::string::npos);
  CHECK(html.find("<tr><td>cap-portfolio</td><td>str-portfolio-role</td><td>subset</td><td class=\"num\">0.48</td></tr>") !=
        std::string::npos);
  // Beside the answer itself.
  CHECK(html.find("via crosswalk from str-portfolio-role, confidence 0.48") != std::string::npos);
}

TEST_CASE("CSV names a crosswalked result's source model, mapping and confidence", "[numbers][crosswalk]") {
  std::string csv = render_csv(crosswalked());
  auto rows = split_lines(csv);
  REQUIRE(rows.size() > 2);
  CHECK(rows[0] ==
        "kind,id,group,name,level,percent,coverage,answer,value,normalised,respondents,spread,crosswalk,from,relation,"
        "confidence");
  CHECK(rows[1].ends_with(",alliance-to-capability,alliance@2.0.0,,0.7086"));
  CHECK(csv.find(",alliance-to-capability,str-portfolio-role,subset,0.48\n") != std::string::npos);
  // A question the crosswalk does not answer says so by an empty source.
  CHECK(csv.find("question,cap-targets,") != std::string::npos);
}

TEST_CASE("The xlsx workbook names a crosswalked result's source model, mapping and confidence",
          "[numbers][crosswalk]") {
  std::string strings = xlsx_strings(render_xlsx(crosswalked()));
  CHECK(strings.find("Alliance Maturity Model 2.0.0 (alliance) through crosswalk alliance-to-capability") !=
        std::string::npos);
  CHECK(strings.find("<t>Crosswalk from</t>") != std::string::npos);
  CHECK(strings.find("<t>str-portfolio-role</t>") != std::string::npos);
}

TEST_CASE("The xlsx summary shows an overall with nothing scored as not assessed, with no percent",
          "[numbers][not-assessed]") {
  auto model = model_fixture("rules/bands.toml");
  const std::string bytes = render_xlsx(score(model, *answered_alike(*model, "", "", "")));
  CHECK(xlsx_strings(bytes).find("<t>not assessed</t>") != std::string::npos);
  // The Summary's "Overall score" (B5) is that text, not a number.
  const std::string summary = xlsx_strings(bytes, "xl/worksheets/sheet1.xml");
  CHECK(summary.find("<c r=\"A5\" s=") != std::string::npos);
  CHECK(summary.find("<c r=\"B5\" t=\"s\">") != std::string::npos);
}

// ---- Validation warns where a model cannot give the numbers its rule promises.

TEST_CASE("Validation warns when a tailored model removes the only question a plugin rule needs",
          "[numbers][validation][tailoring]") {
  std::string relative = "tests/fixtures/tailoring/no-vision.toml";
  auto loaded = parse_model(read_text(source(relative)), relative, [](const std::string& id) {
    return source("models/" + id + ".toml");
  });
  REQUIRE(loaded.ok());
  check_model_extensions(*loaded.value, shipped_registry(), loaded.diagnostics);
  CHECK(lines(loaded.diagnostics, true) ==
        std::vector<std::string>{relative +
                                 ":10:14: warning: rule 'alliance.value-stage' needs a question tagged "
                                 "'trait:vision' (without one, every result is capped below the top value stage); "
                                 "removing question 'str-joint-vision' leaves none"});
}

TEST_CASE("Validation warns when a staged level has no questions in a group", "[numbers][validation]") {
  std::string relative = "tests/fixtures/rules/staged-gap.toml";
  auto loaded = parse_model(read_text(source(relative)), relative);
  REQUIRE(loaded.ok());
  check_model_rule(*loaded.value, RuleRegistry::with_builtins(), loaded.diagnostics);
  CHECK(lines(loaded.diagnostics, true) ==
        std::vector<std::string>{relative + ":31:6: warning: group 'threat' has no question of level 'mil2'; under "
                                            "rule 'staged' it reaches 'mil2' as soon as it reaches 'mil1'"});
}
