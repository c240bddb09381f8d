// Survey exports and spreadsheets saved as CSV, read as they come: a UTF-8
// byte-order mark, `,` `;` or tab as delimiter (sniffed from the header), a
// decimal comma in `;` files, columns named by question id or text, cells by
// option id or label, several header rows, and an mmf-mapping/1 file for what
// names cannot match (docs/csv-input.md).
//
// Thread-safety: plain values; the functions are thread-safe.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "mmf/assessment.h"
#include "mmf/diagnostic.h"
#include "mmf/export.h"
#include "mmf/load.h"
#include "mmf/model.h"

namespace mmf {

// An mmf-mapping/1 file: how one survey tool's export names a model's
// questions and answers.
struct CsvMapping {
  std::string model;        // the model it is written for; empty: any
  std::size_t header_rows = 0;  // 0: not said
  // Column names of the roles; empty: not said.
  std::string subject, respondent, unit, date;
  std::vector<std::string> ignore;  // columns ignored without a warning

  struct Column {
    std::string header;    // a header cell's text, as the export writes it
    std::string question;  // the question it answers
    Location loc;
  };
  std::vector<Column> columns;

  struct Option {
    std::string text;      // a cell's text, as the export writes it
    std::string question;  // the question it applies to; empty: every question
    std::variant<std::string, double> answer;  // an option id (or "na"), or a number on a range scale
    Location loc;
  };
  std::vector<Option> options;
  std::shared_ptr<const std::string> file;
};

// How to read a CSV export. Empty names and 0 header rows mean: as the
// mapping file says, else the default.
struct CsvOptions {
  std::string subject_column;     // default "subject"
  std::string respondent_column;  // default "respondent"
  std::string unit_column;        // default "unit"
  std::string date_column;        // default "date"
  std::size_t header_rows = 0;    // default 1
  std::shared_ptr<const CsvMapping> mapping;
};

MMF_CORE_EXPORT Loaded<CsvMapping> load_mapping(const std::filesystem::path& file);
MMF_CORE_EXPORT Loaded<CsvMapping> parse_mapping(std::string_view text, std::string file_name,
                                                 InputFormat format = InputFormat::automatic);
// Checks a mapping against a model: every question and option it names exists.
MMF_CORE_EXPORT void check_mapping(const CsvMapping& mapping, const Model& model, Diagnostics& out);

// One subject's respondents from a CSV export, one row each (mmf assess,
// mmf serve). Without a subject column the subject is `default_subject`;
// rows naming more than one subject are an error (mmf batch scores those).
MMF_CORE_EXPORT Loaded<Assessment> parse_assessment_csv(std::string_view text, std::string file_name,
                                                        const Model& model, const CsvOptions& options = {},
                                                        std::string default_subject = {});

}  // namespace mmf
