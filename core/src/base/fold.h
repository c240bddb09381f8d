// Folding texts for comparison: how a survey export's header and answer cells
// are matched against question texts and option labels. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace mmf::detail {

// `text` in Unicode NFKC with case folded (ICU's NFKC_Casefold), every run
// of white space (a no-break space included) one space, trimmed: "  Fully
// IN place " and "fully in\u00a0place" fold alike. Invalid UTF-8 sequences
// are read as Windows-1252 (see to_utf8).
std::string fold(std::string_view text);

// `text` as valid UTF-8: itself when it is, else read as Windows-1252 (what
// Excel's plain "CSV" writes in Western locales) and converted.
std::string to_utf8(std::string_view text);
bool is_utf8(std::string_view text);

}  // namespace mmf::detail
