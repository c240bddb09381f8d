// Comparisons: results side by side — one subject under several models, or
// one model across assessments (over time, or across units and respondents).
//
// Thread-safety: a Comparison is a plain value; the functions read only their
// arguments and may be called from many threads at once.
#pragma once

#include <string>
#include <vector>

#include "mmf/export.h"
#include "mmf/render.h"
#include "mmf/result.h"

namespace mmf {

struct Comparison {
  std::vector<std::string> labels;  // one per column
  std::vector<Result> results;      // one per column, same order
  // True when every result is of the same model: then rows line up group by
  // group and deltas are given against the column before.
  MMF_CORE_EXPORT bool same_model() const;
};

// Column labels: the models when every result has a distinct one, else the
// dates when distinct, else the subjects when distinct, else "1", "2", ...
MMF_CORE_EXPORT std::vector<std::string> default_labels(const std::vector<Result>& results);

MMF_CORE_EXPORT std::string render_comparison_json(const Comparison& c, const RenderOptions& options = {});
MMF_CORE_EXPORT std::string render_comparison_text(const Comparison& c, const RenderOptions& options = {});
MMF_CORE_EXPORT std::string render_comparison_markdown(const Comparison& c, const RenderOptions& options = {});
MMF_CORE_EXPORT std::string render_comparison_csv(const Comparison& c, const RenderOptions& options = {});
// A self-contained HTML page with a grouped bar chart (inline SVG) and the table.
MMF_CORE_EXPORT std::string render_comparison_html(const Comparison& c, const RenderOptions& options = {});
// An xlsx workbook with the table and a native column chart. Throws as render_xlsx.
MMF_CORE_EXPORT std::string render_comparison_xlsx(const Comparison& c, const RenderOptions& options = {});
// The comparison as a client document, as render_docx and render_pdf write
// the assessment report: a cover, a summary of who stands highest and what
// moved most, each result's standing and the groups side by side. Throw as
// render_docx does when the report module cannot be loaded.
MMF_CORE_EXPORT std::string render_comparison_docx(const Comparison& c, const RenderOptions& options = {});
MMF_CORE_EXPORT std::string render_comparison_pdf(const Comparison& c, const RenderOptions& options = {});

}  // namespace mmf
