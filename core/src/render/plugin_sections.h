// The plugins' sections of a report (mmf/section.h), one list for every
// renderer: a plugin's ReportContent in the report's words, or — for a
// plugin built before API 2.4 — its ReportText lines read as blocks. And the
// writers that lay a section out as terminal text, Markdown or the HTML
// report's template data; Word, PDF and the workbook take the blocks
// themselves.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "mmf/render.h"
#include "mmf/result.h"
#include "mmf/section.h"

namespace mmf::detail {

class Messages;

struct PluginSection {
  std::string owner;
  Section section;
  // Empty for a ReportContent's section; for an older plugin's ReportText,
  // its words as it wrote them, which the text and Markdown reports print as
  // they always did (the section read from them serves Word, PDF and xlsx).
  std::string text;
  bool typed() const { return text.empty(); }
};

// The sections of `r`'s model's plugin, in the language of `words`. A
// section whose plugin throws or crashes is logged and left out; a section
// without a title is given "Reading the result"; a table without headers is
// left out, and its rows are made as wide as its headers.
// `with_text` false leaves older plugins' ReportText uncalled (the HTML
// report, which never showed it).
std::vector<PluginSection> plugin_sections(const Result& r, const RenderOptions& options, const Messages& words,
                                           bool with_text = true);

// The host's Words for a plugin: `words`' catalogue and numbers.
class CatalogueWords final : public Words {
 public:
  explicit CatalogueWords(const Messages& words) : words_(words) {}
  std::string tr(std::string_view english) const override;
  std::string trf(std::string_view english, const std::vector<std::string>& args) const override;
  std::string number(double value, int decimals) const override;
  std::string percent(double value, int decimals) const override;
  std::string language() const override;
  using Words::trf;

 private:
  const Messages& words_;
};

// ReportText's lines as blocks: a line ending in ':' heads what follows,
// "- " lines are a list, runs of lines indented by two spaces whose cells
// (split at two or more spaces) line up are a table; anything else is a
// paragraph.
Section section_from_text(std::string_view text);

// A table's cells that are numbers: per column, true when its first row's
// cell (or the column's `numeric` flag) says so.
std::vector<bool> numeric_columns(const SectionTable& table);

// The section under its title, for the terminal (tables in aligned columns),
// ending in a newline; control characters escaped.
std::string section_text(const Section& s);
// The section in Markdown, from a "## title" on; text escaped.
std::string section_markdown(const Section& s);
// The section as the HTML report's template data: {"title", "parts": [...]}.
nlohmann::ordered_json section_html_data(const Section& s);

}  // namespace mmf::detail
