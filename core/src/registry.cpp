// The registry of rules, insights, importers and renderers, and the interface
// destructors of the plugin API.
#include "mmf/registry.h"

#include <algorithm>

#include <fmt/format.h>

#include "mmf/load.h"

namespace mmf {

PluginLogger::~PluginLogger() = default;
InsightProducer::~InsightProducer() = default;
AssessmentImporter::~AssessmentImporter() = default;
ResultRenderer::~ResultRenderer() = default;
PluginRegistrar::~PluginRegistrar() = default;
ReportSection::~ReportSection() = default;

Registry::Registry() : rules_(RuleRegistry::with_builtins()) {}
Registry::~Registry() = default;

const Registry::Importer* Registry::find_importer(std::string_view format) const {
  for (const auto& i : importers_)
    if (i.format == format) return &i;
  return nullptr;
}

const Registry::Importer* Registry::importer_for(const std::filesystem::path& file) const {
  std::string name = file.filename().string();
  for (const auto& i : importers_)
    for (const auto& ext : i.extensions)
      if (name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0) return &i;
  return nullptr;
}

const Registry::Renderer* Registry::find_renderer(std::string_view format) const {
  for (const auto& r : renderers_)
    if (r.format == format) return &r;
  return nullptr;
}

const PluginInfo* Registry::find_plugin(std::string_view name) const {
  for (const auto& p : plugins_)
    if (p.name == name) return &p;
  return nullptr;
}

namespace {

// Warns for each need of the model's plugin rule that no question meets,
// at the [remove] entries that dropped the questions that met it.
void check_rule_needs(const Model& model, const Registry& registry, Diagnostics& out) {
  const PluginInfo* plugin = registry.find_plugin(registry.rules().owner(model.scoring.rule));
  if (!plugin) return;
  for (const auto& need : plugin->needs) {
    if (need.rule != model.scoring.rule) continue;
    if (std::any_of(model.questions.begin(), model.questions.end(),
                    [&](const Question& q) { return q.has_tag(need.tag); }))
      continue;
    std::string why = need.reason.empty() ? std::string() : " (" + need.reason + ")";
    std::string removed;
    std::size_t count = 0;
    const Location* where = nullptr;
    for (const auto& r : model.removed_questions)
      if (std::find(r.tags.begin(), r.tags.end(), need.tag) != r.tags.end()) {
        removed += (removed.empty() ? "'" : ", '") + r.id + "'";
        ++count;
        where = &r.loc;
      }
    if (where)
      out.warning(*where, fmt::format("rule '{}' needs a question tagged '{}'{}; removing question{} {} leaves none",
                                      need.rule, need.tag, why, count == 1 ? "" : "s", removed));
    else
      out.warning(model.rule_loc, fmt::format("rule '{}' needs a question tagged '{}'{}, and the model has none",
                                              need.rule, need.tag, why));
  }
}

}  // namespace

void check_model_extensions(const Model& model, const Registry& registry, Diagnostics& out) {
  if (!model.plugin.empty() && !registry.find_plugin(model.plugin)) {
    out.error(model.plugin_loc, fmt::format("model '{}' needs plugin '{}', which is not loaded (put it in a plugin "
                                            "directory: --plugin-dir, MMF_PLUGIN_PATH or the installed "
                                            "lib/mmf/plugins)",
                                            model.id, model.plugin));
    return;
  }
  check_model_rule(model, registry.rules(), out);
  check_rule_needs(model, registry, out);
}

}  // namespace mmf
