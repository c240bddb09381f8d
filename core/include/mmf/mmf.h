/* The C API of mmf: for any language with a foreign-function interface.
 *
 * Handles are opaque. Every function returns an mmf_status; on failure,
 * functions that take a `char** diagnostics` set it to the problems found, one
 * per line ("FILE:LINE:COLUMN: error: MESSAGE"). Every string the library
 * returns through a `char**` belongs to the caller and is released with
 * mmf_string_free(). Strings returned as `const char*` belong to the handle
 * they came from. Free results and models before the context they came from.
 * No C++ exception crosses this API.
 *
 * Thread-safety: handles are not thread-safe; use one context per thread, or
 * lock around it.
 *
 * Bump rule: adding a function raises MMF_C_API_VERSION's minor; changing or
 * removing one raises its major. mmf_api_version() gives the version built. */
#ifndef MMF_MMF_H
#define MMF_MMF_H

#include <stddef.h>

#include "mmf/export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MMF_C_API_VERSION_MAJOR 1
#define MMF_C_API_VERSION_MINOR 3  /* 1.1: mmf_assess_input, mmf_formats; 1.2: mmf_last_error; 1.3: mmf_model_template */

typedef struct mmf_context mmf_context;
typedef struct mmf_model mmf_model;
typedef struct mmf_result mmf_result;

typedef enum mmf_status {
  MMF_OK = 0,
  MMF_ERROR = 1,          /* anything else: out of memory, an I/O error, a plugin fault */
  MMF_INVALID_INPUT = 2,  /* a model or assessment with errors: see the diagnostics */
  MMF_NOT_FOUND = 3,      /* no model with that id in the search path */
  MMF_BAD_ARGUMENT = 4    /* a null handle or pointer, an unknown format */
} mmf_status;

/* MMF_C_API_VERSION_MAJOR * 1000 + MMF_C_API_VERSION_MINOR of the library. */
MMF_CORE_EXPORT int mmf_api_version(void);
/* The library's version, such as "0.1.0". */
MMF_CORE_EXPORT const char* mmf_version(void);
/* A short English description of a status. */
MMF_CORE_EXPORT const char* mmf_status_message(mmf_status status);
/* Since 1.2: why this thread's last mmf_result_render failed, for a failure
 * with no diagnostics to go to ("unknown format 'pdf' (known: ...)", "plugin
 * 'x' failed in renderer 'y': ..."); "" after one that succeeded. Owned by
 * the library, valid until this thread's next call. */
MMF_CORE_EXPORT const char* mmf_last_error(void);

/* A context: where models are looked up by id, and the plugins loaded from
 * `plugin_dirs` (plugins that fail to load are skipped). Either list may be
 * empty (NULL with a count of 0). */
MMF_CORE_EXPORT mmf_status mmf_context_new(const char* const* model_dirs, size_t model_dir_count,
                                           const char* const* plugin_dirs, size_t plugin_dir_count, mmf_context** out);
MMF_CORE_EXPORT void mmf_context_free(mmf_context* context);

/* A model by id (from the context's directories) or by path. */
MMF_CORE_EXPORT mmf_status mmf_model_load(mmf_context* context, const char* id_or_path, mmf_model** out,
                                          char** diagnostics);
/* A model from TOML text in memory; `name` is used in diagnostics. */
MMF_CORE_EXPORT mmf_status mmf_model_parse(mmf_context* context, const char* toml, const char* name, mmf_model** out,
                                           char** diagnostics);
MMF_CORE_EXPORT const char* mmf_model_id(const mmf_model* model);
MMF_CORE_EXPORT void mmf_model_free(mmf_model* model);

/* Scores an assessment (text in memory) against a model. `name`, used in
 * diagnostics, also picks the input format by its extension, as a file name
 * does on the command line: .toml, .json, .csv (a survey export read against
 * the model) or a plugin importer's; else TOML or JSON is guessed. */
MMF_CORE_EXPORT mmf_status mmf_assess(mmf_context* context, const mmf_model* model, const char* assessment,
                                      const char* name, mmf_result** out, char** diagnostics);
/* Since 1.1: as mmf_assess, for `length` bytes that need not end in a NUL,
 * in input format `input_format` (a name mmf_formats lists: "toml", "json",
 * "csv", "xlsx" — a filled questionnaire workbook — or a plugin's), or by
 * `name` when it is NULL. */
MMF_CORE_EXPORT mmf_status mmf_assess_input(mmf_context* context, const mmf_model* model, const char* input,
                                            size_t length, const char* name, const char* input_format,
                                            mmf_result** out, char** diagnostics);
/* Since 1.1: the context's formats, built-in and plugins', as the JSON that
 * `mmf formats --format json` and GET /v1/formats give; free with
 * mmf_string_free. */
MMF_CORE_EXPORT mmf_status mmf_formats(mmf_context* context, char** out);
/* The overall percent (0 when nothing was scored) and level id (NULL when
 * no level applies; owned by the result). */
MMF_CORE_EXPORT double mmf_result_percent(const mmf_result* result);
MMF_CORE_EXPORT const char* mmf_result_level(const mmf_result* result);
/* Renders a result: "json", "text", "markdown", "html", "csv", "xlsx" or a
 * plugin's format. `locale` may be NULL. The bytes (NUL-terminated, `length`
 * not counting the NUL; xlsx may hold NULs) go to *out. */
MMF_CORE_EXPORT mmf_status mmf_result_render(mmf_context* context, const mmf_result* result, const char* format,
                                             const char* locale, char** out, size_t* length);
MMF_CORE_EXPORT void mmf_result_free(mmf_result* result);
/* Since 1.3: a blank assessment of `model` for respondents, in a template
 * format mmf_formats lists: "toml", "csv" (a survey export's header row) or
 * "xlsx" (the questionnaire workbook, read back by mmf_assess_input).
 * `locale` may be NULL. The bytes go to *out as mmf_result_render's do. */
MMF_CORE_EXPORT mmf_status mmf_model_template(mmf_context* context, const mmf_model* model, const char* format,
                                              const char* locale, char** out, size_t* length);

MMF_CORE_EXPORT void mmf_string_free(char* string);

#ifdef __cplusplus
}
#endif

#endif /* MMF_MMF_H */
