// CSV inputs as survey tools and spreadsheets write them: the shipped
// exports of examples/survey-exports score exactly as the same answers given
// as assessment files; dialects, header matching, mappings, subjects whose
// rows are apart, and every refusal with its row, column and name.
#include <sstream>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "csv/csv_layout.h"
#include "support.h"

using namespace mmf;
using namespace mmf::test;

namespace {

// Every result of `mmf batch … --format jsonl`, by subject, without the
// warnings (they name files and respondents).
std::map<std::string, nlohmann::json> results_by_subject(const std::string& args) {
  auto run = run_mmf("batch " + args + " --format jsonl -q");
  INFO(args << "\n" << run.err);
  REQUIRE(run.status == 0);
  std::map<std::string, nlohmann::json> out;
  for (const auto& line : split_lines(run.out)) {
    auto j = nlohmann::json::parse(line);
    j.erase("warnings");
    out[j["subject"].get<std::string>()] = j;
  }
  return out;
}


const std::string header = "subject,respondent,plan-vision,plan-case,run-reviews,run-satisfaction\n";

}  // namespace

TEST_CASE("csv: exports shaped like five survey tools score exactly as the same answers in assessment files",
          "[csv][cli]") {
  const auto expected = results_by_subject("alliance tests/fixtures/csv/answers");
  REQUIRE(expected.size() == 2);
  const std::string dir = "examples/survey-exports/";
  const std::vector<std::pair<std::string, std::string>> exports = {
      {"alliance-google-forms.csv",
       "--subject-column 'Which alliance are you assessing?' --respondent-column 'Email Address' --date-column "
       "Timestamp"},
      {"alliance-microsoft-forms.csv", "--subject-column Alliance --respondent-column Email --date-column "
                                       "'Completion time'"},
      {"alliance-surveymonkey.csv", "--header-rows 2 --subject-column 'Which alliance are you assessing?' "
                                    "--respondent-column 'Respondent ID' --date-column 'End Date'"},
      {"alliance-limesurvey.csv", "--map " + dir + "alliance-limesurvey.mapping.toml"},
      {"alliance-excel-de.csv", "--subject-column Allianz --respondent-column 'Befragte Person' --date-column Datum"},
  };
  for (const auto& [file, options] : exports) {
    INFO(file);
    for (const char* threads : {"-j 1", "-j 2"}) {
      auto got = results_by_subject("alliance " + dir + file + " " + options + " " + threads);
      REQUIRE(got.size() == 2);
      for (const auto& [subject, result] : expected) {
        INFO(subject);
        CHECK(got.at(subject).dump(1) == result.dump(1));
      }
    }
    // CSV out, on both paths, gives the same rows as the assessment files.
    auto rows = run_mmf("batch alliance " + dir + file + " " + options + " -q");
    CHECK(rows.out == run_mmf("batch alliance tests/fixtures/csv/answers -q").out);
  }
}

TEST_CASE("csv: a German Excel file (BOM, semicolons, CRLF, decimal commas, German labels and texts) scores as the "
          "assessment files do",
          "[csv][cli]") {
  const auto expected = results_by_subject("tests/fixtures/csv/survey.toml tests/fixtures/csv/survey-answers");
  auto got = results_by_subject("tests/fixtures/csv/survey.toml tests/fixtures/csv/excel-de.csv --subject-column "
                                "Alliance --respondent-column 'Befragte Person' --date-column Datum");
  REQUIRE(got.size() == 2);
  CHECK(got.at("North").dump(1) == expected.at("North").dump(1));
  CHECK(got.at("South").dump(1) == expected.at("South").dump(1));
  CHECK(got.at("North")["date"] == "2026-11-03");  // 03.11.2026, day first
  CHECK(got.at("North")["questions"][3]["value"] == 5.75);  // (7,5 + 4) / 2
}

TEST_CASE("csv: a Qualtrics export (three header rows, matrix rows as \"Title - Row\") scores as the assessment files do",
          "[csv][cli]") {
  const auto expected = results_by_subject("tests/fixtures/csv/survey.toml tests/fixtures/csv/survey-answers");
  auto got = results_by_subject("tests/fixtures/csv/survey.toml tests/fixtures/csv/qualtrics.csv --header-rows 3 "
                                "--subject-column 'Which team are you in?' --respondent-column ResponseId "
                                "--date-column RecordedDate");
  CHECK(got.at("North").dump(1) == expected.at("North").dump(1));
  CHECK(got.at("South").dump(1) == expected.at("South").dump(1));
}

TEST_CASE("csv: a file saved as Windows-1252 (Excel's plain CSV) is read as such", "[csv][cli]") {
  const auto expected = results_by_subject("tests/fixtures/csv/survey.toml tests/fixtures/csv/survey-answers");
  auto got = results_by_subject("tests/fixtures/csv/survey.toml tests/fixtures/csv/excel-de-1252.csv --subject-column "
                                "Alliance --respondent-column 'Befragte Person' --date-column Datum");
  CHECK(got.at("North").dump(1) == expected.at("North").dump(1));
  CHECK(got.at("South").dump(1) == expected.at("South").dump(1));
  // A subject that is not UTF-8 reaches JSON as text, on both paths.
  auto model = model_fixture("csv/survey.toml");
  for (auto format : {BatchFormat::csv, BatchFormat::jsonl}) {
    auto run = run_batch(model, header + "Z\xFCrich,r1,fi,fi,fi,10\n", format, 1);
    CHECK(run.problems.empty());
    CHECK(run.out.find("Z\xC3\xBCrich") != std::string::npos);
  }
}

TEST_CASE("csv: a mapping file names columns and answers the export's own way", "[csv][cli]") {
  const auto expected = results_by_subject("tests/fixtures/csv/survey.toml tests/fixtures/csv/survey-answers");
  auto got = results_by_subject("tests/fixtures/csv/survey.toml tests/fixtures/csv/mapped.csv --map "
                                "tests/fixtures/csv/mapped.mapping.toml");
  for (const char* subject : {"North", "South"}) {
    auto want = expected.at(subject);
    want["date"] = nullptr;  // the export has no date column
    CHECK(got.at(subject).dump(1) == want.dump(1));
  }
}

TEST_CASE("csv: a mapping file's mistakes are reported where they are", "[csv][cli]") {
  auto run = run_mmf("batch tests/fixtures/csv/survey.toml tests/fixtures/csv/mapped.csv --map "
                     "tests/fixtures/csv/bad.mapping.toml");
  CHECK(run.status == 2);
  CHECK(run.out.empty());
  CHECK(run.err == "tests/fixtures/csv/bad.mapping.toml:5:6: error: model 'survey' has no question 'plan-visoin'; did "
                   "you mean 'plan-vision'?\n"
                   "tests/fixtures/csv/bad.mapping.toml:8:10: error: 'Mostly' maps to 'most', which no scale of model "
                   "'survey' has\n"
                   "tests/fixtures/csv/bad.mapping.toml:11:9: error: 'Great' cannot map to 12 for question "
                   "'run-satisfaction' (scale 'score')\n");
  auto other = parse_mapping("format = \"mmf-mapping/1\"\nmodel = \"alliance\"\nheader_rows = 0\n", "m.toml");
  CHECK(lines(other.diagnostics) ==
        std::vector<std::string>{"m.toml:3:15: error: 'header_rows' must be a whole number from 1 to 16, not 0"});
  auto json = parse_mapping(R"({"format": "mmf-mapping/1", "columns": {"Q1": 3}})", "m.json");
  CHECK(lines(json.diagnostics) ==
        std::vector<std::string>{"m.json:1:47: error: column 'Q1' must map to a question id, not an integer"});
  Diagnostics wrong_model;
  auto mapping = parse_mapping("format = \"mmf-mapping/1\"\nmodel = \"alliance\"\n", "m.toml");
  REQUIRE(mapping.ok());
  check_mapping(*mapping.value, *model_fixture("csv/survey.toml"), wrong_model);
  CHECK(lines(wrong_model) == std::vector<std::string>{"m.toml:1:1: error: this mapping is for model 'alliance', not "
                                                       "'survey'"});
}

TEST_CASE("csv: rows of one subject anywhere in the file are one assessment, subjects in order of first appearance",
          "[csv][batch]") {
  auto model = model_fixture("csv/survey.toml");
  std::string interleaved = read_text(fixture("csv/interleaved.csv"));
  // The same rows, each subject's together.
  std::string together = header + "North,r1,li,fi,pi,7.5\nNorth,r3,fi,na,ni,4\nSouth,r2,pi,li,fi,9.25\n";
  std::string apart = header + "North,r1,li,fi,pi,7.5\nSouth,r2,pi,li,fi,9.25\nNorth,r3,fi,na,ni,4\n";
  auto reference = run_batch(model, together, BatchFormat::csv, 1);
  REQUIRE(reference.stats.scored == 2);
  REQUIRE(split_lines(reference.out).size() == 3);
  CHECK(split_lines(reference.out)[1].rfind("North,", 0) == 0);
  for (unsigned threads : {1u, 2u, 5u})
    for (auto format : {BatchFormat::csv, BatchFormat::jsonl}) {
      INFO("threads " << threads << (format == BatchFormat::csv ? " csv" : " jsonl"));
      auto run = run_batch(model, apart, format, threads);
      CHECK(run.problems.empty());
      CHECK(run.stats.scored == 2);
      CHECK(run.stats.skipped == 0);
      if (format == BatchFormat::csv) CHECK(run.out == reference.out);
      else CHECK(split_lines(run.out).size() == 2);
    }
  CHECK(run_batch(model, interleaved, BatchFormat::csv, 2).out.find("North,") != std::string::npos);
}

TEST_CASE("csv: unsorted subjects whose rows are together, and rows apart after a bad row, are read again without "
          "reporting twice",
          "[csv][batch]") {
  auto model = model_fixture("csv/survey.toml");
  // Zed before Alpha: not sorted, so read a second time remembering subjects.
  std::string unsorted = header + "Zed,r1,fi,fi,fi,10\nbad row\nAlpha,r2,ni,ni,ni,0\nZed,r3,ni,ni,ni,0\n";
  for (unsigned threads : {1u, 2u})
    for (auto format : {BatchFormat::csv, BatchFormat::jsonl}) {
      INFO("threads " << threads);
      auto run = run_batch(model, unsorted, format, threads);
      CHECK(run.problems ==
            std::vector<std::string>{"survey.csv:3:1: error: row 3: the row has 1 fields; the header has 6"});
      CHECK(run.stats.scored == 2);
      CHECK(run.stats.skipped == 1);
      if (format == BatchFormat::csv)
        CHECK(run.out == "subject,percent,level,plan.percent,plan.level,run.percent,run.level\n"
                         "Zed,50,high,50,high,50,high\n"
                         "Alpha,0,low,0,low,0,low\n");
    }
}

TEST_CASE("csv: a subject that comes back in a stream that cannot be read twice is refused with a message",
          "[csv][batch]") {
  auto model = model_fixture("csv/survey.toml");
  std::ostringstream out;
  std::vector<std::string> problems;
  BatchScorer scorer(model, shipped_registry(), BatchFormat::csv, out,
                     [&](const Diagnostic& d) { problems.push_back(d.str()); });
  std::istringstream in(header + "North,r1,li,fi,pi,7\nSouth,r2,pi,li,fi,9\nNorth,r3,fi,na,ni,4\n");
  scorer.add_csv(in, "survey.csv");  // no set_truncate(): what was written cannot be taken back
  CHECK(problems == std::vector<std::string>{
                        "survey.csv:4:1: error: the rows are not sorted by subject from here on; mmf then reads the "
                        "file a second time, which this input or output does not allow: sort the rows by subject, or "
                        "read from a file into a file (-o)"});
  CHECK(scorer.stats().skipped == 1);
}

TEST_CASE("csv: CRLF, a byte-order mark, tabs, quoted headers, and labels in any case all bind", "[csv][batch]") {
  auto model = model_fixture("csv/survey.toml");
  const std::string expected = "subject,percent,level,plan.percent,plan.level,run.percent,run.level\n"
                               "North,92.3,high,100,high,90.9,high\n";  // run: (0 + 10) / (1 + 10)
  const std::vector<std::string> files = {
      "subject,plan-vision,plan-case,run-reviews,run-satisfaction\r\nNorth,fi,fi,ni,10\r\n",
      "\xEF\xBB\xBFsubject,plan-vision,plan-case,run-reviews,\"run-satisfaction\"\r\nNorth,fi,fi,ni,10\r\n",
      "SUBJECT\tBoth partners share a written vision.\tA business case is approved.\t Reviews happen EVERY quarter. "
      "\trun-satisfaction\nNorth\tFULLY in place\tfully in place\tnot  in place\t10\n",
      "subject;plan-vision;plan-case;run-reviews;run-satisfaction\nNorth;fi;Fully in place;ni;10,0\n",
  };
  for (const auto& csv : files)
    for (unsigned threads : {1u, 2u}) {
      INFO(csv << " threads " << threads);
      auto run = run_batch(model, csv, BatchFormat::csv, threads);
      CHECK(run.problems.empty());
      CHECK(run.out == expected);
    }
}

TEST_CASE("csv: a column that looks like a question but names none is refused with its number and name",
          "[csv][batch]") {
  auto model = model_fixture("csv/survey.toml");
  auto run = run_batch(model, "subject,plan-visoin,plan-case,run-review,Timestamp\nNorth,fi,fi,ni,x\n", BatchFormat::csv, 1);
  CHECK(run.problems == std::vector<std::string>{
                            "survey.csv:1:9: error: column 2 'plan-visoin' names no question of model 'survey'; did "
                            "you mean 'plan-vision'?",
                            "survey.csv:1:31: error: column 4 'run-review' names no question of model 'survey'; did "
                            "you mean 'run-reviews'?"});
  CHECK(run.out.empty());
  CHECK(run.stats.skipped == 1);
  auto shaped = run_batch(model, "subject,plan-budget\nNorth,fi\n", BatchFormat::csv, 1);
  CHECK(shaped.problems == std::vector<std::string>{
                               "survey.csv:1:9: error: column 2 'plan-budget' names no question of model 'survey'; it "
                               "has the shape of the model's question ids (such as 'plan-vision')"});
}

TEST_CASE("csv: other columns are ignored with one warning that lists them", "[csv][batch]") {
  auto model = model_fixture("csv/survey.toml");
  auto run = run_batch(model, "Timestamp,subject,Email Address,plan-vision,,Start time\n1,North,a@b,fi,,x\n",
                   BatchFormat::csv, 1);
  CHECK(run.problems == std::vector<std::string>{
                            "survey.csv:1:1: warning: ignoring 4 columns that name no question of model 'survey': 1 "
                            "'Timestamp', 3 'Email Address', 5 (no header), 6 'Start time'"});
  CHECK(run.stats.scored == 1);
}

TEST_CASE("csv: a cell that names no option is refused with its row, column number and column name", "[csv][batch]") {
  auto model = model_fixture("csv/survey.toml");
  const std::string csv = "subject,Both partners share a written vision.,run-satisfaction\n"
                          "North,Sort of,5\n"
                          "North,fi,eleven\n"
                          "North,fi,11\n";
  for (unsigned threads : {1u, 2u}) {
    auto run = run_batch(model, csv, BatchFormat::csv, threads);
    CHECK(run.problems ==
          std::vector<std::string>{
              "survey.csv:2:7: error: row 2: column 2 'Both partners share a written vision.': 'Sort of' is not an "
              "option of question 'plan-vision' (answer with an id or a label: ni \"Not in place\", pi \"Partly in "
              "place\", li \"Largely in place\", fi \"Fully in place\", na \"Does not apply\")",
              "survey.csv:3:10: error: row 3: column 3 'run-satisfaction': question 'run-satisfaction' uses range "
              "scale 'score'; answer with a number in [0, 10], not 'eleven'",
              "survey.csv:4:10: error: row 4: column 3 'run-satisfaction': answer 11 to question 'run-satisfaction' "
              "is outside scale 'score' [0, 10]"});
    CHECK(run.stats.skipped == 3);
  }
}

TEST_CASE("csv: a label that two options share is refused, and the option id is asked for", "[csv][batch]") {
  auto model = parse_model(R"(format = "mmf-model/1"
[model]
id = "twins"
name = "Twins"
version = "1.0.0"
[scales.yn]
options = [{ id = "y", label = "Yes", value = 1 }, { id = "sure", label = "yes", value = 1 }, { id = "n", label = "No", value = 0 }]
[[levels]]
id = "l"
name = "L"
min = 0
[[groups]]
id = "g"
name = "G"
[[questions]]
id = "q"
group = "g"
text = "Q?"
scale = "yn"
)",
                           "twins.toml");
  REQUIRE(model.ok());
  auto run = run_batch(model.value, "subject,q\nx,YES\n", BatchFormat::csv, 1);
  CHECK(run.problems == std::vector<std::string>{
                            "survey.csv:2:3: error: row 2: column 2 'q': 'YES' names more than one option of question "
                            "'q' (y \"Yes\", sure \"yes\", n \"No\"); write the option id"});
}

TEST_CASE("csv: an export with nothing to score exits 2 and writes no file", "[csv][cli]") {
  TempDir dir;
  auto empty = dir.write("empty.csv", "subject,plan-vision\n");
  auto out = dir.path() / "results.csv";
  auto run = run_mmf("batch tests/fixtures/csv/survey.toml " + empty.string() + " -o " + out.string());
  CHECK(run.status == 2);
  CHECK(run.err == "mmf: error: nothing was scored: the inputs hold no rows or assessments of model 'survey'\n"
                   "mmf: scored 0 assessments, skipped 0; nothing written (--keep-going writes what scored)\n");
  CHECK_FALSE(std::filesystem::exists(out));
  auto nothing = dir.write("nothing.csv", "");
  auto refused = run_mmf("batch tests/fixtures/csv/survey.toml " + nothing.string() + " -o " + out.string());
  CHECK(refused.status == 2);
  CHECK(refused.err.find(nothing.string() + ":1:1: error: the CSV file is empty") == 0);
  CHECK_FALSE(std::filesystem::exists(out));
  auto no_subject = run_mmf("batch tests/fixtures/csv/survey.toml tests/fixtures/csv/mapped.csv");
  CHECK(no_subject.status == 2);
  CHECK(no_subject.err.find("tests/fixtures/csv/mapped.csv:1:1: error: no column names a question of model 'survey'") ==
        0);
}

TEST_CASE("csv: mmf assess scores one subject's respondents from a CSV", "[csv][cli]") {
  auto expected = run_mmf("assess tests/fixtures/csv/survey.toml tests/fixtures/csv/survey-answers/survey-north.toml "
                          "--format json");
  REQUIRE(expected.status == 0);
  TempDir dir;
  auto north = dir.write("north.csv", "respondent,date,plan-vision,plan-case,run-reviews,run-satisfaction\n"
                                      "r1,2026-11-03,li,fi,pi,7.5\nr3,2026-11-05,fi,na,ni,4\n");
  auto run = run_mmf("assess tests/fixtures/csv/survey.toml " + north.string() + " --format json");
  REQUIRE(run.status == 0);
  auto a = nlohmann::json::parse(run.out), b = nlohmann::json::parse(expected.out);
  CHECK(a["subject"] == "north");  // no subject column: the file's name
  for (const char* key : {"overall", "groups", "questions", "date"}) CHECK(a[key].dump() == b[key].dump());

  auto two = run_mmf("assess tests/fixtures/csv/survey.toml tests/fixtures/csv/interleaved.csv --format json");
  CHECK(two.status == 2);
  CHECK(two.err == "tests/fixtures/csv/interleaved.csv:3:1: error: row 3: the subject is 'South', but row 2 named "
                   "'North': one assessment has one subject (mmf batch scores a file of several)\n");
}

TEST_CASE("csv: mmf template --format csv writes the header row that mmf batch reads as it is", "[csv][cli]") {
  auto header_row = run_mmf("template tests/fixtures/csv/survey.toml --format csv");
  REQUIRE(header_row.status == 0);
  CHECK(header_row.out == "subject,respondent,unit,date,plan-vision,plan-case,run-reviews,run-satisfaction\n");
  TempDir dir;
  auto filled = dir.write("filled.csv", header_row.out + "North,r1,sales,2026-11-03,fi,fi,ni,10\n");
  auto run = run_mmf("batch tests/fixtures/csv/survey.toml " + filled.string());
  CHECK(run.status == 0);
  CHECK(run.err == "mmf: scored 1 assessment, skipped 0\n");
  CHECK(run.out == "subject,percent,level,plan.percent,plan.level,run.percent,run.level\n"
                   "North,92.3,high,100,high,90.9,high\n");
}

TEST_CASE("csv: a batch of a file that does not exist leaves no empty results file", "[csv][cli]") {
  TempDir dir;
  auto out = dir.path() / "results.csv";
  auto run = run_mmf("batch alliance " + (dir.path() / "survey.csv").string() + " -o " + out.string());
  CHECK(run.status == 2);
  CHECK(run.err == (dir.path() / "survey.csv").string() +
                       ": error: cannot open\nmmf: scored 0 assessments, skipped 1; nothing written (--keep-going "
                       "writes what scored)\n");
  CHECK_FALSE(std::filesystem::exists(out));
}

TEST_CASE("csv: a mapping file without its format line says what it starts with", "[csv]") {
  auto mapping = parse_mapping("model = \"survey\"\n", "m.toml");
  CHECK_FALSE(mapping.ok());
  CHECK(lines(mapping.diagnostics) ==
        std::vector<std::string>{"m.toml:1:1: error: a mapping file starts with format = \"mmf-mapping/1\""});
  auto wrong = parse_mapping("format = \"mmf-mapping/2\"\n", "m.toml");
  CHECK(lines(wrong.diagnostics) ==
        std::vector<std::string>{"m.toml:1:10: error: a mapping file starts with format = \"mmf-mapping/1\""});
}

TEST_CASE("csv: records split alike wherever a field ends within eight bytes, beyond them, or at the end of input",
          "[csv]") {
  // Fields of 0 to 20 bytes under each delimiter, the last record without a
  // newline: the splitter reads eight bytes at a time, and each field must
  // end exactly at its delimiter whichever byte of a word that is.
  for (const char delimiter : {',', ';', '\t'}) {
    INFO("delimiter " << static_cast<int>(delimiter));
    std::vector<std::vector<std::string>> expected;
    std::string text;
    for (std::size_t width = 0; width <= 20; ++width) {
      std::vector<std::string> record;
      for (std::size_t k = 0; k < 3; ++k) record.push_back(std::string(width + k, static_cast<char>('a' + k)));
      record.push_back(std::string(20 - width, 'z'));
      for (std::size_t k = 0; k < record.size(); ++k) text += (k ? std::string(1, delimiter) : "") + record[k];
      text += width == 20 ? "" : (width % 2 ? "\r\n" : "\n");
      expected.push_back(std::move(record));
    }
    std::istringstream in(text);
    detail::RecordStream records(in);
    detail::Record record;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      INFO("record " << i);
      REQUIRE(records.next(record));
      CHECK(records.line() == i + 1);
      CHECK(std::vector<std::string>(record.fields.begin(), record.fields.end()) == expected[i]);
      CHECK(record.columns == std::vector<std::uint32_t>{1, static_cast<std::uint32_t>(i + 2),
                                                  static_cast<std::uint32_t>(2 * i + 4),
                                                  static_cast<std::uint32_t>(3 * i + 7)});
    }
    CHECK_FALSE(records.next(record));
  }
}
