// Consultant workflows: roadmaps, comparisons, batch scoring and benchmarks.
#include <fstream>
#include <random>

#include <catch2/catch.hpp>

#include "support.h"

using namespace mmf;
using namespace mmf::test;
using Catch::Detail::Approx;

TEST_CASE("A staged model's roadmap raises lower-level practices first and projects each phase", "[roadmap]") {
  auto model = model_fixture("rules/c2m2.toml");
  auto a = std::make_shared<Assessment>(*assessment_fixture("rules/c2m2-answers.toml"));
  // Add gaps at two levels: asset-1a (MIL1) partial, asset-3a (MIL3) not implemented.
  for (auto& x : a->respondents[0].answers) {
    if (x.question == "asset-1a") x.option = "pi";
    if (x.question == "asset-3a") x.option = "ni";
  }
  Diagnostics d;
  auto roadmap = plan_roadmap(model, *a, shipped_registry(), RoadmapOptions{"", 2}, d);
  REQUIRE_FALSE(d.has_errors());
  // Target MIL2: practices of MIL1 and MIL2 must be performed; MIL3 is not asked for.
  REQUIRE(roadmap.phases.size() == 2);
  REQUIRE(roadmap.phases[0].items.size() == 1);
  CHECK(model->questions[roadmap.phases[0].items[0].question].id == "asset-1a");  // MIL1 before MIL2
  CHECK(level_id(roadmap.current, roadmap.current.overall) == "mil0");
  CHECK(model->levels[roadmap.phases[0].projected.level].id == "mil1");
  REQUIRE(roadmap.phases[1].items.size() == 1);
  CHECK(model->questions[roadmap.phases[1].items[0].question].id == "asset-2a");
  CHECK(model->levels[roadmap.phases[1].projected.level].id == "mil2");
}

TEST_CASE("A bands roadmap orders by priority and cuts phases of nearly equal size", "[roadmap]") {
  auto model = model_fixture("rules/bands.toml");
  Diagnostics d;
  auto roadmap = plan_roadmap(model, *assessment_fixture("rules/bands-answers.toml"), shipped_registry(),
                              RoadmapOptions{"", 5}, d);
  REQUIRE(roadmap.phases.size() == 2);  // two items: never more phases than items
  CHECK(model->questions[roadmap.phases[0].items[0].question].id == "q4");  // priority 0.095
  CHECK(model->questions[roadmap.phases[1].items[0].question].id == "q3");  // priority 0.020
  // q4 raised to 'fi' (the least option reaching 90%): g2 = 1, overall (2 × 0.83 + 1) / 3.
  CHECK(roadmap.phases[0].projected.percent == Approx(100 * (2 * 0.83 + 1) / 3));
  auto json = nlohmann::ordered_json::parse(render_roadmap_json(roadmap));
  CHECK(json["format"] == "mmf-roadmap/1");
  CHECK(json["phases"][0]["items"][0]["question"] == "q4");
  // Then q3 to 'fi' (the least option reaching 75%): every applicable answer is 1.
  CHECK(json["phases"][1]["projected"]["percent"] == 100.0);
}

TEST_CASE("mmf compare lines up one model over time with deltas, in every format", "[compare][cli]") {
  auto json = run_mmf("compare examples/ecosystem-portfolio.toml examples/ecosystem-portfolio.json --format json");
  REQUIRE(json.status == 0);
  auto j = nlohmann::ordered_json::parse(json.out);
  CHECK(j["same_model"] == true);
  CHECK(j["columns"][0]["label"] == "2026-09-30");
  CHECK(j["columns"][1]["label"] == "2026-12-31");
  CHECK(j["rows"][0]["node"] == "overall");
  CHECK(j["rows"][0]["cells"][1].dump() == R"({"percent":53.7,"level":"managed","delta":9.5})");
  auto csv = run_mmf("compare examples/ecosystem-portfolio.toml examples/ecosystem-portfolio.json --format csv");
  CHECK(split_lines(csv.out)[1] == "overall,Overall,44.2,managed,,53.7,managed,+9.5");
  auto md = run_mmf("compare examples/ecosystem-portfolio.toml examples/ecosystem-portfolio.json --format markdown");
  CHECK(md.out.find("| Overall | Managed 44.2% | Managed 53.7% (+9.5) |") != std::string::npos);
}

TEST_CASE("mmf compare splits one assessment by unit, and sets models side by side", "[compare][cli]") {
  auto units = run_mmf("compare examples/capability-acme.toml --by unit --format json");
  REQUIRE(units.status == 0);
  auto j = nlohmann::ordered_json::parse(units.out);
  REQUIRE(j["columns"].size() == 5);
  CHECK(j["columns"][3]["label"] == "legal");
  CHECK(j["columns"][3]["overall"]["percent"] == 6.5);
  auto models = run_mmf(
      "compare examples/alliance-acme-globex.toml examples/capability-acme.toml examples/readiness-acme.toml --format json");
  auto m = nlohmann::ordered_json::parse(models.out);
  CHECK(m["same_model"] == false);
  CHECK(m["columns"][2]["label"] == "readiness");
  CHECK(m["columns"][2]["overall"].dump() == R"({"percent":76.4,"level":"launch-ready","coverage":1.0})");
}

TEST_CASE("Comparison::same_model is true only when every result has one model id and version", "[compare]") {
  // Called from this binary, which links libmmf_core: the symbol must be exported.
  auto bands = model_fixture("rules/bands.toml");
  Result first = score(bands, *assessment_fixture("rules/bands-answers.toml"));
  CHECK(Comparison{}.same_model());  // nothing to disagree
  Comparison c{{"a", "b"}, {first, first}};
  CHECK(c.same_model());

  auto bumped = std::make_shared<Model>(*bands);
  bumped->version = bands->version + "-other";
  Result other_version = first;
  other_version.model = bumped;
  CHECK_FALSE(Comparison{{"a", "b"}, {first, other_version}}.same_model());

  auto c2m2 = model_fixture("rules/c2m2.toml");
  c.labels.push_back("c");
  c.results.push_back(score(c2m2, *assessment_fixture("rules/c2m2-answers.toml")));
  CHECK_FALSE(c.same_model());
}

namespace {

// A wide CSV of `rows` respondents of the alliance model, deterministic.
std::filesystem::path write_wide_csv(const TempDir& dir, const std::string& name, std::size_t rows) {
  auto model = model_fixture("models/alliance.toml");
  std::mt19937 rng(42);
  std::ofstream out(dir.path() / name);
  out << "subject,unit";
  for (const auto& q : model->questions) out << ',' << q.id;
  out << '\n';
  for (std::size_t i = 0; i < rows; ++i) {
    out << "partner-" << i << ",tier-" << i % 3;
    for (const auto& q : model->questions) {
      const Scale& s = model->scales[q.scale];
      out << ',' << s.options[rng() % s.options.size()].id;
    }
    out << '\n';
  }
  return dir.path() / name;
}

}  // namespace

TEST_CASE("mmf batch scores 200,000 respondents from a wide CSV in flat memory, equal to mmf assess",
          "[batch][cli]") {
  TempDir dir;
  auto small = write_wide_csv(dir, "small.csv", 100000);
  auto big = write_wide_csv(dir, "big.csv", 200000);
  auto small_run = run_mmf_measured("batch alliance " + small.string() + " -o " + (dir.path() / "small.out").string());
  auto big_run = run_mmf_measured("batch alliance " + big.string() + " -o " + (dir.path() / "big.out").string());
  INFO(big_run.err);
  REQUIRE(big_run.status == 0);
  CHECK(big_run.err == "mmf: scored 200000 assessments, skipped 0\n");
  // Twice the input (each far more than the blocks in flight), the same
  // memory within allocator noise. Under AddressSanitizer its quarantine and
  // shadow memory make the figure meaningless.
  INFO("peak KiB: 100k rows " << small_run.peak_kib << ", 200k rows " << big_run.peak_kib);
#if !defined(__SANITIZE_ADDRESS__)
  CHECK(big_run.peak_kib < small_run.peak_kib + 2048);
  CHECK(big_run.peak_kib < 64 * 1024);
#endif

  // A sample of rows scored one by one agrees with the batch output.
  auto out = split_lines(read_text(dir.path() / "big.out"));
  REQUIRE(out.size() == 200001);
  auto input = split_lines(read_text(big));
  auto header = input[0];
  auto model = model_fixture("models/alliance.toml");
  for (std::size_t row : {1u, 2u, 777u, 50000u, 100000u, 200000u}) {
    std::string toml = "format = \"mmf-assessment/1\"\nmodel = \"alliance\"\nsubject = \"s\"\n[answers]\n";
    std::stringstream fields(input[row]);
    std::string field;
    std::getline(fields, field, ',');
    std::getline(fields, field, ',');
    for (const auto& q : model->questions) {
      std::getline(fields, field, ',');
      toml += q.id + " = \"" + field + "\"\n";
    }
    auto a = parse_assessment(toml, "row.toml");
    REQUIRE(a.ok());
    Result r = score(model, *a.value);
    std::string expected = "partner-" + std::to_string(row - 1) + "," +
                           fmt_percent(r.overall) + "," + level_id(r, r.overall);
    CHECK(out[row].rfind(expected + ",", 0) == 0);
  }
}

TEST_CASE("mmf batch reports a bad row with its row, line and column, and writes nothing unless told to keep going",
          "[batch][cli]") {
  TempDir dir;
  auto file = dir.write("mixed.csv",
                        "subject,respondent,q1,q2,q3,q4,q5\n"
                        "a,r1,fi,na,li,pi,fi\n"
                        "b,r1,fi,zz,li,pi,fi\n"
                        "c,r1,ni,ni\n"
                        "d,r1,li,li,li,li,li\n"
                        "d,r2,fi,fi,fi,fi,fi\n");
  const std::string problems =
      file.string() + ":3:9: error: row 3: column 4 'q2': 'zz' is not an option of question 'q2' (answer with an id or "
                      "a label: ni \"Not implemented\", pi \"Partially implemented\", li \"Largely implemented\", fi "
                      "\"Fully implemented\", na \"Not applicable\")\n" +
      file.string() + ":4:1: error: row 4: the row has 4 fields; the header has 7\n";
  auto out = dir.path() / "results.csv";
  auto run = run_mmf("batch tests/fixtures/rules/bands.toml " + file.string() + " -o " + out.string());
  CHECK(run.status == 2);
  CHECK(run.err == problems + "mmf: scored 2 assessments, skipped 2; nothing written (--keep-going writes what scored)\n");
  CHECK(run.out.empty());
  CHECK_FALSE(std::filesystem::exists(out));  // a failed run leaves no file, not even an empty one

  auto kept = run_mmf("batch tests/fixtures/rules/bands.toml " + file.string() + " --keep-going");
  CHECK(kept.status == 2);
  CHECK(kept.err == problems + "mmf: scored 2 assessments, skipped 2\n");
  // Subject d's two rows are one assessment with two respondents: q mean (0.66 + 1) / 2 = 0.83.
  CHECK(kept.out == "subject,percent,level,g1.percent,g1.level,g2.percent,g2.level\n"
                    "a,77.5,high,83,high,66.5,mid\n"
                    "d,83,high,83,high,83,high\n");
}

TEST_CASE("mmf batch reads JSON Lines and directories, and writes JSON Lines", "[batch][cli]") {
  TempDir dir;
  auto lines_file = dir.write("in.jsonl",
                              R"({"format": "mmf-assessment/1", "model": "banded", "subject": "x", "answers": {"q1": "fi"}})"
                              "\n"
                              R"({"format": "mmf-assessment/1", "model": "banded", "subject": "y", "answers": {"q1": "nope"}})"
                              "\n");
  auto run = run_mmf("batch tests/fixtures/rules/bands.toml " + lines_file.string() +
                     " tests/fixtures/store --format jsonl --keep-going");
  CHECK(run.status == 2);
  CHECK(run.err.find(lines_file.string() + ":2:") != std::string::npos);
  auto out = split_lines(run.out);
  REQUIRE(out.size() == 4);  // x, then the three files of the directory
  CHECK(nlohmann::ordered_json::parse(out[0])["subject"] == "x");
  CHECK(nlohmann::ordered_json::parse(out[1])["date"] == "2026-03-31");
}

TEST_CASE("mmf benchmark gives the percentile of overall and each group within a population", "[benchmark][cli]") {
  TempDir dir;
  auto population = dir.write("population.csv",
                              "subject,percent,level,g1.percent,g1.level,g2.percent,g2.level\n"
                              "a,10,low,10,low,10,low\n"
                              "b,50,mid,90,high,20,low\n"
                              "c,77.5,high,83,high,66.5,mid\n"
                              "d,90,high,95,high,99,high\n");
  auto run = run_mmf("benchmark tests/fixtures/rules/bands-answers.toml --model tests/fixtures/rules/bands.toml "
                     "--population " + population.string() + " --format json");
  REQUIRE(run.status == 0);
  auto j = nlohmann::ordered_json::parse(run.out);
  // Overall 77.5: two below, one equal, of four -> (2 + 0.5) / 4.
  CHECK(j["entries"][0].dump() == R"({"node":"overall","percent":77.5,"percentile":62.5,"population":4})");
  CHECK(j["entries"][1].dump() == R"({"node":"g1","percent":83.0,"percentile":37.5,"population":4})");
  CHECK(j["entries"][2].dump() == R"({"node":"g2","percent":66.5,"percentile":62.5,"population":4})");
}
