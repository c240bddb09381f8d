// The C API (mmf/mmf.h): thin, exception-proof wrappers over the C++ API.
#include "mmf/mmf.h"

#include <cstdlib>
#include <cstring>
#include <new>

#include "mmf/mmf.hpp"

struct mmf_context {
  mmf::PluginHost plugins;
  std::vector<std::filesystem::path> model_dirs;
};

struct mmf_model {
  std::shared_ptr<const mmf::Model> model;
};

struct mmf_result {
  mmf::Result result;
  std::string level;
};

namespace {

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

// Runs `f`, turning any exception into MMF_ERROR with its message.
template <class F>
mmf_status guarded(char** diagnostics, F&& f) {
  if (diagnostics) *diagnostics = nullptr;
  try {
    return f();
  } catch (const std::exception& e) {
    try {
      report(diagnostics, std::string("error: ") + e.what());
    } catch (...) {
    }
    return MMF_ERROR;
  } catch (...) {
    return MMF_ERROR;
  }
}

mmf_status accept_model(mmf_context* context, mmf::Loaded<mmf::Model> loaded, mmf_model** out, char** diagnostics) {
  if (loaded.ok()) mmf::check_model_extensions(*loaded.value, context->plugins.registry(), loaded.diagnostics);
  if (!loaded.ok() || loaded.diagnostics.has_errors()) {
    report(diagnostics, loaded.diagnostics);
    return MMF_INVALID_INPUT;
  }
  *out = new mmf_model{loaded.value};
  return MMF_OK;
}

}  // namespace

extern "C" {

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
  return guarded(nullptr, [&] {
    auto context = std::make_unique<mmf_context>();
    for (size_t i = 0; i < model_dir_count; ++i) context->model_dirs.emplace_back(model_dirs[i]);
    for (size_t i = 0; i < plugin_dir_count; ++i) context->plugins.load_directory(plugin_dirs[i]);
    *out = context.release();
    return MMF_OK;
  });
}

void mmf_context_free(mmf_context* context) { delete context; }

mmf_status mmf_model_load(mmf_context* context, const char* id_or_path, mmf_model** out, char** diagnostics) {
  if (!context || !id_or_path || !out) return MMF_BAD_ARGUMENT;
  return guarded(diagnostics, [&] {
    mmf::ModelCatalog catalog(context->model_dirs);
    std::string ref = id_or_path;
    std::filesystem::path file = mmf::looks_like_path(ref) ? std::filesystem::path(ref) : catalog.find(ref);
    if (file.empty()) {
      report(diagnostics, "error: model '" + ref + "' not found in the context's model directories");
      return MMF_NOT_FOUND;
    }
    return accept_model(context, mmf::load_model(file, catalog.finder()), out, diagnostics);
  });
}

mmf_status mmf_model_parse(mmf_context* context, const char* toml, const char* name, mmf_model** out,
                           char** diagnostics) {
  if (!context || !toml || !out) return MMF_BAD_ARGUMENT;
  return guarded(diagnostics, [&] {
    mmf::ModelCatalog catalog(context->model_dirs);
    return accept_model(context, mmf::parse_model(toml, name ? name : "model.toml", catalog.finder()), out, diagnostics);
  });
}

const char* mmf_model_id(const mmf_model* model) { return model ? model->model->id.c_str() : nullptr; }

void mmf_model_free(mmf_model* model) { delete model; }

mmf_status mmf_assess(mmf_context* context, const mmf_model* model, const char* assessment, const char* name,
                      mmf_result** out, char** diagnostics) {
  if (!context || !model || !assessment || !out) return MMF_BAD_ARGUMENT;
  return guarded(diagnostics, [&] {
    auto parsed = mmf::parse_assessment(assessment, name ? name : "assessment");
    if (!parsed.ok()) {
      report(diagnostics, parsed.diagnostics);
      return MMF_INVALID_INPUT;
    }
    auto outcome = mmf::assess(model->model, *parsed.value, context->plugins.registry());
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
  return guarded(nullptr, [&] {
    mmf::RenderOptions options{locale ? locale : "", context ? &context->plugins.registry() : nullptr};
    std::string f = format, bytes;
    const mmf::Result& r = result->result;
    if (f == "json") bytes = mmf::render_json(r, options);
    else if (f == "text") bytes = mmf::render_text(r, options);
    else if (f == "markdown") bytes = mmf::render_markdown(r, options);
    else if (f == "html") bytes = mmf::render_html(r, options);
    else if (f == "csv") bytes = mmf::render_csv(r, options);
    else if (f == "xlsx") bytes = mmf::render_xlsx(r, options);
    else if (const auto* renderer = context ? context->plugins.registry().find_renderer(f) : nullptr)
      bytes = renderer->renderer->render(r, options);
    else
      return MMF_BAD_ARGUMENT;
    *out = copy_out(bytes);
    if (length) *length = bytes.size();
    return MMF_OK;
  });
}

void mmf_result_free(mmf_result* result) { delete result; }

void mmf_string_free(char* string) { std::free(string); }

}  // extern "C"
