// The HTML report: self-contained, escaped, byte-stable, and its chart right.
#include <regex>

#include <catch2/catch.hpp>

#include "support.h"

using namespace mmf;
using namespace mmf::test;

namespace {

std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("The HTML report is one self-contained, byte-stable file", "[html]") {
  auto model = model_fixture("models/alliance.toml");
  auto a = assessment_fixture("examples/alliance-acme-globex.toml");
  std::string html = render_html(score(model, *a));
  CHECK(html == render_html(score(model, *a)));
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  // Nothing fetched from anywhere: no external scripts, stylesheets, images or fonts.
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("@page { size: A4;") != std::string::npos);
  // One radar axis per top-level group; the value polygon's first point is Commercial at 58.9%.
  CHECK(count(html, "<line class=\"axis\"") == 5);
  CHECK(html.find("<polygon class=\"value\" points=\"210.0,115.8 ") != std::string::npos);  // 210 - 160 × 0.589
  // Every answer with its evidence and comments.
  CHECK(html.find("Joint reference architecture v2 — <em>Certified by both engineering teams</em>") !=
        std::string::npos);
  CHECK(html.find("<div class=\"level\" id=\"overall-level\">Solution</div>") != std::string::npos);
  CHECK(html.find("<h2>Insights: alliance</h2>") != std::string::npos);
}

TEST_CASE("Text in the HTML report is escaped, so an assessment cannot inject markup", "[html][security]") {
  auto model = model_fixture("rules/bands.toml");
  auto a = std::make_shared<Assessment>(*assessment_fixture("rules/bands-answers.toml"));
  a->subject = "<script>alert('x')</script> & \"co\"";
  a->respondents[0].answers[0].evidence = "<img src=x onerror=alert(1)>";
  std::string html = render_html(score(model, *a));
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;</h1>") != std::string::npos);
  CHECK(html.find("&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
}

TEST_CASE("mmf assess --format html writes the report", "[html][cli]") {
  auto run = run_mmf("assess readiness examples/readiness-globex.json --format html");
  CHECK(run.status == 0);
  CHECK(run.out.find("<div class=\"level\" id=\"overall-level\">Pilot with a few alliances</div>") != std::string::npos);
  CHECK(run.out.find("<h2>Readiness verdict</h2>") != std::string::npos);  // the plugin's section, by its title
}

TEST_CASE("The CSV report has a row for the overall result, each group and each question", "[csv]") {
  auto result = score(model_fixture("rules/bands.toml"), *assessment_fixture("rules/bands-answers.toml"));
  CHECK(render_csv(result) ==
        "kind,id,group,name,level,percent,coverage,answer,value,normalised,respondents,spread\n"
        "overall,overall,,Banded model,high,77.5,1,,,,,\n"
        "group,g1,,Group one,high,83,1,,,,,\n"
        "group,g2,,Group two,mid,66.5,1,,,,,\n"
        "question,q1,g1,q1,,,,fi,1,1,1,0\n"
        "question,q2,g1,q2,,,,na,,,1,0\n"
        "question,q3,g1,q3,,,,li,0.66,0.66,1,0\n"
        "question,q4,g2,q4,,,,pi,0.33,0.33,1,0\n"
        "question,q5,g2,q5,,,,fi,1,1,1,0\n");
}

TEST_CASE("Every report format is byte-identical across runs", "[render]") {
  auto model = model_fixture("models/ecosystem.toml");
  auto a = assessment_fixture("examples/ecosystem-portfolio.toml");
  auto x = score(model, *a), y = score(model, *a);
  CHECK(render_html(x) == render_html(y));
  CHECK(render_csv(x) == render_csv(y));
  CHECK(render_xlsx(x) == render_xlsx(y));
  CHECK(render_json(x) == render_json(y));
}

TEST_CASE("The --locale option renders the model's texts in that locale, falling back to the model's own", "[locale]") {
  auto result = score(model_fixture("models/alliance.toml"), *assessment_fixture("examples/alliance-acme-globex.toml"));
  std::string de = render_text(result, RenderOptions{"de"});
  CHECK(de.find("Reifegradmodell für Allianzen 2.0.0") != std::string::npos);
  // The report's own words and numbers are German too.
  CHECK(de.find("Gesamt: Lösung – 63,8\u00a0% (Abdeckung 100\u00a0%)\n") != std::string::npos);
  CHECK(de.find("Stufenleiter\n") != std::string::npos);
  CHECK(de.find("  ▶ Lösung                ab 60\u00a0%   ← gesamt\n") != std::string::npos);
  CHECK(de.find("Kommerziell    —") != std::string::npos);  // a value stage only for the whole alliance
  CHECK(de.find("[str-competitive-view] Listen Sie die zwei oder drei Allianzen von Wettbewerbern auf") != std::string::npos);
  CHECK(de.find("Empfehlungen (höchste Priorität zuerst)\n") != std::string::npos);
  std::string fr = render_text(result, RenderOptions{"fr"});
  CHECK(fr.find("Modèle de maturité des alliances 2.0.0 · 2026-11-01 · évalué par Dana Whitfield") != std::string::npos);
  CHECK(fr.find("Global : Solution — 63,8\u00a0% (couverture 100\u00a0%)\n") != std::string::npos);
  // A locale neither the model nor the catalogues have falls back to English, numbers and all.
  CHECK(render_text(result, RenderOptions{"it"}) == render_text(result));
  auto html = run_mmf("assess alliance examples/alliance-acme-globex.toml --format html --locale de");
  CHECK(html.out.find("<html lang=\"de\">") != std::string::npos);
  CHECK(html.out.find("<div class=\"level\" id=\"overall-level\">Lösung</div>") != std::string::npos);
  auto json = nlohmann::ordered_json::parse(run_mmf("assess alliance examples/alliance-acme-globex.toml --format json --locale de").out);
  CHECK(json["overall"]["level"]["name"] == "Lösung");
  CHECK(json["overall"]["level"]["id"] == "solution");  // ids never change with the locale
}

TEST_CASE("Comparisons and history render as HTML pages with their charts, and as workbooks", "[compare][store][html]") {
  auto cmp = run_mmf("compare examples/ecosystem-portfolio.toml examples/ecosystem-portfolio.json --format html");
  REQUIRE(cmp.status == 0);
  // Overall and eight top-level groups, two columns each: 18 bars; deltas in the table.
  CHECK(std::count(cmp.out.begin(), cmp.out.end(), '\n') > 10);
  std::size_t bars = 0;
  for (auto p = cmp.out.find("<rect class=\"bar\""); p != std::string::npos; p = cmp.out.find("<rect class=\"bar\"", p + 1)) ++bars;
  CHECK(bars == 18);
  CHECK(cmp.out.find("Managed 53.7% <span class=\"delta\">(+9.5)</span>") != std::string::npos);
  CHECK(cmp.out.find("<script") == std::string::npos);

  TempDir dir;
  std::string db = "--db " + (dir.path() / "s.db").string() + " ";
  REQUIRE(run_mmf("--models-dir tests/fixtures/rules " + db +
                  "store add tests/fixtures/store/q1.toml tests/fixtures/store/q2.toml tests/fixtures/store/q3.toml")
              .status == 0);
  auto history = run_mmf(db + "history 'Fabrikam × Tailspin' --format html");
  REQUIRE(history.status == 0);
  std::size_t lines = 0;
  for (auto p = history.out.find("<polyline class=\"line\""); p != std::string::npos;
       p = history.out.find("<polyline class=\"line\"", p + 1))
    ++lines;
  CHECK(lines == 3);  // overall, g1, g2
  CHECK(history.out.find("94.3% <span class=\"delta\">(+41.1)</span>") != std::string::npos);
  auto workbook = run_mmf(db + "history 'Fabrikam × Tailspin' --format xlsx -o " + (dir.path() / "h.xlsx").string());
  CHECK(workbook.status == 0);
  CHECK(read_text(dir.path() / "h.xlsx").find("xl/charts/chart1.xml") != std::string::npos);  // zip directory entry
  auto cmp_book = run_mmf("compare examples/ecosystem-portfolio.toml examples/ecosystem-portfolio.json --format xlsx -o " +
                          (dir.path() / "c.xlsx").string());
  CHECK(cmp_book.status == 0);
  CHECK(read_text(dir.path() / "c.xlsx").find("xl/charts/chart1.xml") != std::string::npos);
}

TEST_CASE("A plugin's typed section replaces the generic view of its insights in the HTML report", "[html][plugins]") {
  auto run = run_mmf("assess alliance examples/alliance-one-sided.toml --format html");
  REQUIRE(run.status == 0);
  CHECK(run.out.find("<h2>The alliance&#39;s value stage</h2>\n<p>Value stage: Solution — ") != std::string::npos);
  CHECK(run.out.find("<p class=\"warn\">Held below Strategic Alliance: the scores reach its band, but its test is "
                     "not met. The recommendations that lift the cap come first:</p>\n"
                     "<ul><li>the defining trait “shared fate” is missing</li></ul>") != std::string::npos);
  CHECK(run.out.find("<h3>Value stage</h3>") == std::string::npos);  // the generic view is not shown as well
  // Without the registry (a library caller that passes none), the generic view is used.
  auto result = score(model_fixture("models/alliance.toml"), *assessment_fixture("examples/alliance-one-sided.toml"));
  CHECK(render_html(result).find("<h3>Value stage</h3>") != std::string::npos);
  CHECK(render_html(result, RenderOptions{"", &shipped_registry()}).find("Held below Strategic Alliance") !=
        std::string::npos);
}

TEST_CASE("A plugin's section reaches every format escaped for it, in the host's words", "[plugins][html]") {
  const std::string assess = "--plugin-dir " + std::string(MMF_TEST_PLUGIN_DIR) +
                             " assess tests/fixtures/plugins/good-model.toml tests/fixtures/plugins/answers.lines";
  auto text = run_mmf(assess + " --format text");
  REQUIRE(text.status == 0);
  CHECK(text.out.find("\nGood findings\nSubject <b>Lines import</b> & *co* | #1\n! Gates met: 1 of 2\n\nAnswers:\n"
                      "- first\n- second\n   Question  Percent  Note\n   q1          50.0%  <i>\n   q2         12.25%\n") !=
        std::string::npos);
  auto md = run_mmf(assess + " --format md");
  REQUIRE(md.status == 0);
  CHECK(md.out.find("## Good findings\n\nSubject &lt;b&gt;Lines import&lt;/b&gt; &amp; \\*co\\* \\| #1\n\n"
                    "> **Gates met: 1 of 2**\n\n### Answers\n\n- first\n- second\n\n| Question | Percent | Note |\n"
                    "|---|---:|---|\n| q1 | 50.0% | &lt;i&gt; |\n| q2 | 12.25% |  |\n") != std::string::npos);
  auto html = run_mmf(assess + " --format html");
  REQUIRE(html.status == 0);
  CHECK(html.out.find("<h2>Good findings</h2>\n<p>Subject &lt;b&gt;Lines import&lt;/b&gt; &amp; *co* | #1</p>\n"
                      "<p class=\"warn\">Gates met: 1 of 2</p>\n<h3>Answers</h3>\n<ul><li>first</li><li>second</li></ul>\n"
                      "<table><tr><th>Question</th><th class=\"num\">Percent</th><th>Note</th></tr>\n"
                      "<tr><td>q1</td><td class=\"num\">50.0%</td><td>&lt;i&gt;</td></tr>\n"
                      "<tr><td>q2</td><td class=\"num\">12.25%</td><td></td></tr>\n</table>") != std::string::npos);
  // The plugin's words come from the host's catalogue, and its numbers are the locale's.
  auto de = run_mmf(assess + " --format md --locale de");
  REQUIRE(de.status == 0);
  CHECK(de.out.find("> **Erfüllte Schwellen: 1 von 2**\n\n### Antworten\n") != std::string::npos);
  CHECK(de.out.find("| q1 | 50,0\u00a0% | &lt;i&gt; |\n| q2 | 12,25\u00a0% |  |\n") != std::string::npos);
}

TEST_CASE("A plugin built before API 2.4 keeps its HTML section, and its text as it wrote it", "[plugins][html]") {
  const std::string assess = "--plugin-dir " + std::string(MMF_TEST_PLUGIN_DIR) +
                             " assess tests/fixtures/plugins/faulty-model.toml tests/fixtures/plugins/answers.faulty";
  auto text = run_mmf(assess + " --format text");
  REQUIRE(text.status == 0);
  CHECK(text.out.find("\nFaulty words:\n- one <b>\n\n  Column  Value\n  a       1\n") != std::string::npos);
  auto md = run_mmf(assess + " --format md");
  CHECK(md.out.find("## Reading the result\n\nFaulty words:  \n- one &lt;b&gt;\n\n  Column  Value  \n") != std::string::npos);
  auto html = run_mmf(assess + " --format html");
  CHECK(html.out.find("<p>faulty section</p>") != std::string::npos);  // its ReportSection
  CHECK(html.out.find("Faulty words") == std::string::npos);           // text never reached HTML
  // The Word report reads the words as blocks (check_documents.py opens such documents); here, that it renders.
  TempDir dir;
  REQUIRE(run_mmf(assess + " --format docx -o " + (dir.path() / "f.docx").string()).status == 0);
}

TEST_CASE("A table without headers is left out of a plugin's section with a warning", "[plugins]") {
  auto run = run_mmf("--plugin-dir " + std::string(MMF_TEST_PLUGIN_DIR) +
                         " assess tests/fixtures/plugins/faulty-model.toml tests/fixtures/plugins/answers.faulty"
                         " --format md",
                     "FAULTY=content:headless");
  CHECK(run.status == 0);
  CHECK(run.err.find("warning: plugin 'faulty': a table without headers is left out") != std::string::npos);
  CHECK(run.out.find("## Faulty findings\n\nkept\n") != std::string::npos);
  CHECK(run.out.find("lost") == std::string::npos);
}

TEST_CASE("A plugin's section that throws is left out with a warning, and the rest of the report stands",
          "[plugins][faults]") {
  auto run = run_mmf("--plugin-dir " + std::string(MMF_TEST_PLUGIN_DIR) +
                         " assess tests/fixtures/plugins/faulty-model.toml tests/fixtures/plugins/answers.faulty"
                         " --format md",
                     "FAULTY=content:throw");
  CHECK(run.status == 0);
  CHECK(run.err.find("warning: plugin 'faulty' failed in its report content: it threw something that is not a "
                     "std::exception") != std::string::npos);
  CHECK(run.out.find("## Groups") != std::string::npos);
  CHECK(run.out.find("## Reading the result") == std::string::npos);
}

TEST_CASE("An empty date or assessor leaves no separator in the report header", "[html]") {
  auto result = score(model_fixture("rules/bands.toml"), *assessment_fixture("rules/bands-answers.toml"));
  std::string html = render_html(result);
  CHECK(html.find("<p class=\"meta\">Banded model 1.2.0</p>") != std::string::npos);
}

TEST_CASE("The ecosystem section says in words why the level holds, the outcomes and the perception gap",
          "[html][plugins][ecosystem]") {
  auto held = run_mmf("assess ecosystem examples/ecosystem-held.toml --format html");
  REQUIRE(held.status == 0);
  CHECK(held.out.find("<p class=\"warn\">Held below Orchestrated: the practice score reaches its band") != std::string::npos);
  // What lifts the hold, named by the statements' text.
  CHECK(held.out.find("lifting them lifts the hold:</p>\n<ul><li>The firm matches partners with complementary partners "
                      "to win customer solutions together.</li><li>Partners can look up each other&#39;s skills") !=
        std::string::npos);
  auto both = run_mmf("assess ecosystem examples/ecosystem-managers-partners.toml --format html");
  REQUIRE(both.status == 0);
  CHECK(both.out.find("<p>Managers&#39; view 66.2% (Scaled), partners&#39; view 34.7% (Ad hoc): a gap of 31.5 points.") !=
        std::string::npos);
  CHECK(both.out.find("<tr><td>Joint go-to-market</td><td class=\"num\">77.3%</td><td class=\"num\">24.8%</td>"
                      "<td class=\"num\">52.6</td></tr>") != std::string::npos);
  CHECK(both.out.find("are reported beside the practice score and are not part of it") != std::string::npos);
}

TEST_CASE("The HTML report has one roadmap: each recommendation once, High / Medium / Low, from one answer to the next",
          "[html]") {
  auto model = model_fixture("models/alliance.toml");
  auto result = score(model, *assessment_fixture("examples/alliance-one-sided.toml"));
  std::string html = render_html(result);
  CHECK(html.find("<h2>Recommendations</h2>") == std::string::npos);
  CHECK(count(html, "<h2>Roadmap</h2>") == 1);
  CHECK(count(html, "<tr class=\"high\">") + count(html, "<tr class=\"medium\">") + count(html, "<tr class=\"low\">") ==
        result.recommendations.size());
  // Shared fate lifts the cap, so it leads, in words: the answers, not fractions of the scale.
  CHECK(html.find("<tr class=\"high\"><td><span class=\"band-high\">High</span><br><span class=\"note\">lifts the "
                  "cap</span></td><td>Move a larger part of the fees onto usage- or outcome-based terms at the next "
                  "contract review.</td><td>The commercial model makes both partners gain when the alliance succeeds "
                  "and lose when it fails. <span class=\"note\">(com-shared-fate)</span></td><td>Partly in place → "
                  "Largely in place</td></tr>") != std::string::npos);
  CHECK(html.find("of the scale") == std::string::npos);
  // The gaps in points, not priorities.
  auto acme = render_html(score(model, *assessment_fixture("examples/alliance-acme-globex.toml")));
  CHECK(acme.find("<tr><td>Strategic</td><td>76.6%</td><td>80%</td><td class=\"num\">3.4 pts</td></tr>") !=
        std::string::npos);
}

TEST_CASE("The HTML and Markdown reports open with an executive summary written from the result", "[html][markdown]") {
  auto model = model_fixture("models/alliance.toml");
  auto one_sided = score(model, *assessment_fixture("examples/alliance-one-sided.toml"));
  const std::string want =
      "Northwind × Contoso alliance stands at Solution (84.9%, with 100% of the questions answered). Strongest: "
      "Strategic (97.4%); weakest: Commercial (70.1%). Every target of profile 'default' is met. First, to lift what "
      "holds the level back: Move a larger part of the fees onto usage- or outcome-based terms at the next contract "
      "review. The roadmap below has 4 actions, 2 of them of high priority.";
  CHECK(render_markdown(one_sided).find("## Summary\n\n" + want + "\n") != std::string::npos);
  CHECK(render_html(one_sided).find("<p id=\"executive-summary\">" + html_escape(want) + " </p>") != std::string::npos);
  // A target missed is named; a result with nothing scored says so.
  auto acme = render_markdown(score(model, *assessment_fixture("examples/alliance-acme-globex.toml")));
  CHECK(acme.find("Below target 'default': Strategic.") != std::string::npos);
  auto bands = model_fixture("rules/bands.toml");
  auto empty = parse_assessment("format = \"mmf-assessment/1\"\nmodel = \"banded\"\nsubject = \"Acme\"\n[answers]\n",
                                "empty.toml");
  REQUIRE(empty.ok());
  auto none = render_markdown(score(bands, *empty.value));
  CHECK(none.find("## Summary\n\nAcme could not be assessed: none of its answers could be scored.\n") !=
        std::string::npos);
}
