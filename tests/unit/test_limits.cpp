// The documented limits (docs/model-format.md, "Limits"): each refused with
// a message that says where and what the limit is. File size, group depth
// and nesting depth are in test_robustness.cpp.
#include <sstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>

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
