// A plugin's part of every report (plugin API 2.4): typed blocks — headings,
// paragraphs, warnings, lists and tables of plain text — that the host lays
// out itself in the text, Markdown, HTML, Word, PDF and Excel reports. The
// plugin never writes markup: the host escapes every string for the format
// it writes.
//
// Words: the plugin asks the host's message catalogue for its words
// (Words::tr and trf, in the report's language, English when the catalogue
// lacks them) and for numbers written the locale's way. The shipped
// plugins' words are in core/po; scripts/check-messages finds them because
// they go through tr() and trf().
//
// Thread-safety: a ReportContent is called from any thread, like every
// object a plugin registers; Words may be used from the calling thread.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mmf/export.h"
#include "mmf/render.h"
#include "mmf/result.h"

namespace mmf {

// A table: a header row and rows of cells, every row as wide as the header.
struct SectionTable {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;  // per column: a number, set right-aligned; may be shorter than the headers
};

struct SectionBlock {
  enum class Kind { heading, paragraph, warning, bullets, table };
  Kind kind = Kind::paragraph;
  std::string text;                // heading, paragraph, warning
  std::vector<std::string> items;  // bullets
  SectionTable table;              // table
};

// The plugin's section: a title (the report's heading for it) and its blocks.
struct Section {
  std::string title;
  std::vector<SectionBlock> blocks;

  Section& heading(std::string text) { return add(SectionBlock::Kind::heading, std::move(text)); }
  Section& paragraph(std::string text) { return add(SectionBlock::Kind::paragraph, std::move(text)); }
  // Something that holds the result back: set apart from the paragraphs.
  Section& warning(std::string text) { return add(SectionBlock::Kind::warning, std::move(text)); }
  Section& bullets(std::vector<std::string> items) {
    SectionBlock b;
    b.kind = SectionBlock::Kind::bullets;
    b.items = std::move(items);
    blocks.push_back(std::move(b));
    return *this;
  }
  Section& table(SectionTable t) {
    SectionBlock b;
    b.kind = SectionBlock::Kind::table;
    b.table = std::move(t);
    blocks.push_back(std::move(b));
    return *this;
  }

 private:
  Section& add(SectionBlock::Kind kind, std::string text) {
    SectionBlock b;
    b.kind = kind;
    b.text = std::move(text);
    blocks.push_back(std::move(b));
    return *this;
  }
};

// The host's words and numbers in the report's language. The host implements
// it: new functions go at its end, with a minor bump.
class MMF_CORE_EXPORT Words {
 public:
  virtual ~Words();
  // The catalogue's translation of `english`, else `english`.
  virtual std::string tr(std::string_view english) const = 0;
  // The translation of a format string with "{}" placeholders, filled in
  // order with `args`; a translation that does not fit falls back to English.
  virtual std::string trf(std::string_view english, const std::vector<std::string>& args) const = 0;
  // "39.2" in English, "39,2" in German.
  virtual std::string number(double value, int decimals) const = 0;
  // A percent (39.2 is 39.2%): "39.2%", "39,2 %".
  virtual std::string percent(double value, int decimals) const = 0;
  // The report's language: "en", "de", …
  virtual std::string language() const = 0;

  std::string trf(std::string_view english, std::initializer_list<std::string> args) const {
    return trf(english, std::vector<std::string>(args));
  }
};

// Adds the plugin's section to the reports of results whose model names the
// plugin (PluginRegistrar::add_report_content). A plugin that registers one
// has it used in every report: its ReportSection and ReportText, if it also
// has them, are not called. (A plugin built before API 2.4 keeps its
// ReportSection in the HTML report and its ReportText, as written, in the
// text and Markdown ones.)
class MMF_CORE_EXPORT ReportContent {
 public:
  virtual ~ReportContent();
  virtual Section section(const Result& result, const RenderOptions& options, const Words& words) const = 0;
};

}  // namespace mmf
