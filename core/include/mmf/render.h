// Renderers turn a Result into text: the formats-v1 §5 JSON, a terminal view
// and Markdown. They read only the Result (and the model it holds).
//
// Thread-safety: every function may be called from many threads at once
// (plugins' report sections, reached through RenderOptions::registry, must be
// stateless).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mmf/export.h"
#include "mmf/result.h"

namespace mmf {

class Registry;
struct Brand;

struct RenderOptions {
  std::string locale;                  // empty: the model's default locale
  const Registry* registry = nullptr;  // for plugins' report sections (HTML)
  const Brand* brand = nullptr;        // the firm's branding (mmf/brand.h) for docx and pdf; null: none
};

// The reports' own words in `locale`'s language, from the catalogues built
// into mmf (core/po): each of `english` translated, or as it is where the
// catalogue has none or the language has no catalogue. The web
// questionnaire asks for its words this way (POST /v1/messages).
MMF_CORE_EXPORT std::vector<std::string> translate_words(std::string_view locale, const std::vector<std::string>& english);
// The language whose catalogue translate_words uses for `locale`: "de" for
// "de-CH", "en" for a language without a catalogue.
MMF_CORE_EXPORT std::string catalogue_language(std::string_view locale);

// Text made safe to place in HTML.
MMF_CORE_EXPORT std::string html_escape(std::string_view text);

// The formats-v1 §5 document, indented by two spaces (as nlohmann's dump(2)).
MMF_CORE_EXPORT std::string render_json(const Result& result, const RenderOptions& options = {});
// The same document on one line, compact: a line of JSON Lines (mmf batch
// --format jsonl) and what the store keeps.
MMF_CORE_EXPORT std::string render_json_line(const Result& result);
MMF_CORE_EXPORT std::string render_text(const Result& result, const RenderOptions& options = {});
MMF_CORE_EXPORT std::string render_markdown(const Result& result, const RenderOptions& options = {});
// One self-contained HTML file: level ladder, radar chart (inline SVG) with the
// target overlaid, group bars against the level bands, gaps, roadmap,
// recommendations, every answer with its evidence, insights and warnings.
MMF_CORE_EXPORT std::string render_html(const Result& result, const RenderOptions& options = {});
// An Excel workbook (bytes of an .xlsx file): a Summary with a native bar
// chart of the groups against their targets and a heatmap of the groups by
// level, the Answers with their labels, a Roadmap with owner, effort, due
// and status columns, the Gaps, the plugin's Findings and, crosswalked, the
// Crosswalk (docs/reports.md). Throws std::runtime_error when its temporary
// file cannot be written.
MMF_CORE_EXPORT std::string render_xlsx(const Result& result, const RenderOptions& options = {});
// The report as a Word document (bytes of a .docx file), editable: a cover
// with the subject, date, assessor and firm, real headings, tables and
// styles (Title, Heading 1–3, "mmf Table") a consultant restyles, the charts
// as pictures, page numbers and the confidentiality mark in the footer.
MMF_CORE_EXPORT std::string render_docx(const Result& result, const RenderOptions& options = {});
// The report as PDF (bytes of a .pdf file) on A4: the same document as
// render_docx, laid out with cairo and pango, with bookmarks for its
// headings; no chart is cut by a page and no heading ends a page.
MMF_CORE_EXPORT std::string render_pdf(const Result& result, const RenderOptions& options = {});
// CSV for analysis elsewhere: a row for the overall result, each group and
// each question.
MMF_CORE_EXPORT std::string render_csv(const Result& result, const RenderOptions& options = {});

// A blank assessment for respondents: every question as an empty entry, with
// its text, help and valid answers in comments. Valid TOML as written.
MMF_CORE_EXPORT std::string render_template(const Model& model, const RenderOptions& options = {});
// The header row of a CSV export that mmf reads as it is: subject,
// respondent, unit, date, then every question id in file order.
MMF_CORE_EXPORT std::string render_template_csv(const Model& model);
// The questionnaire as an Excel workbook (bytes of an .xlsx file): a cover
// sheet for the subject and respondent, a sheet per top-level group with
// each question's text, help, defined answers and criteria, a dropdown of
// the answer labels, evidence and comment columns. Read back by
// parse_assessment_xlsx (mmf/xlsx_input.h). Throws std::runtime_error when
// its temporary file cannot be written.
MMF_CORE_EXPORT std::string render_template_xlsx(const Model& model, const RenderOptions& options = {});

// A model's levels, group tree and questions, for `mmf show`.
MMF_CORE_EXPORT std::string render_model(const Model& model, const RenderOptions& options = {});

// The model as a standalone mmf-model/1 TOML file, with whatever it extends
// merged in (`mmf show --resolved`). Loading it gives the same model.
MMF_CORE_EXPORT std::string render_model_toml(const Model& model);

// Values in the result JSON are rounded so that output is stable and short:
// scores and values to 4 decimals, percents to 1, priorities to 3.
MMF_CORE_EXPORT double round_to(double value, int decimals);

}  // namespace mmf
