// The report module's one entry point: a document laid out as PDF or Word,
// with no exception crossing into core.
#include <exception>
#include <string>

#include "report/document.h"

extern "C" __attribute__((visibility("default"))) bool mmf_report_layout(const mmf::report::Document* doc, int kind,
                                                                         std::string* out, std::string* error) {
  try {
    *out = kind == mmf::report::layout_pdf_kind ? mmf::report::layout_pdf(*doc) : mmf::report::layout_docx(*doc);
    return true;
  } catch (const std::exception& e) {
    *error = e.what();
  } catch (...) {
    *error = "the report could not be laid out";
  }
  return false;
}
