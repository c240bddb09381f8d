// Hostile input never crashes mmf: random bytes, empty files, NUL bytes,
// truncated JSON, absurdly deep structures and oversized files each end in a
// clear error (or a correct result).
#include <random>

#include <catch2/catch.hpp>

#include "support.h"

using namespace mmf;
using namespace mmf::test;

namespace {

std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

// A model whose groups form one chain `depth` long, with a question at the bottom.
std::string deep_chain_model(std::size_t depth) {
  std::string s = "format = \"mmf-model/1\"\n[model]\nid = \"deep\"\nname = \"Deep\"\nversion = \"1.0.0\"\n"
                  "[scales.yn]\noptions = [{ id = \"n\", label = \"No\", value = 0 }, "
                  "{ id = \"y\", label = \"Yes\", value = 1 }]\n";
  for (std::size_t i = 0; i < depth; ++i) {
    s += "[[groups]]\nid = \"g" + std::to_string(i) + "\"\nname = \"G\"\n";
    if (i > 0) s += "parent = \"g" + std::to_string(i - 1) + "\"\n";
  }
  s += "[[questions]]\nid = \"q\"\ngroup = \"g" + std::to_string(depth - 1) + "\"\ntext = \"Q\"\nhelp = \"h\"\n"
       "scale = \"yn\"\n";
  return s;
}

bool has_error(const Diagnostics& d) { return d.has_errors() && !d.items().empty(); }

}  // namespace

TEST_CASE("Random bytes give a syntax error, as a model or as an assessment", "[robustness]") {
  auto seed = GENERATE(1u, 2u, 3u, 4u, 5u);
  std::string bytes = random_bytes(4096, seed);
  auto model = parse_model(bytes, "random.toml");
  CHECK_FALSE(model.ok());
  CHECK(has_error(model.diagnostics));
  auto toml = parse_assessment(bytes, "random.toml");
  CHECK_FALSE(toml.ok());
  auto json = parse_assessment(bytes, "random.json");
  CHECK_FALSE(json.ok());
  CHECK(lines(json.diagnostics).at(0).rfind("random.json:", 0) == 0);
}

TEST_CASE("An empty file is a model without format and an assessment without format", "[robustness]") {
  auto model = parse_model("", "empty.toml");
  CHECK_FALSE(model.ok());
  CHECK(lines(model.diagnostics).front() ==
        "empty.toml:1:1: error: missing 'format'; a model file starts with format = \"mmf-model/1\"");
  auto json = parse_assessment("", "empty.json");
  CHECK(lines(json.diagnostics) ==
        std::vector<std::string>{"empty.json:1:1: error: JSON syntax: syntax error while parsing value - unexpected "
                                 "end of input; expected '[', '{', or a literal"});
}

TEST_CASE("NUL bytes are a syntax error with their position", "[robustness]") {
  std::string text = "format = \"mmf-model/1\"\n[model]\nid = \"a";
  text += '\0';
  text += "b\"\n";
  auto model = parse_model(text, "nul.toml");
  CHECK_FALSE(model.ok());
  REQUIRE(model.diagnostics.error_count() == 1);
  CHECK(model.diagnostics.items()[0].pos.line == 3);
  std::string json = "{\"format\": \"mmf-assessment/1\", \"model\": \"x\"";
  json += '\0';
  json += "}";
  auto a = parse_assessment(json, "nul.json");
  CHECK_FALSE(a.ok());
  CHECK(a.diagnostics.items()[0].pos.line == 1);
}

TEST_CASE("Truncated JSON at every length fails cleanly", "[robustness]") {
  std::string full = read_text(source("examples/alliance-team.json"));
  for (std::size_t n = 0; n < full.size(); n += 97) {
    auto a = parse_assessment(full.substr(0, n), "cut.json");
    INFO("cut at " << n);
    CHECK_FALSE(a.ok());
    CHECK(a.diagnostics.has_errors());
  }
}

TEST_CASE("A 20,000-deep group chain is refused at the depth limit, once", "[robustness]") {
  auto model = parse_model(deep_chain_model(20000), "deep.toml");
  CHECK_FALSE(model.ok());
  CHECK(lines(model.diagnostics) ==
        std::vector<std::string>{"deep.toml:" + std::to_string(9 + 4 * 64 - 1) +
                                 ":6: error: group 'g64' is nested 65 deep; the limit is 64"});
}

TEST_CASE("A group chain at the depth limit loads and scores", "[robustness]") {
  auto model = parse_model(deep_chain_model(max_group_depth), "limit.toml");
  INFO(fmt_lines(model.diagnostics));
  REQUIRE(model.ok());
  auto a = parse_assessment("format = \"mmf-assessment/1\"\nmodel = \"deep\"\nsubject = \"s\"\n[answers]\nq = \"y\"\n",
                            "a.toml");
  REQUIRE(a.ok());
  auto result = score(model.value, *a.value);
  CHECK(result.overall.percent == 100);
  CHECK(result.groups.back().score == 1);
}

TEST_CASE("Deeply nested values in an assessment are a clear error", "[robustness]") {
  std::string json = "{\"format\": \"mmf-assessment/1\", \"x\": " + std::string(20000, '[') + std::string(20000, ']') + "}";
  auto a = parse_assessment(json, "nested.json");
  CHECK_FALSE(a.ok());
  CHECK(a.diagnostics.has_errors());
  std::string toml = "format = \"mmf-assessment/1\"\nx = " + std::string(20000, '[') + std::string(20000, ']') + "\n";
  auto t = parse_assessment(toml, "nested.toml");
  CHECK_FALSE(t.ok());
  CHECK(t.diagnostics.items()[0].pos.line == 2);
}

TEST_CASE("A 50 MB file is refused before it is parsed", "[robustness]") {
  TempDir dir;
  std::string big(50u * 1024u * 1024u, ' ');
  auto file = dir.write("big.toml", "format = \"mmf-model/1\"\n" + big);
  auto model = load_model(file);
  CHECK_FALSE(model.ok());
  CHECK(lines(model.diagnostics) ==
        std::vector<std::string>{file.string() + ": error: file is 52428823 bytes; the limit is 33554432 bytes"});
  auto a = load_assessment(file);
  CHECK_FALSE(a.ok());
  auto run = run_mmf("validate " + file.string());
  CHECK(run.status == 2);
}

TEST_CASE("mmf never crashes on hostile files given as model or assessment", "[robustness][cli]") {
  TempDir dir;
  auto random = dir.write("random.toml", random_bytes(2048, 7));
  auto empty = dir.write("empty.json", "");
  auto deep = dir.write("deep.toml", deep_chain_model(20000));
  for (const auto& file : {random, empty, deep}) {
    INFO(file);
    auto as_model = run_mmf("assess '" + file.string() + "' examples/alliance-acme-globex.toml");
    CHECK(as_model.status == 2);
    CHECK(as_model.err.find("error:") != std::string::npos);
    auto as_assessment = run_mmf("assess alliance '" + file.string() + "'");
    CHECK(as_assessment.status == 2);
    CHECK(as_assessment.err.find("error:") != std::string::npos);
  }
}

TEST_CASE("A JSON number too large for a double is a syntax error, not a crash (found by fuzzing)", "[robustness]") {
  // simdjson refuses 1e400; the error path asked nlohmann where, and nlohmann
  // threw out_of_range, which nothing caught: std::terminate.
  auto a = parse_assessment(R"({"format": "mmf-assessment/1", "model": "banded", "subject": 1e400 x})", "overflow.json",
                            InputFormat::json);
  CHECK_FALSE(a.ok());
  CHECK(lines(a.diagnostics) ==
        std::vector<std::string>{"overflow.json:1:62: error: JSON syntax: problem while parsing a number"});
}
