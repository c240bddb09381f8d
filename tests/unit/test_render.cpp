// Renderers: the result JSON, the text view and Markdown, each compared with
// a golden file that was read and checked by hand.
#include <cmath>
#include <limits>
#include <random>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "render/csv_writer.h"  // append_tenths: internal, tested here
#include "support.h"

using namespace mmf;
using namespace mmf::test;

namespace {

Result alliance_result() {
  return score(model_fixture("models/alliance.toml"), *assessment_fixture("examples/alliance-acme-globex.toml"));
}

Result bands_result() {
  return score(model_fixture("rules/bands.toml"), *assessment_fixture("rules/bands-answers.toml"));
}

}  // namespace

TEST_CASE("The result JSON of the alliance example matches its golden file", "[render][json]") {
  CHECK(render_json(alliance_result()) == read_text(fixture("golden/alliance-acme-globex.json")));
}

TEST_CASE("The result JSON follows formats-v1 §5 field by field", "[render][json]") {
  auto j = to_json(bands_result());
  CHECK(j["format"] == "mmf-result/1");
  CHECK(j["model"]["id"] == "banded");
  CHECK(j["model"]["version"] == "1.2.0");
  CHECK(j["overall"]["percent"] == 77.5);
  CHECK(j["overall"]["level"]["id"] == "high");
  CHECK(j["overall"]["level"]["index"] == 2);
  CHECK(j["groups"][1]["id"] == "g2");
  CHECK(j["groups"][1]["parent"] == nullptr);
  CHECK(j["groups"][1]["score"] == 0.665);
  CHECK(j["questions"][1]["id"] == "q2");
  CHECK(j["questions"][1]["value"] == nullptr);
  CHECK(j["questions"][1]["not_applicable"] == true);
  CHECK(j["gaps"][0]["node"] == "g2");
  CHECK(j["gaps"][0]["current"] == 66.5);
  CHECK(j["gaps"][0]["target"] == 90.0);
  CHECK(j["gaps"][0]["priority"] == 0.078);
  CHECK(j["recommendations"][0]["question"] == "q4");
  CHECK(j["recommendations"][0]["text"] == "Do q4 better.");
  CHECK(j["recommendations"][0]["priority"] == 0.095);
  CHECK(j["recommendations"][1]["text"] == "Raise: q3");
  CHECK(j["insights"].is_object());
  CHECK(j["warnings"].empty());
}

TEST_CASE("The text view shows the ladder, the group tree, gaps and recommendations", "[render][text]") {
  CHECK(render_text(bands_result()) == read_text(fixture("golden/bands.txt")));
}

TEST_CASE("The Markdown view matches its golden file", "[render][markdown]") {
  CHECK(render_markdown(bands_result()) == read_text(fixture("golden/bands.md")));
}

TEST_CASE("Rendering is byte-identical across runs", "[render]") {
  auto a = alliance_result();
  auto b = alliance_result();
  CHECK(render_json(a) == render_json(b));
  CHECK(render_text(a) == render_text(b));
  CHECK(render_markdown(a) == render_markdown(b));
}

TEST_CASE("The template lists every question with its answers and is itself a valid assessment", "[render][template]") {
  auto model = model_fixture("rules/bands.toml");
  std::string text = render_template(*model);
  CHECK(text == read_text(fixture("golden/bands-template.toml")));
  auto a = parse_assessment(text, "template.toml");
  INFO(fmt_lines(a.diagnostics));
  REQUIRE(a.ok());
  Diagnostics d;
  check_assessment(*a.value, *model, d);
  CHECK_FALSE(d.has_errors());
  CHECK(a.value->respondents[0].answers.size() == model->questions.size());
}

TEST_CASE("append_tenths writes what fmt writes for round_to(value, 1)", "[render]") {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> any(-1000.0, 1000.0);
  std::vector<double> values = {0.0, -0.0, 0.04, -0.04, 0.05, -0.05, 0.15, 99.95, 100.0, 66.66666, 1e14, -1e14,
                                1e16, 123456789.25, std::nan(""), std::numeric_limits<double>::infinity()};
  for (int i = 0; i < 100000; ++i) values.push_back(any(rng));
  for (int k = 0; k <= 1000; ++k) values.push_back(k / 10.0);
  for (double v : values) {
    std::string out = "x";
    append_tenths(out, v);
    INFO(v);
    REQUIRE(out == "x" + fmt::format("{}", round_to(v, 1)));
  }
}

TEST_CASE("render_json streams exactly the text of to_json(result).dump(2)", "[render]") {
  const std::pair<const char*, const char*> cases[] = {
      {"models/alliance.toml", "examples/alliance-acme-globex.toml"},
      {"models/alliance.toml", "examples/alliance-team.json"},
      {"models/ecosystem.toml", "examples/ecosystem-portfolio.toml"},
      {"models/capability.toml", "examples/capability-acme.toml"},
      {"models/readiness.toml", "examples/readiness-globex.json"},
  };
  for (const auto& [model_file, example] : cases) {
    INFO(example);
    Result r = score(model_fixture(model_file), *assessment_fixture(example));
    REQUIRE_FALSE(r.insights.empty());
    CHECK(render_json(r) == to_json(r).dump(2) + "\n");
    // Not indented (mmf batch's JSON Lines), the text of dump().
    std::ostringstream jsonl;
    BatchScorer batch(r.model, shipped_registry(), BatchFormat::jsonl, jsonl, [](const Diagnostic&) {});
    batch.add_assessment(*assessment_fixture(example));
    CHECK(jsonl.str() == to_json(r).dump() + "\n");
    // Text that needs escaping, an empty and a missing value.
    r.subject = "Quote \" backslash \\ tab \t newline \n bell \x07 ünïcode";
    r.date.clear();
    r.warnings.clear();
    CHECK(render_json(r) == to_json(r).dump(2) + "\n");
  }
}
