// mmf-brand/1 files: a firm's name, logo, colours and marks for the client
// documents (docs/reports.md, "Branding").
#include "mmf/brand.h"

#include <cctype>

#include <fmt/format.h>

#include "base/quote.h"
#include "load/doc.h"
#include "load/doc_reader.h"
#include "load/load_file.h"

namespace mmf {

namespace {

constexpr std::string_view kFormat = "mmf-brand/1";
constexpr std::size_t kMaxLine = 200;  // characters in the firm's name, the footer or the mark

bool colour(std::string_view s) {
  if (s.size() != 7 || s[0] != '#') return false;
  for (char c : s.substr(1))
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

std::size_t chars(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

bool font_name(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != ' ' && c != '-') return false;
  return true;
}

std::uint32_t be32(std::string_view s, std::size_t at) {
  return (std::uint32_t(static_cast<unsigned char>(s[at])) << 24) |
         (std::uint32_t(static_cast<unsigned char>(s[at + 1])) << 16) |
         (std::uint32_t(static_cast<unsigned char>(s[at + 2])) << 8) | std::uint32_t(static_cast<unsigned char>(s[at + 3]));
}

}  // namespace

Loaded<Brand> parse_brand(std::string_view text, std::string file_name, const std::filesystem::path& base) {
  Loaded<Brand> result;
  Diagnostics& out = result.diagnostics;
  Location file{std::make_shared<const std::string>(std::move(file_name)), {}};
  auto doc = detail::parse_toml_doc(text, file, out);
  if (!doc.ok) return result;
  detail::check_limits(doc.root, file, out);
  auto brand = std::make_shared<Brand>();
  detail::TableReader top(doc.root, "the brand file", file, out);
  if (!top.expect_format(kFormat, "brand file")) return result;
  auto line = [&](std::string_view key, std::string& into) {
    auto s = top.string(key);
    if (!s) return;
    if (chars(*s) > kMaxLine || s->find_first_of("\r\n\t") != std::string::npos ||
        detail::has_controls(*s, false))
      out.error(top.value_location(key), fmt::format("'{}' must be one line of at most {} characters", key, kMaxLine));
    else into = *s;
  };
  line("firm", brand->firm);
  line("footer", brand->footer);
  line("confidentiality", brand->confidentiality);
  for (auto [key, into] : {std::pair<std::string_view, std::string*>{"primary", &brand->primary},
                           std::pair<std::string_view, std::string*>{"accent", &brand->accent}})
    if (auto s = top.string(key)) {
      if (!colour(*s))
        out.error(top.value_location(key),
                  fmt::format("'{}' must be a colour written #RRGGBB, such as \"#1F4E79\", not \"{}\"", key,
                              detail::excerpt(*s)));
      else *into = *s;
    }
  if (auto s = top.string("font")) {
    if (!font_name(*s))
      out.error(top.value_location("font"),
                fmt::format("'font' must be a font family name (letters, digits, spaces, hyphens; at most 64), not \"{}\"",
                            detail::excerpt(*s)));
    else brand->font = *s;
  }
  if (auto logo = top.string("logo")) {
    const Location at = top.value_location("logo");
    std::filesystem::path path(*logo);
    if (path.is_relative()) path = base / path;
    std::string error;
    auto bytes = read_file(path, max_logo_bytes, error);
    if (!bytes) {
      out.error(at, fmt::format("the logo '{}': {}", detail::excerpt(*logo), error));
    } else if (bytes->size() < 24 || bytes->compare(0, 8, "\x89PNG\r\n\x1a\n") != 0 || bytes->compare(12, 4, "IHDR") != 0) {
      out.error(at, fmt::format("the logo '{}' must be a PNG image", detail::excerpt(*logo)));
    } else {
      const std::uint32_t w = be32(*bytes, 16), h = be32(*bytes, 20);
      if (w == 0 || h == 0 || w > max_logo_pixels || h > max_logo_pixels)
        out.error(at, fmt::format("the logo '{}' is {}×{} pixels; at most {} on either side", detail::excerpt(*logo), w,
                                  h, max_logo_pixels));
      else {
        brand->logo_png = std::move(*bytes);
        brand->logo_width = w;
        brand->logo_height = h;
      }
    }
  }
  top.finish({"format", "firm", "footer", "confidentiality", "primary", "accent", "font", "logo"});
  if (!out.has_errors()) result.value = std::move(brand);
  return result;
}

Loaded<Brand> load_brand(const std::filesystem::path& file) {
  return detail::load_file<Brand>(file, [&](std::string_view text, std::string name) {
    return parse_brand(text, std::move(name), file.parent_path());
  });
}

}  // namespace mmf
