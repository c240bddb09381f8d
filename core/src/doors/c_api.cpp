// The C API (mmf/mmf.h): a thin, exception-proof door onto mmf::Workspace.
#include "mmf/mmf.h"

#include <cstdlib>
#include <cstring>
#include <new>

#include <fmt/format.h>

#include "mmf/load.h"
#include "mmf/mmf.hpp"
#include "mmf/workspace.h"

struct mmf_context {
  explicit mmf_context(mmf::WorkspaceOptions options) : workspace(std::move(options)) {}
  mmf::Workspace workspace;
};

struct mmf_model {
  std::shared_ptr<const mmf::Model> model;
};

struct mmf_result {
  mmf::Result result;
  std::string level;
};

namespace {

// Limits on the strings the API takes, checked before any is copied or
// scanned further (docs/embedding.md, "Limits"): a model or assessment text
// as a file (max_input_bytes), a name, id or directory as a path, a format
// name or locale as a word.
constexpr std::size_t max_name_bytes = 4096;
constexpr std::size_t max_word_bytes = 256;
constexpr std::size_t max_directories = 1024;

// Whether `s` is at most `limit` bytes, reading no more than limit + 1 of them.
bool within(const char* s, std::size_t limit) { return strnlen(s, limit + 1) <= limit; }
bool within_or_null(const char* s, std::size_t limit) { return !s || within(s, limit); }

char* copy_out(const std::string& s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (!p) throw std::bad_alloc();
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

void report(char** diagnostics, const mmf::Diagnostics& d) {
  if (!diagnostics) return;
  mmf::Diagnostics sorted = d;
  sorted.sort();
  std::string text;
  for (const auto& item : sorted.items()) text += item.str() + "\n";
  *diagnostics = copy_out(text);
}

void report(char** diagnostics, const std::string& message) {
  if (diagnostics) *diagnostics = copy_out(message + "\n");
}

// A string argument over its limit: MMF_BAD_ARGUMENT, saying which.
mmf_status too_long(char** diagnostics, const char* what, std::size_t limit) {
  report(diagnostics, fmt::format("error: {} is longer than {} bytes", what, limit));
  return MMF_BAD_ARGUMENT;
}

// A model or assessment text over the input limit: refused as a file that
// size is, MMF_INVALID_INPUT with the diagnostic.
mmf_status text_too_long(char** diagnostics, const char* name, const char* what) {
  mmf::Diagnostics d;
  d.error(mmf::Location{std::make_shared<const std::string>(name), {}},
          fmt::format("the {} is over the limit of {} bytes (32 MiB), the limit of a file", what,
                      mmf::max_input_bytes));
  report(diagnostics, d);
  return MMF_INVALID_INPUT;
}

// This thread's last failure that had no diagnostics to go to (mmf_last_error).
thread_local std::string last_error;

// Runs `f`, turning any exception into MMF_ERROR with its message.
template <class F>
mmf_status guarded(char** diagnostics, F&& f) {
  if (diagnostics) *diagnostics = nullptr;
  try {
    return f();
  } catch (const std::exception& e) {
    try {
      report(diagnostics, std::string("error: ") + e.what());
      if (!diagnostics) last_error = e.what();
    } catch (...) {
    }
    return MMF_ERROR;
  } catch (...) {
    return MMF_ERROR;
  }
}

mmf_status accept_model(mmf_context* context, mmf::Loaded<mmf::Model> loaded, mmf_model** out, char** diagnostics) {
  if (loaded.ok()) mmf::check_model_extensions(*loaded.value, context->workspace.registry(), loaded.diagnostics);
  if (!loaded.ok() || loaded.diagnostics.has_errors()) {
    report(diagnostics, loaded.diagnostics);
    return MMF_INVALID_INPUT;
  }
  *out = new mmf_model{loaded.value};
  return MMF_OK;
}

mmf_status assess_text(mmf_context* context, const mmf_model* model, std::string_view text, const char* name,
                       const char* input_format, mmf_result** out, char** diagnostics) {
  const mmf::Workspace& ws = context->workspace;
  mmf::ReadContext read{model->model.get(), nullptr, {}};
  auto parsed = ws.read_assessment(text, name ? name : "assessment", input_format ? input_format : "", read);
  if (!parsed.ok()) {
    report(diagnostics, parsed.diagnostics);
    return MMF_INVALID_INPUT;
  }
  auto outcome = ws.assess(model->model, *parsed.value);
  if (!outcome.ok()) {
    report(diagnostics, outcome.diagnostics);
    return MMF_INVALID_INPUT;
  }
  auto result = std::make_unique<mmf_result>();
  result->result = std::move(*outcome.result);
  const auto& m = *result->result.model;
  if (result->result.overall.level != mmf::npos) result->level = m.levels[result->result.overall.level].id;
  *out = result.release();
  return MMF_OK;
}

}  // namespace

extern "C" {

const char* mmf_last_error(void) { return last_error.c_str(); }

int mmf_api_version(void) { return MMF_C_API_VERSION_MAJOR * 1000 + MMF_C_API_VERSION_MINOR; }

const char* mmf_version(void) { return mmf::library_version(); }

const char* mmf_status_message(mmf_status status) {
  switch (status) {
    case MMF_OK: return "ok";
    case MMF_ERROR: return "error";
    case MMF_INVALID_INPUT: return "invalid input: see the diagnostics";
    case MMF_NOT_FOUND: return "not found";
    case MMF_BAD_ARGUMENT: return "bad argument";
  }
  return "unknown status";
}

mmf_status mmf_context_new(const char* const* model_dirs, size_t model_dir_count, const char* const* plugin_dirs,
                           size_t plugin_dir_count, mmf_context** out) {
  if (!out || (model_dir_count && !model_dirs) || (plugin_dir_count && !plugin_dirs)) return MMF_BAD_ARGUMENT;
  if (model_dir_count > max_directories || plugin_dir_count > max_directories) return MMF_BAD_ARGUMENT;
  for (size_t i = 0; i < model_dir_count; ++i)
    if (!model_dirs[i] || !within(model_dirs[i], max_name_bytes)) return MMF_BAD_ARGUMENT;
  for (size_t i = 0; i < plugin_dir_count; ++i)
    if (!plugin_dirs[i] || !within(plugin_dirs[i], max_name_bytes)) return MMF_BAD_ARGUMENT;
  return guarded(nullptr, [&] {
    mmf::WorkspaceOptions options;
    for (size_t i = 0; i < model_dir_count; ++i) options.model_dirs.emplace_back(model_dirs[i]);
    for (size_t i = 0; i < plugin_dir_count; ++i) options.plugin_dirs.emplace_back(plugin_dirs[i]);
    options.not_found_hint = " (the context's model directories)";
    *out = new mmf_context(std::move(options));
    return MMF_OK;
  });
}

void mmf_context_free(mmf_context* context) { delete context; }

mmf_status mmf_model_load(mmf_context* context, const char* id_or_path, mmf_model** out, char** diagnostics) {
  if (!context || !id_or_path || !out) return MMF_BAD_ARGUMENT;
  return guarded(diagnostics, [&] {
    if (!within(id_or_path, max_name_bytes)) return too_long(diagnostics, "the model id or path", max_name_bytes);
    mmf::Diagnostics d;
    bool not_found = false;
    auto model = context->workspace.model(id_or_path, d, &not_found);
    if (!model) {
      report(diagnostics, d);
      return not_found ? MMF_NOT_FOUND : MMF_INVALID_INPUT;
    }
    *out = new mmf_model{model};
    return MMF_OK;
  });
}

mmf_status mmf_model_parse(mmf_context* context, const char* toml, const char* name, mmf_model** out,
                           char** diagnostics) {
  if (!context || !toml || !out) return MMF_BAD_ARGUMENT;
  return guarded(diagnostics, [&] {
    if (!within_or_null(name, max_name_bytes)) return too_long(diagnostics, "the name", max_name_bytes);
    if (!name) name = "model.toml";
    const std::size_t size = strnlen(toml, mmf::max_input_bytes + 1);
    if (size > mmf::max_input_bytes) return text_too_long(diagnostics, name, "model text");
    return accept_model(context,
                        mmf::parse_model(std::string_view(toml, size), name, context->workspace.catalog().finder()),
                        out, diagnostics);
  });
}

const char* mmf_model_id(const mmf_model* model) { return model ? model->model->id.c_str() : nullptr; }

void mmf_model_free(mmf_model* model) { delete model; }

mmf_status mmf_assess(mmf_context* context, const mmf_model* model, const char* assessment, const char* name,
                      mmf_result** out, char** diagnostics) {
  if (!context || !model || !assessment || !out) return MMF_BAD_ARGUMENT;
  return guarded(diagnostics, [&] {
    if (!within_or_null(name, max_name_bytes)) return too_long(diagnostics, "the name", max_name_bytes);
    const std::size_t size = strnlen(assessment, mmf::max_input_bytes + 1);
    if (size > mmf::max_input_bytes) return text_too_long(diagnostics, name ? name : "assessment", "assessment text");
    return assess_text(context, model, std::string_view(assessment, size), name, nullptr, out, diagnostics);
  });
}

mmf_status mmf_assess_input(mmf_context* context, const mmf_model* model, const char* input, size_t length,
                            const char* name, const char* input_format, mmf_result** out, char** diagnostics) {
  if (!context || !model || (!input && length) || !out) return MMF_BAD_ARGUMENT;
  return guarded(diagnostics, [&] {
    if (!within_or_null(name, max_name_bytes)) return too_long(diagnostics, "the name", max_name_bytes);
    if (!within_or_null(input_format, max_word_bytes))
      return too_long(diagnostics, "the input format", max_word_bytes);
    if (length > mmf::max_input_bytes) return text_too_long(diagnostics, name ? name : "assessment", "input");
    return assess_text(context, model, std::string_view(input ? input : "", length), name, input_format, out,
                       diagnostics);
  });
}

double mmf_result_percent(const mmf_result* result) {
  return result && result->result.overall.scored ? mmf::round_to(result->result.overall.percent, 1) : 0.0;
}

const char* mmf_result_level(const mmf_result* result) {
  return result && !result->level.empty() ? result->level.c_str() : nullptr;
}

mmf_status mmf_result_render(mmf_context* context, const mmf_result* result, const char* format, const char* locale,
                             char** out, size_t* length) {
  if (!result || !format || !out) return MMF_BAD_ARGUMENT;
  *out = nullptr;
  if (!within(format, max_word_bytes) || !within_or_null(locale, max_word_bytes)) return MMF_BAD_ARGUMENT;
  return guarded(nullptr, [&] {
    const mmf::FormatTable& builtins = mmf::builtin_formats();  // without a context
    const mmf::FormatTable& table = context ? context->workspace.formats() : builtins;
    if (!table.find_output(mmf::View::result, format)) {
      last_error = fmt::format("unknown format '{}' (known: {})", format, table.names(mmf::View::result));
      return MMF_BAD_ARGUMENT;
    }
    mmf::RenderOptions options{locale ? locale : "", context ? &context->workspace.registry() : nullptr};
    mmf::Rendered rendered = table.render(format, result->result, options);
    if (!rendered.ok()) {
      last_error = rendered.error;  // "plugin 'x' failed in renderer 'y': ..."
      return MMF_ERROR;
    }
    last_error.clear();
    *out = copy_out(rendered.bytes);
    if (length) *length = rendered.bytes.size();
    return MMF_OK;
  });
}

mmf_status mmf_model_template(mmf_context* context, const mmf_model* model, const char* format, const char* locale,
                              char** out, size_t* length) {
  if (!context || !model || !format || !out) return MMF_BAD_ARGUMENT;
  *out = nullptr;
  if (!within(format, max_word_bytes) || !within_or_null(locale, max_word_bytes)) return MMF_BAD_ARGUMENT;
  return guarded(nullptr, [&] {
    const mmf::FormatTable& table = context->workspace.formats();
    if (!table.find_output(mmf::View::blank, format)) {
      last_error = table.unknown_output(mmf::View::blank, format);
      return MMF_BAD_ARGUMENT;
    }
    mmf::Rendered rendered = table.render(format, *model->model, mmf::RenderOptions{locale ? locale : ""});
    if (!rendered.ok()) {
      last_error = rendered.error;
      return MMF_ERROR;
    }
    last_error.clear();
    *out = copy_out(rendered.bytes);
    if (length) *length = rendered.bytes.size();
    return MMF_OK;
  });
}

mmf_status mmf_formats(mmf_context* context, char** out) {
  if (!context || !out) return MMF_BAD_ARGUMENT;
  *out = nullptr;
  return guarded(nullptr, [&] {
    const mmf::FormatTable& table = context->workspace.formats();
    *out = copy_out(table.render("json", mmf::FormatListing{table}, mmf::RenderOptions{}).bytes);
    return MMF_OK;
  });
}

void mmf_result_free(mmf_result* result) { delete result; }

void mmf_string_free(char* string) { std::free(string); }

}  // extern "C"
