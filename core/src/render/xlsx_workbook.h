// Writing an xlsx workbook to bytes: libxlsxwriter writes files, so a
// temporary file is written, read back and removed. The creation date is
// fixed so that the same content gives the same bytes.
#pragma once

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include <xlsxwriter.h>

namespace mmf::detail {

// Calls `build` on a new workbook titled `title`, closes it, returns its bytes.
// Throws std::runtime_error when the workbook cannot be written.
std::string workbook_bytes(const std::string& title, const std::function<void(lxw_workbook*)>& build);

// A4, one page wide, `header` at the top, the sheet's name and the page
// number in the footer.
void print_setup(lxw_worksheet* ws, const std::string& header, bool landscape);
// Text for a header or footer: & starts Excel's codes, so it is doubled.
std::string header_text(std::string_view s);

// The workbooks' shared look: a title; a table heading, white on navy; a
// yellow cell to fill in (`as_text`: what is typed stays text, so that a
// date stays 2026-10-01).
lxw_format* title_format(lxw_workbook* wb);
lxw_format* heading_format(lxw_workbook* wb);
lxw_format* input_format(lxw_workbook* wb, bool as_text);

// Lines `text` wraps to in a column `width` characters wide (a column's
// width counts the default font's digits; prose runs a little narrower).
std::size_t wrapped_lines(std::string_view text, double width);

// Makes `row` tall enough for the longest of its wrapped cells, given as
// (text, column width): Excel does not grow a row to its text on opening a
// file, and LibreOffice does not either once the row has a style.
void fit_row(lxw_worksheet* ws, lxw_row_t row, std::initializer_list<std::pair<std::string_view, double>> cells);

}  // namespace mmf::detail
