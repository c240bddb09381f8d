// The report document: what a result says to a client, built once —
// a cover, then headings, paragraphs, lists, tables and charts — and laid out
// by each renderer in its own way (render_docx.cpp, render_pdf.cpp). Nothing
// here knows a file format; every string is plain UTF-8 text, escaped by the
// renderer that writes it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "mmf/brand.h"
#include "mmf/benchmark.h"
#include "mmf/compare.h"
#include "mmf/formats.h"
#include "mmf/roadmap.h"
#include "mmf/render.h"

namespace mmf::detail {
class Messages;
}

namespace mmf::report {

// An sRGB colour, 0xRRGGBB.
using Rgb = std::uint32_t;
Rgb parse_rgb(const std::string& hex, Rgb fallback);

struct Cover {
  std::string title;     // the model's name
  std::string subtitle;  // "Maturity assessment"
  std::string subject;
  std::vector<std::pair<std::string, std::string>> facts;  // label, value: date, assessor, firm, target …
};

struct Heading {
  int level = 1;  // 1 to 3
  std::string text;
};

enum class Tone { body, lead, note, warning };
struct Paragraph {
  std::string text;
  Tone tone = Tone::body;
};

struct Bullets {
  std::vector<std::string> items;
};

struct Table {
  std::vector<std::string> headers;
  std::vector<double> widths;  // each column's share of the text width; they sum to 1
  std::vector<bool> right;     // right-aligned (numeric) columns
  std::vector<std::vector<std::string>> rows;
  // A cell's background, parallel to rows (empty: none anywhere; 0: none).
  std::vector<std::vector<Rgb>> fills;
  bool first_column_bold = false;
};

// One axis per top-level group; values and targets are fractions 0..1, an
// axis without a value is a group nothing was scored in.
struct Radar {
  std::string caption;
  std::vector<std::string> labels;
  std::vector<std::optional<double>> values, targets;
  bool any_target = false;
};

// The groups as bars against the levels' bands, with their targets.
struct Bars {
  struct Row {
    std::string name;
    std::optional<double> percent;  // none: not assessed
    std::string text;               // the percent as the report writes it
    std::optional<double> target;
    int depth = 0;
  };
  std::string caption;
  std::vector<Row> rows;
  std::vector<std::pair<double, std::string>> bands;  // a level's lower bound in percent, its name
};

using Block = std::variant<Heading, Paragraph, Bullets, Table, Radar, Bars>;

struct Style {
  Rgb primary = 0x1F4E79, accent = 0xC55A11;
  std::string font;  // empty: the renderer's default
  std::string score = "Score", target = "Target";  // the charts' legend, in the document's language
  std::string not_assessed = "not assessed";
};

struct Document {
  std::string locale;
  std::string title;    // "Acme — Strategic Alliance Maturity": metadata, page headers
  std::string date;     // YYYY-MM-DD, the result's date: the documents' creation date
  std::string author;   // the assessor, else the firm
  Cover cover;
  std::string header;   // every page but the cover: the firm's name and the subject
  std::string footer;   // the brand's footer line
  std::string mark;     // the confidentiality mark
  std::string caveat;   // crosswalked numbers: on every page, under the header
  std::string page_of = "Page {} of {}";  // the footer's page number, in the document's language
  const Brand* brand = nullptr;
  Style style;
  std::vector<Block> blocks;
};

// What every document shares, set on `doc`: its language and brand, the
// title and subject, the date and author for its metadata, the header,
// footer and confidentiality mark, the brand's colours and font, and the
// charts' and page numbers' words.
void frame(Document& doc, const std::string& locale, const detail::Messages& words, const Brand* brand,
           std::string title, std::string subject, std::string date, std::string author);

// The levels' bands a Bars chart draws: each level's lower bound above 0, its
// name in `locale`.
std::vector<std::pair<double, std::string>> bands_of(const Model& model, const std::string& locale);

// Excel's three-colour scale (red, yellow, green) at `t` in 0..1: the
// heatmaps' fill.
Rgb heat(double t);

// The assessment report as a document.
Document assessment_document(const Result& result, const RenderOptions& options);
// Results side by side (mmf compare): where each stands, node by node.
Document comparison_document(const Comparison& comparison, const RenderOptions& options);
// The roadmap in phases, with the level each phase reaches (mmf roadmap).
Document roadmap_document(const Roadmap& roadmap, const RenderOptions& options);
// A subject's results over time (mmf history).
Document history_document(const History& history, const RenderOptions& options);
// Where a result stands in a population (mmf benchmark).
Document benchmark_document(const Standing& standing, const RenderOptions& options);

// The layouts, in the report module (libmmf_report.so, layout_module.cpp):
// cairo and pango and what they load (fontconfig, harfbuzz, glib, X11's
// client libraries: 38 shared libraries) cost every mmf process 8 ms at
// start, so they are loaded only by the first docx or pdf a process writes.
std::string layout_pdf(const Document& doc);
std::string layout_docx(const Document& doc);

// What the module exports, and core finds by this name (report_module.cpp).
// On failure returns false with `error` set; never throws.
using LayoutEntry = bool (*)(const Document* doc, int kind, std::string* out, std::string* error);
inline constexpr const char* layout_entry_name = "mmf_report_layout";
inline constexpr int layout_pdf_kind = 1, layout_docx_kind = 2;

}  // namespace mmf::report
