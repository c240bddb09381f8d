// render_docx and render_pdf: the document is built here, in core, and laid
// out by the report module, loaded beside libmmf_core the first time a
// process asks for one (document.h says why). The module stays loaded for
// the life of the process, so nothing it made outlives it.
#include <dlfcn.h>

#include <filesystem>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "mmf/compare.h"
#include "mmf/render.h"
#include "mmf/roadmap.h"
#include "report/document.h"

namespace mmf {

namespace {

report::LayoutEntry layout_entry() {
  static std::once_flag once;
  static report::LayoutEntry entry = nullptr;
  static std::string failure;
  std::call_once(once, [] {
    Dl_info self{};
    if (!dladdr(reinterpret_cast<const void*>(&render_pdf), &self) || !self.dli_fname) {
      failure = "the report module cannot be found: where libmmf_core is loaded from is unknown";
      return;
    }
    const auto path = std::filesystem::path(self.dli_fname).parent_path() / "libmmf_report.so";
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      // Where it was looked for goes to the log, not into the message a
      // service may send to a client.
      const char* why = dlerror();
      spdlog::error("the report module: {}", why ? why : "unknown error");
      failure = "the report module libmmf_report.so could not be loaded beside libmmf_core (the log says why)";
      return;
    }
    entry = reinterpret_cast<report::LayoutEntry>(dlsym(handle, report::layout_entry_name));
    if (!entry) failure = "the report module libmmf_report.so has no entry point";
  });
  if (!entry) throw std::runtime_error(failure);
  return entry;
}

// Builds the document of `x` and lays it out as `kind`; a missing module
// fails before any work.
template <class T>
std::string layout(const T& x, const RenderOptions& options, report::Document (*build)(const T&, const RenderOptions&),
                   int kind) {
  const report::LayoutEntry entry = layout_entry();
  const report::Document doc = build(x, options);
  std::string out, error;
  if (!entry(&doc, kind, &out, &error)) throw std::runtime_error(error);
  return out;
}

}  // namespace

std::string render_pdf(const Result& result, const RenderOptions& options) {
  return layout(result, options, &report::assessment_document, report::layout_pdf_kind);
}

std::string render_docx(const Result& result, const RenderOptions& options) {
  return layout(result, options, &report::assessment_document, report::layout_docx_kind);
}

std::string render_comparison_pdf(const Comparison& comparison, const RenderOptions& options) {
  return layout(comparison, options, &report::comparison_document, report::layout_pdf_kind);
}

std::string render_comparison_docx(const Comparison& comparison, const RenderOptions& options) {
  return layout(comparison, options, &report::comparison_document, report::layout_docx_kind);
}

std::string render_roadmap_pdf(const Roadmap& roadmap, const RenderOptions& options) {
  return layout(roadmap, options, &report::roadmap_document, report::layout_pdf_kind);
}

std::string render_roadmap_docx(const Roadmap& roadmap, const RenderOptions& options) {
  return layout(roadmap, options, &report::roadmap_document, report::layout_docx_kind);
}

std::string render_history_pdf(const History& history, const RenderOptions& options) {
  return layout(history, options, &report::history_document, report::layout_pdf_kind);
}

std::string render_history_docx(const History& history, const RenderOptions& options) {
  return layout(history, options, &report::history_document, report::layout_docx_kind);
}

std::string render_benchmark_pdf(const Standing& standing, const RenderOptions& options) {
  return layout(standing, options, &report::benchmark_document, report::layout_pdf_kind);
}

std::string render_benchmark_docx(const Standing& standing, const RenderOptions& options) {
  return layout(standing, options, &report::benchmark_document, report::layout_docx_kind);
}

}  // namespace mmf
