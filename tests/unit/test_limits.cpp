// The documented limits (docs/model-format.md, "Limits"): each refused with
// a message that says where and what the limit is. File size, group depth
// and nesting depth are in test_robustness.cpp.
#include <algorithm>
#include <cstring>
#include <sstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "mmf/mmf.h"
#include "render/csv_writer.h"  // csv_field: internal, tested here
#include "support.h"

using namespace mmf;
using namespace mmf::test;

namespace {

// A small valid model with a range scale, for numeric answers.
const char* range_model = R"(format = "mmf-model/1"
[model]
id = "ranged"
name = "Ranged"
version = "1.0.0"
[scoring]
rule = "bands"
[scales.pct]
min = 0
max = 100
[[levels]]
id = "low"
name = "Low"
min = 0
[[levels]]
id = "high"
name = "High"
min = 50
[[groups]]
id = "g"
name = "G"
[[questions]]
id = "q1"
group = "g"
text = "Q1"
scale = "pct"
)";

std::vector<std::string> errors_of(const Diagnostics& d) { return lines(d); }

}  // namespace

TEST_CASE("limits: a string over 64 KiB is refused where it starts", "[limits]") {
  std::string evidence(70000, 'x');
  auto a = parse_assessment("format = \"mmf-assessment/1\"\nmodel = \"ranged\"\nsubject = \"s\"\n[answers]\n"
                            "q1 = { answer = 5, evidence = \"" + evidence + "\" }\n",
                            "long.toml");
  CHECK_FALSE(a.ok());
  CHECK(errors_of(a.diagnostics) ==
        std::vector<std::string>{"long.toml:5:31: error: a string of 70000 bytes; mmf accepts strings of up to 65536 "
                                 "bytes"});
  // The same in JSON, and for a key.
  std::string key(66000, 'k');
  auto j = parse_assessment("{\"format\": \"mmf-assessment/1\", \"model\": \"ranged\", \"subject\": \"s\", "
                            "\"answers\": {\"" + key + "\": 1}}",
                            "long.json", InputFormat::json);
  CHECK_FALSE(j.ok());
  REQUIRE_FALSE(errors_of(j.diagnostics).empty());
  CHECK(errors_of(j.diagnostics)[0] ==
        "long.json:1:79: error: a key of 66000 bytes; mmf accepts strings of up to 65536 bytes");
}

TEST_CASE("limits: numbers beyond one billion, NaN and infinity are refused", "[limits]") {
  std::string model = range_model;
  auto huge = parse_model(model + "weight = 1e12\n", "huge.toml");
  CHECK_FALSE(huge.ok());
  CHECK(errors_of(huge.diagnostics) ==
        std::vector<std::string>{"huge.toml:27:10: error: the number 1000000000000 is beyond what mmf accepts "
                                 "(between -1e+09 and 1e+09)"});
  auto nan = parse_model(model + "weight = nan\n", "nan.toml");
  CHECK(errors_of(nan.diagnostics) ==
        std::vector<std::string>{"nan.toml:27:10: error: 'weight' of question 'q1' must be a finite number, not nan"});

  auto loaded = parse_model(model, "ranged.toml");
  REQUIRE(loaded.ok());
  auto inf = parse_assessment("format = \"mmf-assessment/1\"\nmodel = \"ranged\"\nsubject = \"s\"\n[answers]\nq1 = inf\n",
                              "inf.toml");
  CHECK(errors_of(inf.diagnostics) ==
        std::vector<std::string>{"inf.toml:5:6: error: answer to 'q1' must be a finite number, not inf"});
  auto big = parse_assessment("{\"format\": \"mmf-assessment/1\", \"model\": \"ranged\", \"subject\": \"s\", "
                              "\"answers\": {\"q1\": -2e9}}",
                              "big.json", InputFormat::json);
  CHECK(errors_of(big.diagnostics) ==
        std::vector<std::string>{"big.json:1:85: error: the number -2000000000 is beyond what mmf accepts "
                                 "(between -1e+09 and 1e+09)"});

  // Through mmf batch: "nan" and "inf" in a CSV are not finite answers.
  for (unsigned threads : {1u, 2u}) {
    std::ostringstream out;
    std::vector<std::string> problems;
    BatchScorer scorer(loaded.value, shipped_registry(), BatchFormat::csv, out,
                       [&](const Diagnostic& d) { problems.push_back(d.str()); });
    scorer.set_threads(threads);
    std::istringstream in("subject,q1\na,nan\nb,inf\nc,-inf\nd,50\n");
    scorer.add_csv(in, "n.csv");
    CHECK(problems == std::vector<std::string>{"n.csv:2:3: error: row 2: column 2 'q1': answer nan to question 'q1' is not a finite number",
                                               "n.csv:3:3: error: row 3: column 2 'q1': answer inf to question 'q1' is not a finite number",
                                               "n.csv:4:3: error: row 4: column 2 'q1': answer -inf to question 'q1' is not a finite number"});
    CHECK(scorer.stats().scored == 1);
  }
}

TEST_CASE("limits: a model of more than 100,000 questions is refused", "[limits]") {
  std::string model = range_model;
  for (std::size_t i = 2; i <= max_questions + 1; ++i)
    model += fmt::format("[[questions]]\nid = \"q{}\"\ngroup = \"g\"\ntext = \"Q\"\nscale = \"pct\"\n", i);
  auto loaded = parse_model(model, "many.toml");
  CHECK_FALSE(loaded.ok());
  CHECK(errors_of(loaded.diagnostics) ==
        std::vector<std::string>{"many.toml:22:3: error: the model has 100001 questions; mmf accepts up to 100000"});
}

TEST_CASE("limits: an assessment of more than 100,000 respondents is refused", "[limits]") {
  std::string json = "{\"format\": \"mmf-assessment/1\", \"model\": \"ranged\", \"subject\": \"s\", \"respondents\": [";
  for (std::size_t i = 0; i <= max_respondents; ++i) json += fmt::format("{}{{\"id\": \"r{}\"}}", i ? "," : "", i);
  json += "]}";
  auto a = parse_assessment(json, "crowd.json", InputFormat::json);
  CHECK_FALSE(a.ok());
  CHECK(errors_of(a.diagnostics) ==
        std::vector<std::string>{"crowd.json:1:82: error: the assessment has 100001 respondents; mmf accepts up to "
                                 "100000 in one assessment"});
}

TEST_CASE("limits: mmf batch scores a subject's first 100,000 rows and refuses the rest", "[limits][batch]") {
  auto model = parse_model(range_model, "ranged.toml").value;
  std::string csv = "subject,q1\n";
  for (std::size_t i = 0; i < max_respondents + 2; ++i) csv += "x,50\n";
  csv += "y,10\n";
  std::string expected_rows;
  for (auto format : {BatchFormat::csv, BatchFormat::jsonl})
    for (unsigned threads : {1u, 2u}) {
      INFO("threads " << threads);
      std::ostringstream out;
      std::vector<std::string> problems;
      BatchScorer scorer(model, shipped_registry(), format, out, [&](const Diagnostic& d) { problems.push_back(d.str()); });
      scorer.set_threads(threads);
      std::istringstream in(csv);
      scorer.add_csv(in, "big.csv");
      const auto message = [](int row) {
        return fmt::format("error: row {}: subject 'x' has more than 100000 rows; mmf accepts up to 100000 respondents "
                           "in one assessment",
                           row);
      };
      CHECK(problems == std::vector<std::string>{"big.csv:100002:1: " + message(100002), "big.csv:100003:1: " + message(100003)});
      CHECK(scorer.stats().scored == 2);
      CHECK(scorer.stats().skipped == 2);
      if (format == BatchFormat::csv) CHECK(out.str().find("\nx,50,high,50,high\ny,10,low,10,low\n") != std::string::npos);
    }
}

// What reaches messages and outputs from input (issue 14, "limits
// everywhere"): CSV cells within the string limit, short excerpts and escaped
// control characters in diagnostics and terminal views, CSV output safe from
// formula injection, Markdown that shows text as text, bounded C API strings.

namespace {

// The range model under another name, given as a TOML string.
std::shared_ptr<const Model> named_model(const std::string& name_toml) {
  std::string text = range_model;
  text.replace(text.find("name = \"Ranged\""), 15, "name = " + name_toml);
  auto loaded = parse_model(text, "ranged.toml");
  REQUIRE(loaded.ok());
  return loaded.value;
}

Result scored(const std::shared_ptr<const Model>& model, const std::string& subject_toml) {
  auto a = parse_assessment("format = \"mmf-assessment/1\"\nmodel = \"ranged\"\nsubject = " + subject_toml +
                                "\n[answers]\nq1 = 70\n",
                            "a.toml");
  REQUIRE(a.ok());
  return score(model, *a.value);
}

std::vector<std::string> batch_problems(const std::string& csv, unsigned threads, BatchStats* stats = nullptr,
                                        std::string* output = nullptr) {
  std::ostringstream out;
  std::vector<std::string> problems;
  BatchScorer scorer(parse_model(range_model, "ranged.toml").value, shipped_registry(), BatchFormat::csv, out,
                     [&](const Diagnostic& d) { problems.push_back(d.str()); });
  scorer.set_threads(threads);
  allow_rereading(scorer, out);
  std::istringstream in(csv);
  scorer.add_csv(in, "big.csv");
  if (stats) *stats = scorer.stats();
  if (output) *output = out.str();
  return problems;
}

}  // namespace

TEST_CASE("limits: a CSV cell over 64 KiB is refused with its row and column, and never echoed", "[limits][csv]") {
  auto model = parse_model(range_model, "ranged.toml").value;
  const std::string cell(max_string_bytes + 1, '7');
  const std::string message = "a cell of 65537 bytes; mmf accepts cells of up to 65536 bytes";
  auto a = parse_assessment_csv("subject,q1\ns," + cell + "\n", "big.csv", *model);
  CHECK_FALSE(a.ok());
  CHECK(errors_of(a.diagnostics) ==
        std::vector<std::string>{"big.csv:2:3: error: row 2: column 2 'q1': " + message});

  // mmf batch, on its row path and its parallel path: the row is skipped, the others scored.
  for (unsigned threads : {1u, 2u}) {
    INFO("threads " << threads);
    BatchStats stats;
    CHECK(batch_problems("subject,q1\na,50\nb," + cell + "\nc,60\n", threads, &stats) ==
          std::vector<std::string>{"big.csv:3:3: error: row 3: column 2 'q1': " + message});
    CHECK(stats.scored == 2);
    CHECK(stats.skipped == 1);
    // In a quoted cell and in the subject column too.
    CHECK(batch_problems("subject,q1\na,50\n\"" + cell + "\",60\n", threads, &stats) ==
          std::vector<std::string>{"big.csv:3:1: error: row 3: column 1 'subject': " + message});
    CHECK(stats.scored == 1);
  }
  // A subject of exactly 64 KiB is read.
  BatchStats stats;
  CHECK(batch_problems("subject,q1\n" + std::string(max_string_bytes, 's') + ",50\n", 2, &stats).empty());
  CHECK(stats.scored == 1);

  // A header cell over the limit: the file cannot be read.
  auto header = parse_assessment_csv("subject," + cell + "\ns,5\n", "head.csv", *model);
  CHECK(errors_of(header.diagnostics) == std::vector<std::string>{"head.csv:1:9: error: row 1: column 2: " + message});
}

TEST_CASE("limits: a diagnostic quotes at most 60 characters of a value", "[limits]") {
  const std::string id(10000, 'x');
  auto model = parse_model(range_model, "ranged.toml").value;
  auto a = parse_assessment("format = \"mmf-assessment/1\"\nmodel = \"ranged\"\nsubject = \"s\"\n[answers]\n" + id +
                                " = 5\n",
                            "long.toml");
  REQUIRE(a.ok());
  Diagnostics d;
  check_assessment(*a.value, *model, d);
  CHECK(errors_of(d) == std::vector<std::string>{"long.toml:5:1: error: unknown question '" + std::string(60, 'x') +
                                                 "…' in model 'ranged'"});
  // An option given as a long text, in a CSV cell: the same excerpt.
  auto csv = parse_assessment_csv("subject,q1\ns," + std::string(10000, 'y') + "\n", "y.csv", *model);
  REQUIRE(errors_of(csv.diagnostics).size() == 1);
  CHECK(errors_of(csv.diagnostics)[0].find("'" + std::string(60, 'y') + "…'") != std::string::npos);
  CHECK(errors_of(csv.diagnostics)[0].size() < 300);

  // Behind the excerpts, no message is kept longer than 4 KiB.
  Diagnostics many;
  many.error(Location{}, std::string(10000, 'm'));
  CHECK(many.items()[0].message == std::string(4093, 'm') + "…");
}

TEST_CASE("limits: control characters from input are escaped in diagnostics and terminal views", "[limits]") {
  // An ESC sequence (set the window title, colour red) in a TOML key.
  auto model = parse_model(range_model, "ranged.toml").value;
  auto a = parse_assessment("format = \"mmf-assessment/1\"\nmodel = \"ranged\"\nsubject = \"s\"\n[answers]\n"
                            "\"q\\u001b]0;owned\\u0007\\u001b[31m\" = 5\n",
                            "esc\x1b[2J.toml");
  REQUIRE(a.ok());
  Diagnostics d;
  check_assessment(*a.value, *model, d);
  CHECK(errors_of(d) == std::vector<std::string>{
                            "esc\\x1b[2J.toml:5:1: error: unknown question 'q\\x1b]0;owned\\x07\\x1b[31m' in model "
                            "'ranged'"});
  REQUIRE(d.items().size() == 1);
  CHECK(d.items()[0].message.find('\x1b') == std::string::npos);  // what JSON diagnostics carry, too
  // A C1 control (U+009B, CSI) and a tab and newline in a message.
  Diagnostics c1;
  c1.error(Location{}, "a\xc2\x9b" "2Jb\tc\nd");
  CHECK(c1.items()[0].message == "a\\u009b2Jb\\tc\\nd");
  // Bidirectional overrides and isolates (U+202E, U+2066) are escaped; other
  // text of that block (an ellipsis U+2026, an em dash U+2014) is kept.
  Diagnostics bidi;
  bidi.error(Location{}, "x\xe2\x80\xaey\xe2\x81\xa6z \xe2\x80\xa6\xe2\x80\x94");
  CHECK(bidi.items()[0].message == "x\\u202ey\\u2066z \xe2\x80\xa6\xe2\x80\x94");

  // The text view of a result whose subject holds an escape: escaped, lines kept.
  Result r = scored(model, "\"acme\\u001b[2J\\u0085\"");
  Rendered text = builtin_formats().render("text", r, RenderOptions{});
  REQUIRE(text.ok());
  CHECK(text.bytes.rfind("acme\\x1b[2J\\u0085\n", 0) == 0);
  CHECK(text.bytes.find('\x1b') == std::string::npos);
  CHECK(render_model(*named_model("\"Bell\\u0007\"")).rfind("Bell\\x07 (ranged) 1.0.0\n", 0) == 0);
}

TEST_CASE("limits: CSV output puts an apostrophe before text a spreadsheet would run as a formula", "[limits][csv]") {
  CHECK(csv_field("=HYPERLINK(\"http://evil.example\",\"click\")") ==
        "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"");
  CHECK(csv_field("@SUM(A1:A9)") == "'@SUM(A1:A9)");
  CHECK(csv_field("+cmd") == "'+cmd");
  CHECK(csv_field("-2+3") == "'-2+3");
  CHECK(csv_field("\tx") == "'\tx");
  CHECK(csv_field("\rx") == "\"'\rx\"");
  // Plain numbers and ordinary text stay as they are.
  CHECK(csv_field("-1.5") == "-1.5");
  CHECK(csv_field("+3") == "+3");
  CHECK(csv_field("a=b") == "a=b");
  CHECK(csv_field("") == "");

  // The result CSV: the model's name in the overall row.
  auto model = named_model("'=HYPERLINK(\"http://evil.example\",\"click\")'");
  const std::string csv = render_csv(scored(model, "\"s\""));
  CHECK(split_lines(csv).at(1) ==
        "overall,overall,,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",high,70,1,,,,,");
  // mmf batch's CSV: a subject, on both paths.
  for (unsigned threads : {1u, 2u}) {
    std::string out;
    CHECK(batch_problems("subject,q1\n=cmd|' /C calc'!A0,50\n-3,40\n", threads, nullptr, &out).empty());
    CHECK(out == "subject,percent,level,g.percent,g.level\n'=cmd|' /C calc'!A0,50,high,50,high\n-3,40,low,40,low\n");
  }
}

TEST_CASE("limits: Markdown shows model and assessment text as text, never as HTML or Markdown", "[limits][render]") {
  auto model = named_model("'<script>alert(1)</script>'");
  const std::string md = render_markdown(scored(model, "\"*Acme* | [x](javascript:alert(1)) & co\""));
  CHECK(md.find("<script>") == std::string::npos);
  const auto md_lines = split_lines(md);
  CHECK(md_lines.at(0) == "# \\*Acme\\* \\| \\[x\\](javascript:alert(1)) &amp; co");
  CHECK(md_lines.at(2) == "- **Model:** &lt;script&gt;alert(1)&lt;/script&gt; 1.0.0 (`ranged`)");
  // A table cell keeps its pipes literal; the table stays a table.
  std::string text = range_model;
  text.replace(text.find("name = \"G\""), 10, "name = \"G|<b>_x_</b>\"");
  auto grouped = parse_model(text, "ranged.toml");
  REQUIRE(grouped.ok());
  const auto table = split_lines(render_markdown(scored(grouped.value, "\"s\"")));
  CHECK(std::find(table.begin(), table.end(), "| G\\|&lt;b&gt;\\_x\\_&lt;/b&gt; | High | 70.0% | 100% |") != table.end());
}

TEST_CASE("limits: the C API refuses strings over its limits before copying them", "[limits][c-api]") {
  mmf_context* context = nullptr;
  REQUIRE(mmf_context_new(nullptr, 0, nullptr, 0, &context) == MMF_OK);
  char* diagnostics = nullptr;
  mmf_model* model = nullptr;
  const std::string huge(max_input_bytes + 1, ' ');
  CHECK(mmf_model_parse(context, huge.c_str(), "huge.toml", &model, &diagnostics) == MMF_INVALID_INPUT);
  REQUIRE(diagnostics);
  CHECK(std::string(diagnostics) ==
        "huge.toml: error: the model text is over the limit of 33554432 bytes (32 MiB), the limit of a file\n");
  mmf_string_free(diagnostics);
  CHECK(model == nullptr);

  REQUIRE(mmf_model_parse(context, range_model, nullptr, &model, nullptr) == MMF_OK);
  mmf_result* result = nullptr;
  CHECK(mmf_assess(context, model, huge.c_str(), "big.toml", &result, &diagnostics) == MMF_INVALID_INPUT);
  REQUIRE(diagnostics);
  CHECK(std::string(diagnostics) ==
        "big.toml: error: the assessment text is over the limit of 33554432 bytes (32 MiB), the limit of a file\n");
  mmf_string_free(diagnostics);
  CHECK(mmf_assess_input(context, model, huge.data(), huge.size(), nullptr, "toml", &result, &diagnostics) ==
        MMF_INVALID_INPUT);
  REQUIRE(diagnostics);
  CHECK(std::string(diagnostics) ==
        "assessment: error: the input is over the limit of 33554432 bytes (32 MiB), the limit of a file\n");
  mmf_string_free(diagnostics);

  // Names, ids and paths as paths (4096 bytes); format names and locales as words (256).
  const std::string long_name(4097, 'n');
  CHECK(mmf_model_load(context, long_name.c_str(), &model, &diagnostics) == MMF_BAD_ARGUMENT);
  REQUIRE(diagnostics);
  CHECK(std::string(diagnostics) == "error: the model id or path is longer than 4096 bytes\n");
  mmf_string_free(diagnostics);
  const char* assessment = "format = \"mmf-assessment/1\"\nmodel = \"ranged\"\nsubject = \"s\"\n[answers]\nq1 = 70\n";
  CHECK(mmf_assess(context, model, assessment, long_name.c_str(), &result, &diagnostics) == MMF_BAD_ARGUMENT);
  REQUIRE(diagnostics);
  CHECK(std::string(diagnostics) == "error: the name is longer than 4096 bytes\n");
  mmf_string_free(diagnostics);
  CHECK(mmf_assess_input(context, model, assessment, std::strlen(assessment), "a.toml", std::string(257, 'f').c_str(),
                         &result, &diagnostics) == MMF_BAD_ARGUMENT);
  REQUIRE(diagnostics);
  CHECK(std::string(diagnostics) == "error: the input format is longer than 256 bytes\n");
  mmf_string_free(diagnostics);

  REQUIRE(mmf_assess(context, model, assessment, "a.toml", &result, nullptr) == MMF_OK);
  char* out = nullptr;
  std::size_t length = 0;
  CHECK(mmf_result_render(context, result, std::string(257, 'f').c_str(), nullptr, &out, &length) == MMF_BAD_ARGUMENT);
  CHECK(mmf_result_render(context, result, "json", std::string(257, 'l').c_str(), &out, &length) == MMF_BAD_ARGUMENT);
  CHECK(out == nullptr);
  const char* dirs[] = {long_name.c_str()};
  mmf_context* other = nullptr;
  CHECK(mmf_context_new(dirs, 1, nullptr, 0, &other) == MMF_BAD_ARGUMENT);
  mmf_result_free(result);
  mmf_model_free(model);
  mmf_context_free(context);
}

TEST_CASE("limits: mmf validate's summary shows an assessment's subject with its controls escaped", "[limits][cli]") {
  mmf::test::TempDir dir;
  std::string text = mmf::test::read_text(mmf::test::source("examples/alliance-acme-globex.toml"));
  const std::string subject = "subject = \"Acme × Globex alliance\"";
  REQUIRE(text.find(subject) != std::string::npos);
  text.replace(text.find(subject), subject.size(), "subject = \"Acme\\u001b[2J\"");
  const auto file = dir.write("esc.toml", text);
  auto run = mmf::test::run_mmf("validate " + file.string());
  CHECK(run.status == 0);
  CHECK(run.out.find("ok — assessment of 'Acme\\x1b[2J' for model 'alliance'") != std::string::npos);
  CHECK(run.out.find('\x1b') == std::string::npos);
}
