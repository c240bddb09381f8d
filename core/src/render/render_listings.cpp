// The command line's listings as text and JSON (render_listings.h).
#include "render/render_listings.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mmf/plugin.h"
#include "mmf/plugin_host.h"
#include "mmf/registry.h"
#include "render/csv_writer.h"

namespace mmf::detail {

using Json = nlohmann::ordered_json;

std::string render_models_text(const ModelListing& models, const RenderOptions&) {
  std::size_t id_w = 2, version_w = 7, name_w = 4;
  for (const auto& e : models.entries) {
    id_w = std::max(id_w, e.id.size());
    version_w = std::max(version_w, e.version.size());
    name_w = std::max(name_w, e.name.size());
  }
  std::string out = fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", "ID", id_w, "VERSION", version_w, "NAME", name_w, "FILE");
  for (const auto& e : models.entries)
    out += fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", e.id, id_w, e.version, version_w, e.name, name_w,
                       e.file.string());
  return out;
}

std::string render_models_json(const ModelListing& models, const RenderOptions&) {
  Json list = Json::array();
  for (const auto& e : models.entries)
    list.push_back({{"id", e.id}, {"version", e.version}, {"name", e.name}, {"file", e.file.string()}});
  return list.dump(2) + "\n";
}

std::string render_plugins_text(const PluginListing& plugins, const RenderOptions&) {
  const Registry& registry = plugins.host.registry();
  std::string out = fmt::format("Plugin API {}.{}\n", plugin_api_major, plugin_api_minor);
  if (registry.plugins().empty()) out += "\nNo plugins loaded.\n";
  for (const auto& p : registry.plugins()) {
    out += fmt::format("\n{} {} (API {}.{})\n  {}\n  {}\n", p.name, p.version, p.api_major, p.api_minor,
                       p.description, p.file.string());
    for (const auto& r : p.registered) out += "  + " + r + "\n";
  }
  if (!plugins.host.refusals().empty()) {
    out += "\nRefused\n";
    for (const auto& r : plugins.host.refusals()) out += fmt::format("  {}: {}\n", r.file.string(), r.reason);
  }
  return out;
}

std::string render_plugins_json(const PluginListing& plugins, const RenderOptions&) {
  const Registry& registry = plugins.host.registry();
  Json j;
  j["api"] = fmt::format("{}.{}", plugin_api_major, plugin_api_minor);
  j["plugins"] = Json::array();
  for (const auto& p : registry.plugins())
    j["plugins"].push_back({{"name", p.name},
                            {"version", p.version},
                            {"api", fmt::format("{}.{}", p.api_major, p.api_minor)},
                            {"file", p.file.string()},
                            {"description", p.description},
                            {"registered", p.registered}});
  j["refused"] = Json::array();
  for (const auto& r : plugins.host.refusals()) j["refused"].push_back({{"file", r.file.string()}, {"reason", r.reason}});
  return j.dump(2) + "\n";
}

std::string render_stored_text(const StoredListing& stored, const RenderOptions&) {
  std::string out =
      fmt::format("{:>5}  {:<10}  {:<12}  {:>7}  {:<20}  {}\n", "ID", "DATE", "MODEL", "PERCENT", "LEVEL", "SUBJECT");
  for (const auto& e : stored.entries)
    out += fmt::format("{:>5}  {:<10}  {:<12}  {:>6.1f}%  {:<20}  {}\n", e.id, e.date, e.model, e.percent, e.level,
                       e.subject);
  return out;
}

std::string render_stored_json(const StoredListing& stored, const RenderOptions&) {
  Json j = Json::array();
  for (const auto& e : stored.entries)
    j.push_back({{"id", e.id}, {"subject", e.subject}, {"model", e.model}, {"model_version", e.model_version},
                 {"date", e.date}, {"added", e.added}, {"percent", e.percent}, {"level", e.level}});
  return j.dump(2) + "\n";
}

std::string render_export_jsonl(const StoredResults& results, const RenderOptions&) {
  std::string content;
  for (std::size_t i = 0; i < results.entries.size() && i < results.results.size(); ++i) {
    if (results.results[i].empty()) continue;  // an entry whose result could not be read
    auto j = Json::parse(results.results[i]);
    j["id"] = results.entries[i].id;
    content += j.dump() + "\n";
  }
  return content;
}

std::string render_export_csv(const StoredResults& results, const RenderOptions&) {
  std::string content = "id,subject,model,model_version,date,added,percent,level\n";
  for (const auto& e : results.entries)
    content += fmt::format("{},{},{},{},{},{},{},{}\n", e.id, csv_field(e.subject), csv_field(e.model),
                           csv_field(e.model_version), csv_field(e.date), csv_field(e.added), e.percent,
                           csv_field(e.level));
  return content;
}

std::string render_formats_text(const FormatListing& formats, const RenderOptions&) {
  const FormatTable& table = formats.table;
  std::string out = "Input formats (mmf assess --input-format, POST /v1/assess by Content-Type)\n";
  for (const auto& i : table.inputs()) {
    std::string extensions;
    for (const auto& e : i.extensions) extensions += (extensions.empty() ? "" : " ") + e;
    out += fmt::format("  {:<10} {:<14} {}\n", i.name, extensions,
                       i.owner == "mmf" ? i.description : fmt::format("plugin {}", i.owner));
  }
  out += "\nOutput formats (--format), by what is rendered\n";
  for (View view : all_views) {
    if (view == View::formats) continue;
    out += fmt::format("  {}\n", view_name(view));
    for (const auto* o : table.outputs(view)) {
      std::string name = o->name;
      for (const auto& alias : o->aliases) name += ", " + alias;
      out += fmt::format("    {:<14} {}\n", name, o->owner == "mmf" ? o->description : fmt::format("plugin {}", o->owner));
    }
  }
  return out;
}

std::string render_formats_json(const FormatListing& formats, const RenderOptions&) {
  const FormatTable& table = formats.table;
  Json inputs = Json::array();
  for (const auto& i : table.inputs())
    inputs.push_back({{"name", i.name},
                      {"owner", i.owner},
                      {"extensions", i.extensions},
                      {"media_type", i.media_type.empty() ? Json(nullptr) : Json(i.media_type)},
                      {"needs_model", i.needs_model},
                      {"description", i.description}});
  Json outputs = Json::object();
  for (View view : all_views) {
    Json list = Json::array();
    for (const auto* o : table.outputs(view))
      list.push_back({{"name", o->name},
                      {"aliases", o->aliases},
                      {"owner", o->owner},
                      {"media_type", o->media_type},
                      {"binary", o->binary},
                      {"description", o->description}});
    outputs[std::string(view_name(view))] = list;
  }
  return Json{{"format", "mmf-formats/1"}, {"inputs", inputs}, {"outputs", outputs}}.dump(2) + "\n";
}

}  // namespace mmf::detail
