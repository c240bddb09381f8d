// Writing CSV: the field quoting and the number form every CSV writer in mmf
// uses. Internal, not installed: exported from libmmf_core only so that mmf's
// own tests can hold them to their contract.
//
// Thread-safety: pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "mmf/export.h"

namespace mmf {

// A text field of CSV output, quoted when it needs to be (RFC 4180), and
// neutralised against formula injection (OWASP): a text starting with = + -
// @ tab or carriage return gets a leading apostrophe, so that a spreadsheet
// shows it instead of evaluating it — unless the whole text is a plain
// decimal number ("-1.5"), which no spreadsheet reads as a formula. Numbers
// a renderer writes itself (percents, values) do not pass through here.
MMF_CORE_EXPORT std::string csv_field(std::string_view value);

// Whether csv_field() puts an apostrophe before `value`.
MMF_CORE_EXPORT bool csv_needs_neutralising(std::string_view value);

// Appends round_to(value, 1) in its shortest form ("77.5", "83", "0"), the
// text fmt::format("{}", round_to(value, 1)) gives, without formatting a
// float: batch output writes millions of these.
MMF_CORE_EXPORT void append_tenths(std::string& out, double value);

}  // namespace mmf
