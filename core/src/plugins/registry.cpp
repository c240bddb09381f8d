// The registry of rules, insights, importers and renderers, and the interface
// destructors of the plugin API.
#include "mmf/registry.h"

#include <algorithm>

#include <fmt/format.h>

#include "mmf/load.h"
#include "plugins/extension_checks.h"
#include "plugins/plugin_call.h"

namespace mmf {

PluginLogger::~PluginLogger() = default;
InsightProducer::~InsightProducer() = default;
AssessmentImporter::~AssessmentImporter() = default;
ResultRenderer::~ResultRenderer() = default;
PluginRegistrar::~PluginRegistrar() = default;
ReportSection::~ReportSection() = default;
ReportText::~ReportText() = default;
ReportContent::~ReportContent() = default;
Words::~Words() = default;

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

bool Registry::add_importer(Importer importer, std::string& taken_by) {
  if (!formats_.add_importer(importer.format, importer.owner, importer.extensions, importer.importer, taken_by))
    return false;
  importers_.push_back(std::move(importer));
  return true;
}

bool Registry::add_renderer(Renderer renderer, std::string& taken_by) {
  if (!formats_.add_result_renderer(renderer.format, renderer.owner, renderer.renderer, taken_by,
                                    renderer.media_type)) return false;
  renderers_.push_back(std::move(renderer));
  return true;
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

namespace detail {

void check_plugin_rule(const Model& model, const RuleRegistry& rules, Diagnostics& out) {
  const LevelRule* rule = rules.find(model.scoring.rule);
  const std::string owner = rules.owner(model.scoring.rule);
  // The loader has already run a built-in rule's check; running it again would repeat its warnings.
  if (!rule || owner == "mmf") return;
  Diagnostics found;
  std::string error;
  if (!call_plugin(owner, fmt::format("rule '{}' (check)", model.scoring.rule), error,
                   [&] { rule->check(model, found); }))
    out.plugin_failure(model.rule_loc, error);
  else
    out.append(found);
}

void check_model_extensions(const Model& model, const Registry& registry, Diagnostics& out, bool plugin_check) {
  if (!model.plugin.empty() && !registry.find_plugin(model.plugin)) {
    out.error(model.plugin_loc, fmt::format("model '{}' needs plugin '{}', which is not loaded (put it in a plugin "
                                            "directory: --plugin-dir, MMF_PLUGIN_PATH or the installed "
                                            "lib/mmf/plugins)",
                                            model.id, model.plugin));
    return;
  }
  if (registry.rules().find(model.scoring.rule)) {
    if (plugin_check) check_plugin_rule(model, registry.rules(), out);
  } else {
    check_model_rule(model, registry.rules(), out);
  }
  check_rule_needs(model, registry, out);
}

}  // namespace detail

void check_model_rule(const Model& model, const RuleRegistry& rules, Diagnostics& out) {
  if (rules.find(model.scoring.rule)) return detail::check_plugin_rule(model, rules, out);
  auto dot = model.scoring.rule.find('.');
  if (dot != std::string::npos)
    out.error(model.rule_loc, fmt::format("rule '{}' needs plugin '{}', which is not loaded", model.scoring.rule,
                                          model.scoring.rule.substr(0, dot)));
  else
    out.error(model.rule_loc, fmt::format("rule '{}' is not registered", model.scoring.rule));
}

void check_model_extensions(const Model& model, const Registry& registry, Diagnostics& out) {
  detail::check_model_extensions(model, registry, out, true);
}

}  // namespace mmf
