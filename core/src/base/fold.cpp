// Text folding with ICU for matching survey exports to model texts.
#include "base/fold.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include <unicode/normalizer2.h>
#include <unicode/utf8.h>
#include <unicode/unistr.h>

namespace mmf::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string collapse(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (is_space(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

bool ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto length = static_cast<std::int32_t>(s.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(p, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

}  // namespace

bool is_utf8(std::string_view text) { return ascii(text) || valid_utf8(text); }

std::string to_utf8(std::string_view text) {
  if (is_utf8(text)) return std::string(text);
  std::string out;
  icu::UnicodeString(text.data(), static_cast<std::int32_t>(text.size()), "windows-1252").toUTF8String(out);
  return out;
}

std::string fold(std::string_view raw) {
  if (ascii(raw)) {
    std::string lower(raw);
    for (char& c : lower)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return collapse(lower);
  }
  const std::string utf8 = to_utf8(raw);
  const std::string_view text = utf8;
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) return collapse(text);
  icu::UnicodeString folded =
      nfkc_cf->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))),
                         status);
  if (U_FAILURE(status)) return collapse(text);
  std::string out;
  folded.toUTF8String(out);
  return collapse(out);
}

}  // namespace mmf::detail
