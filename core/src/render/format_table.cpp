// The one table of formats (mmf/formats.h): the built-in renderers and
// readers registered as plugins' are, and every lookup of a format by name.
// This is the only place where a format's name decides what runs.
#include "mmf/formats.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "mmf/batch.h"
#include "mmf/benchmark.h"
#include "mmf/compare.h"
#include "mmf/csv_input.h"
#include "mmf/xlsx_input.h"
#include "mmf/plugin.h"
#include "mmf/roadmap.h"
#include "base/quote.h"
#include "plugins/plugin_call.h"
#include "render/render_common.h"
#include "render/render_listings.h"

namespace mmf {

namespace {

using RenderFn = std::function<std::string(const void*, const RenderOptions&)>;
using ReadFn = std::function<Loaded<Assessment>(std::string_view, const std::string&, const ReadContext&)>;

struct Output {
  OutputFormatInfo info;
  RenderFn render;  // takes the view's document
};

struct Input {
  InputFormatInfo info;
  ReadFn read;
};

// A typed renderer as one that takes the view's document by address.
template <class Doc>
RenderFn typed(std::string (*f)(const Doc&, const RenderOptions&)) {
  return [f](const void* doc, const RenderOptions& options) { return f(*static_cast<const Doc*>(doc), options); };
}

constexpr const char* json_type = "application/json";
constexpr const char* text_type = "text/plain; charset=utf-8";
constexpr const char* markdown_type = "text/markdown; charset=utf-8";
constexpr const char* html_type = "text/html; charset=utf-8";
constexpr const char* csv_type = "text/csv; charset=utf-8";
constexpr const char* jsonl_type = "application/x-ndjson";
constexpr const char* toml_type = "application/toml";
constexpr const char* xlsx_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr const char* docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr const char* pdf_type = "application/pdf";

bool ends_with_folded(std::string_view name, std::string_view ext) {
  if (name.size() <= ext.size()) return false;
  for (std::size_t i = 0; i < ext.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(name[name.size() - ext.size() + i])) !=
        std::tolower(static_cast<unsigned char>(ext[i])))
      return false;
  return true;
}

}  // namespace

struct FormatTable::Impl {
  std::vector<Output> outputs;
  std::vector<Input> inputs;
  std::vector<InputFormatInfo> input_infos;  // parallel to inputs, for inputs()

  void output(View view, std::string name, std::vector<std::string> aliases, const char* media_type, bool binary,
              std::string description, RenderFn render) {
    OutputFormatInfo info;
    info.name = std::move(name);
    info.aliases = std::move(aliases);
    info.view = view;
    info.media_type = media_type;
    info.binary = binary;
    info.description = std::move(description);
    if (std::string_view(media_type) == text_type)  // a terminal shows it: no escape sequence from a model or an assessment reaches it
      render = [inner = std::move(render)](const void* doc, const RenderOptions& options) {
        std::string out = inner(doc, options);
        return detail::has_controls(out, true) ? detail::escape_controls(out, true) : out;
      };
    outputs.push_back(Output{std::move(info), std::move(render)});
  }

  void input(InputFormatInfo info, ReadFn read) {
    input_infos.push_back(info);
    inputs.push_back(Input{std::move(info), std::move(read)});
  }

  const Output* find(View view, std::string_view name) const {
    for (const auto& o : outputs)
      if (o.info.view == view &&
          (o.info.name == name || std::find(o.info.aliases.begin(), o.info.aliases.end(), name) != o.info.aliases.end()))
        return &o;
    return nullptr;
  }

  // Renders `doc` of `view` in `format`, through the guard: a built-in that
  // throws (a workbook that cannot be written) or a plugin's renderer.
  Rendered render(View view, std::string_view format, const void* doc, const RenderOptions& options,
                  const FormatTable& table) const {
    Rendered out;
    const Output* o = find(view, format);
    if (!o || !o->render) {
      out.error = table.unknown_output(view, format);
      return out;
    }
    if (!detail::call_plugin(o->info.owner, fmt::format("renderer '{}'", o->info.name), out.error,
                             [&] { out.bytes = o->render(doc, options); }))
      out.bytes.clear();
    return out;
  }
};

std::string_view view_name(View view) {
  switch (view) {
    case View::result: return "result";
    case View::comparison: return "comparison";
    case View::roadmap: return "roadmap";
    case View::history: return "history";
    case View::benchmark: return "benchmark";
    case View::blank: return "template";
    case View::batch: return "batch";
    case View::models: return "models";
    case View::plugins: return "plugins";
    case View::stored: return "stored";
    case View::store_export: return "store-export";
    case View::formats: return "formats";
  }
  return "?";
}

FormatTable::FormatTable() : impl_(std::make_unique<Impl>()) {
  Impl& t = *impl_;
  // Results.
  t.output(View::result, "text", {}, text_type, false, "a terminal view", typed<Result>(&render_text));
  t.output(View::result, "json", {}, json_type, false, "the result document (mmf-result/1)", typed<Result>(&render_json));
  t.output(View::result, "markdown", {"md"}, markdown_type, false, "a Markdown report",
           typed<Result>(&render_markdown));
  t.output(View::result, "html", {}, html_type, false, "a self-contained HTML report", typed<Result>(&render_html));
  t.output(View::result, "csv", {}, csv_type, false, "rows for the overall result, each group and question",
           typed<Result>(&render_csv));
  t.output(View::result, "xlsx", {}, xlsx_type, true, "an Excel workbook", typed<Result>(&render_xlsx));
  t.output(View::result, "docx", {}, docx_type, true, "the report as an editable Word document",
           typed<Result>(&render_docx));
  t.output(View::result, "pdf", {}, pdf_type, true, "the report as PDF, on A4", typed<Result>(&render_pdf));
  // Comparisons.
  t.output(View::comparison, "text", {}, text_type, false, "a terminal table", typed<Comparison>(&render_comparison_text));
  t.output(View::comparison, "json", {}, json_type, false, "the comparison document",
           typed<Comparison>(&render_comparison_json));
  t.output(View::comparison, "markdown", {"md"}, markdown_type, false, "a Markdown table",
           typed<Comparison>(&render_comparison_markdown));
  t.output(View::comparison, "csv", {}, csv_type, false, "one row per node and result",
           typed<Comparison>(&render_comparison_csv));
  t.output(View::comparison, "html", {}, html_type, false, "a page with charts",
           typed<Comparison>(&render_comparison_html));
  t.output(View::comparison, "xlsx", {}, xlsx_type, true, "an Excel workbook with a chart",
           typed<Comparison>(&render_comparison_xlsx));
  t.output(View::comparison, "docx", {}, docx_type, true, "the comparison as an editable Word document",
           typed<Comparison>(&render_comparison_docx));
  t.output(View::comparison, "pdf", {}, pdf_type, true, "the comparison as PDF, on A4",
           typed<Comparison>(&render_comparison_pdf));
  // Roadmaps.
  t.output(View::roadmap, "text", {}, text_type, false, "a terminal view", typed<Roadmap>(&render_roadmap_text));
  t.output(View::roadmap, "json", {}, json_type, false, "the roadmap document", typed<Roadmap>(&render_roadmap_json));
  t.output(View::roadmap, "markdown", {"md"}, markdown_type, false, "a Markdown plan",
           typed<Roadmap>(&render_roadmap_markdown));
  t.output(View::roadmap, "docx", {}, docx_type, true, "the roadmap as an editable Word document",
           typed<Roadmap>(&render_roadmap_docx));
  t.output(View::roadmap, "pdf", {}, pdf_type, true, "the roadmap as PDF, on A4", typed<Roadmap>(&render_roadmap_pdf));
  // Histories.
  // The human views name what the store keeps by id, where the model is known.
  auto history = [](std::string (*f)(const std::vector<Store::Point>&, const std::string&), bool named) {
    return RenderFn([f, named](const void* doc, const RenderOptions& options) {
      const auto& h = *static_cast<const History*>(doc);
      if (!named || h.models.empty()) return f(h.points, h.subject);
      return f(detail::named_points(h, options.locale), h.subject);
    });
  };
  t.output(View::history, "text", {}, text_type, false, "a terminal table", history(&render_history_text, true));
  t.output(View::history, "json", {}, json_type, false, "the history document", history(&render_history_json, false));
  t.output(View::history, "markdown", {"md"}, markdown_type, false, "a Markdown table",
           history(&render_history_markdown, true));
  t.output(View::history, "csv", {}, csv_type, false, "one row per result",
           RenderFn([](const void* doc, const RenderOptions&) {
             return render_history_csv(static_cast<const History*>(doc)->points);
           }));
  t.output(View::history, "html", {}, html_type, false, "a page with a trend chart", history(&render_history_html, true));
  t.output(View::history, "xlsx", {}, xlsx_type, true, "an Excel workbook with a line chart",
           history(&render_history_xlsx, true));
  t.output(View::history, "docx", {}, docx_type, true, "the history as an editable Word document",
           typed<History>(&render_history_docx));
  t.output(View::history, "pdf", {}, pdf_type, true, "the history as PDF, on A4", typed<History>(&render_history_pdf));
  // Benchmarks.
  t.output(View::benchmark, "text", {}, text_type, false, "a terminal table",
           RenderFn([](const void* doc, const RenderOptions&) {
             return render_benchmark_text(*static_cast<const Standing*>(doc));
           }));
  t.output(View::benchmark, "json", {}, json_type, false, "the standing document (mmf-benchmark/1)",
           RenderFn([](const void* doc, const RenderOptions&) {
             return render_benchmark_json(*static_cast<const Standing*>(doc));
           }));
  t.output(View::benchmark, "docx", {}, docx_type, true, "the standing as an editable Word document",
           typed<Standing>(&render_benchmark_docx));
  t.output(View::benchmark, "pdf", {}, pdf_type, true, "the standing as PDF, on A4", typed<Standing>(&render_benchmark_pdf));
  // Blank assessments.
  t.output(View::blank, "toml", {}, toml_type, false, "a blank assessment with each question's help",
           typed<Model>(&render_template));
  t.output(View::blank, "csv", {}, csv_type, false, "the header row of a survey export mmf reads as it is",
           RenderFn([](const void* doc, const RenderOptions&) {
             return render_template_csv(*static_cast<const Model*>(doc));
           }));
  t.output(View::blank, "xlsx", {}, xlsx_type, true,
           "the questionnaire as a workbook: a sheet per group, answers from dropdowns (docs/xlsx-input.md)",
           typed<Model>(&render_template_xlsx));
  // Batch output is streamed by BatchScorer: these entries name its formats.
  t.output(View::batch, "csv", {}, csv_type, false, "one row per assessment", nullptr);
  t.output(View::batch, "jsonl", {}, jsonl_type, false, "one result document per line (JSON Lines)", nullptr);
  // Listings.
  t.output(View::models, "text", {}, text_type, false, "a table", typed<ModelListing>(&detail::render_models_text));
  t.output(View::models, "json", {}, json_type, false, "an array of models", typed<ModelListing>(&detail::render_models_json));
  t.output(View::plugins, "text", {}, text_type, false, "a list", typed<PluginListing>(&detail::render_plugins_text));
  t.output(View::plugins, "json", {}, json_type, false, "the plugins and refusals",
           typed<PluginListing>(&detail::render_plugins_json));
  t.output(View::stored, "text", {}, text_type, false, "a table", typed<StoredListing>(&detail::render_stored_text));
  t.output(View::stored, "json", {}, json_type, false, "an array of entries",
           typed<StoredListing>(&detail::render_stored_json));
  t.output(View::store_export, "jsonl", {}, jsonl_type, false, "each result document with its id, one per line",
           typed<StoredResults>(&detail::render_export_jsonl));
  t.output(View::store_export, "csv", {}, csv_type, false, "one row per stored result",
           typed<StoredResults>(&detail::render_export_csv));
  t.output(View::formats, "text", {}, text_type, false, "a list by view",
           typed<FormatListing>(&detail::render_formats_text));
  t.output(View::formats, "json", {}, json_type, false, "the table, as GET /v1/formats gives it",
           typed<FormatListing>(&detail::render_formats_json));

  // Inputs.
  t.input(InputFormatInfo{"toml", {".toml"}, "mmf", "application/toml", "an assessment file (mmf-assessment/1)", false},
          [](std::string_view text, const std::string& name, const ReadContext&) {
            return parse_assessment(text, name, InputFormat::toml);
          });
  t.input(InputFormatInfo{"json", {".json"}, "mmf", "application/json", "an assessment file in JSON", false},
          [](std::string_view text, const std::string& name, const ReadContext&) {
            return parse_assessment(text, name, InputFormat::json);
          });
  t.input(InputFormatInfo{"csv", {".csv"}, "mmf", "text/csv",
                          "a survey export of one subject's respondents, one row each (docs/csv-input.md)", true},
          [](std::string_view text, const std::string& name, const ReadContext& context) {
            if (!context.model) {
              Loaded<Assessment> out;
              out.diagnostics.error(Location{std::make_shared<const std::string>(name), {}},
                                    "a CSV export is read against a model: name one");
              return out;
            }
            return parse_assessment_csv(text, name, *context.model, context.csv ? *context.csv : CsvOptions{},
                                        context.subject);
          });
  t.input(InputFormatInfo{"xlsx", {".xlsx"}, "mmf", xlsx_type,
                          "a filled questionnaire workbook, one respondent (mmf template MODEL --format xlsx)", true},
          [](std::string_view bytes, const std::string& name, const ReadContext& context) {
            if (!context.model) {
              Loaded<Assessment> out;
              out.diagnostics.error(Location{std::make_shared<const std::string>(name), {}},
                                    "a questionnaire workbook is read against a model: name one");
              return out;
            }
            return parse_assessment_xlsx(bytes, name, *context.model);
          });
}

FormatTable::~FormatTable() = default;

std::vector<const OutputFormatInfo*> FormatTable::outputs(View view) const {
  std::vector<const OutputFormatInfo*> out;
  for (const auto& o : impl_->outputs)
    if (o.info.view == view) out.push_back(&o.info);
  return out;
}

const OutputFormatInfo* FormatTable::find_output(View view, std::string_view name) const {
  const Output* o = impl_->find(view, name);
  return o ? &o->info : nullptr;
}

std::string FormatTable::names(View view) const {
  std::string s;
  for (const auto* o : outputs(view)) {
    if (!s.empty()) s += ", ";
    s += o->name;
    for (const auto& alias : o->aliases) s += " (" + alias + ")";
  }
  return s;
}

std::string FormatTable::unknown_output(View view, std::string_view name) const {
  return fmt::format("unknown format '{}' for {} output (known: {})", name, view_name(view), names(view));
}

const std::vector<InputFormatInfo>& FormatTable::inputs() const { return impl_->input_infos; }

const InputFormatInfo* FormatTable::find_input(std::string_view name) const {
  for (const auto& i : impl_->input_infos)
    if (i.name == name) return &i;
  return nullptr;
}

const InputFormatInfo* FormatTable::input_for(std::string_view file_name) const {
  // Plugins' extensions first: they are the more specific (".survey.csv").
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& i : impl_->input_infos) {
      if ((i.owner == "mmf") != (pass == 1)) continue;
      for (const auto& ext : i.extensions)
        if (ends_with_folded(file_name, ext)) return &i;
    }
  return nullptr;
}

const InputFormatInfo* FormatTable::input_for_media_type(std::string_view content_type) const {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  for (const auto& i : impl_->input_infos)
    if (!i.media_type.empty() && i.media_type == type) return &i;
  // application/vnd.x+json, text/x-csv and the like: by their suffix.
  for (const auto& i : impl_->input_infos)
    if (i.owner == "mmf" && !i.extensions.empty() && type.size() > i.extensions[0].size() &&
        ends_with_folded(type, i.extensions[0].substr(1)) &&
        (type[type.size() - i.extensions[0].size()] == '+' || type[type.size() - i.extensions[0].size()] == '-'))
      return &i;
  return nullptr;
}

std::string FormatTable::input_names() const {
  std::string s;
  for (const auto& i : impl_->input_infos) s += (s.empty() ? "" : ", ") + i.name;
  return s;
}

Rendered FormatTable::render_view(View view, std::string_view format, const void* doc,
                                  const RenderOptions& options) const {
  return impl_->render(view, format, doc, options, *this);
}

BatchFormat batch_format(const OutputFormatInfo& info) {
  return info.name == "jsonl" ? BatchFormat::jsonl : BatchFormat::csv;
}

Loaded<Assessment> FormatTable::read(std::string_view format, std::string_view text, const std::string& name,
                                     const ReadContext& context) const {
  if (format.empty()) return parse_assessment(text, name, InputFormat::automatic);
  for (const auto& i : impl_->inputs) {
    if (i.info.name != format) continue;
    Loaded<Assessment> out;
    std::string error;
    if (!detail::call_plugin(i.info.owner, fmt::format("importer '{}'", i.info.name), error,
                             [&] { out = i.read(text, name, context); })) {
      out = {};
      out.diagnostics.plugin_failure(Location{std::make_shared<const std::string>(name), {}}, error);
    } else if (!out.value && !out.diagnostics.has_errors()) {
      out.diagnostics.error(Location{std::make_shared<const std::string>(name), {}},
                            fmt::format("{}importer '{}' gave no assessment and no error",
                                        i.info.owner == "mmf" ? "" : fmt::format("plugin '{}': ", i.info.owner),
                                        i.info.name));
    }
    return out;
  }
  Loaded<Assessment> out;
  out.diagnostics.error(Location{std::make_shared<const std::string>(name), {}},
                        fmt::format("unknown input format '{}' (known: {})", format, input_names()));
  return out;
}

bool FormatTable::add_result_renderer(const std::string& format, const std::string& owner,
                                      std::shared_ptr<const ResultRenderer> renderer, std::string& taken_by,
                                      const std::string& media_type) {
  if (const Output* o = impl_->find(View::result, format)) {
    taken_by = o->info.owner;
    return false;
  }
  impl_->output(View::result, format, {}, media_type.c_str(), false, "",
                [renderer](const void* doc, const RenderOptions& options) {
                  return renderer->render(*static_cast<const Result*>(doc), options);
                });
  impl_->outputs.back().info.owner = owner;
  return true;
}

bool FormatTable::add_importer(const std::string& format, const std::string& owner, std::vector<std::string> extensions,
                               std::shared_ptr<const AssessmentImporter> importer, std::string& taken_by) {
  if (const InputFormatInfo* i = find_input(format)) {
    taken_by = i->owner;
    return false;
  }
  InputFormatInfo info{format, std::move(extensions), owner, "", "", false};
  impl_->input(std::move(info), [importer](std::string_view text, const std::string& name, const ReadContext&) {
    return importer->import(text, name);
  });
  return true;
}

const FormatTable& builtin_formats() {
  static const FormatTable table;
  return table;
}

}  // namespace mmf
