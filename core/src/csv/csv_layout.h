// Reading a CSV export's shape, once per file, for every CSV input (mmf batch,
// mmf assess, mmf serve): the byte-order mark and delimiter, the header rows,
// which column is the subject, the respondent, the unit and the date, which
// answers which question, and how a cell's text becomes an answer. Internal.
// A bound CsvLayout is immutable and safe to share between threads.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "csv/csv_record.h"
#include "mmf/csv_input.h"
#include "mmf/diagnostic.h"
#include "mmf/model.h"

namespace mmf::detail {

// How much a CSV reader reads at a time (RecordStream, batch's blocks).
constexpr std::size_t csv_block_bytes = std::size_t{256} << 10;

struct CsvDialect {
  char delimiter = ',';
  bool decimal_comma = false;  // `;` files: "3,5" is 3.5
};

// The delimiter of a CSV file from its first bytes: the one of `,` `;` and
// tab under which the first records all have the same number of fields (the
// most such), so that commas in a `;` file's texts do not mislead.
CsvDialect sniff_dialect(std::string_view sample);

// CSV records from a stream, read in blocks: a UTF-8 byte-order mark at the
// start is skipped, the dialect is sniffed from the first line, and each
// record's line and row (record number, 1-based, blank records counted) are
// kept for messages. Exported for the tests and benchmarks, not public.
class MMF_CORE_EXPORT RecordStream {
 public:
  explicit RecordStream(std::istream& in);
  // Goes on reading a file whose dialect is known, at `next_line`, after `row` records.
  RecordStream(std::istream& in, const CsvDialect& dialect, std::uint64_t next_line, std::uint64_t row)
      : in_(in), dialect_(dialect), next_line_(next_line), row_(row) {}
  const CsvDialect& dialect() const { return dialect_; }
  // The next record into `r` (views valid until the next call); false at the end.
  bool next(Record& r);
  std::uint64_t line() const { return line_; }  // where the last record starts
  std::uint64_t row() const { return row_; }
  std::uint64_t next_line() const { return next_line_; }
  // Bytes of the input taken by the records returned so far (the mark included).
  std::uint64_t consumed() const { return consumed_; }
  // Hands over what was read past the last record; the stream is done then.
  std::string take_buffer();

 private:
  bool fill();
  std::istream& in_;
  CsvDialect dialect_;
  std::string buffer_;
  std::size_t at_ = 0;
  bool eof_ = false;
  std::uint64_t line_ = 0, next_line_ = 1, row_ = 0, consumed_ = 0;
};

// How one cell answers its question.
struct CellMatch {
  enum class Kind { empty, value, not_applicable, invalid };
  Kind kind = Kind::empty;
  double value = 0;          // Kind::value, in scale units
  std::size_t option = npos; // the option on a discrete scale
};

struct CsvColumn {
  enum class Role { ignored, subject, respondent, unit, date, question };
  Role role = Role::ignored;
  std::size_t question = npos;  // Role::question
  std::string name;             // the header's text (header rows joined by " | ")
  SourcePos pos;                // its header cell
};

class CsvLayout {
 public:
  CsvDialect dialect;
  std::vector<CsvColumn> columns;
  std::size_t subject = npos, respondent = npos, unit = npos, date = npos;  // column indexes
  std::uint32_t header_records = 1;

  // The answer a cell of column `column` (a question's) gives.
  CellMatch match(std::size_t column, std::string_view cell) const;
  // What is wrong with a cell whose match() is invalid: "column 7 'NAME':
  // 'x' is not an option …".
  std::string mismatch(std::size_t column, std::string_view cell) const;
  // What is wrong with a cell longer than max_string_bytes: "column 7
  // 'NAME': a cell of 70000 bytes; mmf accepts cells of up to 65536 bytes".
  std::string cell_too_long(std::size_t column, std::size_t bytes) const;
  // The cell as an assessment answer (an option id or a number); the cell
  // must match.
  Answer answer(std::size_t column, std::string_view cell, const CellMatch& match) const;

  const Model& model() const { return *model_; }

 private:
  friend class LayoutBinder;
  struct Lookup {
    std::unordered_map<std::string, std::size_t> options;  // folded text -> option index (npos: ambiguous)
    std::unordered_map<std::string, double> numbers;       // mapped text -> value on a range scale
  };
  const Lookup* lookup_for(std::size_t question) const;

  const Model* model_ = nullptr;
  std::vector<Lookup> scale_lookup_;                        // per scale: ids and labels, global mappings
  std::unordered_map<std::size_t, Lookup> question_lookup_;  // per question: the mapping's own texts first
};

// Binds the header records to the model. Reports each problem (and one
// warning listing the columns it ignores) to `report`; false when the file
// cannot be scored. `need_subject`: batch needs a subject column; one
// assessment does not.
bool bind_csv_layout(const std::vector<std::vector<std::pair<std::string, SourcePos>>>& header, const Model& model,
                     const CsvOptions& options, const std::string& file, bool need_subject,
                     const std::function<void(const Diagnostic&)>& report, CsvLayout& layout);

// Reads the header rows from `records` and binds them: the whole start of
// every CSV input. False (after reporting) when the file cannot be scored.
bool read_csv_header(RecordStream& records, const Model& model, const CsvOptions& options, const std::string& file,
                     bool need_subject, const std::function<void(const Diagnostic&)>& report, CsvLayout& layout);

// "row 5: " — the prefix of a message about one row (a record, as a
// spreadsheet numbers rows; the header rows count).
std::string row_prefix(std::uint64_t row);

// The messages about one data row of a CSV input, worded here for every CSV
// reader (mmf assess and serve, both batch paths): an error at `line` and
// `column` of `file`, "row ROW: MESSAGE"; and the messages themselves.
Diagnostic row_error(const std::string& file, std::uint64_t line, std::uint32_t column, std::uint64_t row,
                     std::string_view message);
// "the row has 2 fields; the header has 7"
std::string row_width_mismatch(std::size_t fields, std::size_t width);
// A batch subject's row beyond max_respondents rows.
std::string too_many_rows(std::string_view subject);
// One assessment's row beyond max_respondents rows.
std::string too_many_rows_in_file();

// The first field of `r` longer than max_string_bytes (the 64 KiB string
// limit of every input, which CSV cells share); npos when there is none.
std::size_t oversize_cell(const Record& r);
// "a cell of 70000 bytes; mmf accepts cells of up to 65536 bytes"
std::string cell_size_limit(std::size_t bytes);

// A cell without the spaces and tabs around it.
std::string_view trim_cell(std::string_view cell);
// The same as text for a result (a subject, a respondent, a unit): valid
// UTF-8, a file in Windows-1252 converted (see to_utf8 in fold.h).
std::string text_cell(std::string_view cell);

// A date cell as YYYY-MM-DD: ISO dates and times ("2026-11-03", "2026/11/03
// 10:15"), day first with dots ("03.11.2026"), month first with slashes
// ("11/3/2026 10:15:22", as US exports write). "" for anything else.
std::string csv_date(std::string_view cell);

// Whether the subjects of a file's runs of rows come in sorted order, byte by
// byte or naturally ("firm-9" before "firm-10"), ASCII case ignored: while
// they do, no subject can come back, and nothing need be remembered.
struct SubjectOrder {
  std::uint64_t byte_break = npos, natural_break = npos;  // the line where each order broke

  // A run of `subject` starting at `line`, after a run of `previous`.
  void step(std::string_view previous, std::string_view subject, std::uint64_t line);
  bool broken() const { return byte_break != npos && natural_break != npos; }
  std::uint64_t broken_at() const { return std::max(byte_break, natural_break); }
};

// The subjects seen so far, as 64-bit hashes (a collision can only make a
// file be read twice): how a subject whose rows come back is noticed.
class SeenSubjects {
 public:
  // False when `subject` was there already.
  bool insert(std::string_view subject) { return insert_hash(hash(subject)); }
  bool insert_hash(std::uint64_t hash);
  static std::uint64_t hash(std::string_view subject);

 private:
  std::vector<std::uint64_t> slots_;  // open addressing; 0 is empty
  std::size_t count_ = 0;
};

}  // namespace mmf::detail
