// Writing an xlsx workbook to bytes: libxlsxwriter writes files, so a
// temporary file is written, read back and removed. The creation date is
// fixed so that the same content gives the same bytes.
#pragma once

#include <functional>
#include <string>

#include <xlsxwriter.h>

namespace mmf::detail {

// Calls `build` on a new workbook titled `title`, closes it, returns its bytes.
// Throws std::runtime_error when the workbook cannot be written.
std::string workbook_bytes(const std::string& title, const std::function<void(lxw_workbook*)>& build);

}  // namespace mmf::detail
