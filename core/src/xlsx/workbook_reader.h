// Reading an .xlsx workbook's cells (Office Open XML, SpreadsheetML): the
// zip package unpacked from memory with libzip, its parts parsed with
// pugixml. Only what mmf reads back is read: the sheets, the workbook-level
// defined names, shared strings and cell values; no formulas are computed.
//
// A workbook is input from strangers: every part is unpacked to at most
// max_part_bytes and all parts together to max_unpacked_bytes (a zip bomb
// stops there), with at most max_cells cells and max_sheets sheets read.
// pugixml resolves no external entity or DTD. Internal. Thread-safe: each
// Workbook is its own.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mmf::detail {

inline constexpr std::size_t max_part_bytes = 8u * 1024u * 1024u;
inline constexpr std::size_t max_unpacked_bytes = 32u * 1024u * 1024u;
inline constexpr std::size_t max_cells = 1000000;
inline constexpr std::size_t max_sheets = 256;

// A cell's value as stored: text (shared, inline or a formula's string),
// a number, a boolean, or an error value such as #N/A.
struct CellValue {
  enum class Kind { text, number, boolean, error };
  Kind kind = Kind::text;
  std::string text;  // text, and an error's code ("#N/A")
  double number = 0;  // number; boolean as 0 or 1
};

// A rectangle of cells, 0-based, inclusive.
struct CellRange {
  std::uint32_t first_row = 0, first_col = 0, last_row = 0, last_col = 0;
};

// Where a defined name points: one sheet's range. `error` is set when it
// points nowhere (#REF!, after its cells were deleted) or at something else.
struct NamedRange {
  std::string sheet;
  CellRange range;
  std::string error;
};

// "F5" for row 4, column 5 (0-based).
std::string cell_name(std::uint32_t row, std::uint32_t col);

class Workbook {
 public:
  // Opens the package; on failure returns nullopt with `error` saying why
  // in words for the person who sent the file.
  static std::optional<Workbook> open(std::string_view bytes, std::string& error);

  // A workbook-level defined name, or nullopt when the workbook has none of that name.
  std::optional<NamedRange> name(std::string_view defined_name) const;
  // Whether dates are counted from 1904 (workbookPr date1904).
  bool date1904() const { return date1904_; }

  // A sheet's cells by (row, column), or nullptr with `error` set.
  using Cells = std::map<std::pair<std::uint32_t, std::uint32_t>, CellValue>;
  const Cells* cells(const std::string& sheet, std::string& error);

  ~Workbook();
  Workbook(Workbook&&) noexcept;
  Workbook& operator=(Workbook&&) noexcept;

 private:
  struct Package;
  Workbook();
  bool load(std::string& error);

  std::unique_ptr<Package> package_;
  std::vector<std::string> sheet_names_;
  std::vector<std::string> sheet_parts_;  // parallel: "xl/worksheets/sheet1.xml"
  std::vector<std::pair<std::string, std::string>> names_;  // name, reference text
  std::vector<std::string> shared_;
  std::map<std::string, Cells> loaded_;
  std::size_t cells_read_ = 0;
  bool date1904_ = false;
};

// The civil date YYYY-MM-DD of a spreadsheet date serial (whole days), or
// empty when it is out of range.
std::string serial_date(double serial, bool date1904);

}  // namespace mmf::detail
