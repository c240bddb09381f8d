// A firm's branding for the client documents (docx, pdf, and the HTML
// report's cover): its name, logo, colours, footer and confidentiality mark,
// from an mmf-brand/1 file (docs/reports.md, "Branding") so that no rebuild
// is needed. RenderOptions::brand points at one.
//
// Thread-safety: a loaded Brand is immutable and may be shared by threads.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "mmf/export.h"
#include "mmf/load.h"

namespace mmf {

// The most bytes a logo may take, and the most pixels on either side.
inline constexpr std::size_t max_logo_bytes = 2u * 1024u * 1024u;
inline constexpr std::uint32_t max_logo_pixels = 4096;

struct Brand {
  std::string firm;                            // "Northwind Advisory": on the cover, in every page header
  std::string footer;                          // a line in every page footer, such as the firm's address
  std::string confidentiality = "Confidential";  // the mark on every page; empty: none
  std::string primary = "#1F4E79";             // headings, table headers, the score on the charts
  std::string accent = "#C55A11";              // the target on the charts
  std::string font;                            // a font family for the documents; empty: the default
  std::string logo_png;                        // the logo's bytes (a PNG), or empty
  std::uint32_t logo_width = 0, logo_height = 0;  // its size in pixels
};

// Reads an mmf-brand/1 file (TOML). The logo, a PNG, is read relative to the
// file. Every problem is reported with file, line and column.
MMF_CORE_EXPORT Loaded<Brand> load_brand(const std::filesystem::path& file);
// The same from text; `base` is where a relative logo path is found from.
MMF_CORE_EXPORT Loaded<Brand> parse_brand(std::string_view text, std::string file_name,
                                          const std::filesystem::path& base);

}  // namespace mmf
