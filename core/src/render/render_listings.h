// The listings of the command line as text and JSON: models found, plugins
// loaded, stored assessments, and the store's export. Registered in the
// format table (views models, plugins, stored, store_export). Thread-safe.
#pragma once

#include <string>

#include "mmf/formats.h"

namespace mmf::detail {

std::string render_models_text(const ModelListing& models, const RenderOptions& options);
std::string render_models_json(const ModelListing& models, const RenderOptions& options);
std::string render_plugins_text(const PluginListing& plugins, const RenderOptions& options);
std::string render_plugins_json(const PluginListing& plugins, const RenderOptions& options);
std::string render_stored_text(const StoredListing& stored, const RenderOptions& options);
std::string render_stored_json(const StoredListing& stored, const RenderOptions& options);
std::string render_export_jsonl(const StoredResults& results, const RenderOptions& options);
std::string render_export_csv(const StoredResults& results, const RenderOptions& options);
std::string render_formats_text(const FormatListing& formats, const RenderOptions& options);
std::string render_formats_json(const FormatListing& formats, const RenderOptions& options);

}  // namespace mmf::detail
