// What the registry checks of a model, with the call into a plugin rule's
// own check() apart: the service runs that part where plugin code may run
// (in the child process of an isolated request). Thread-safe.
#pragma once

#include "mmf/registry.h"

namespace mmf::detail {

// The model's plugin is loaded, its rule exists and fits, its needs are met;
// and, when `plugin_check`, the plugin rule's own check (guarded).
void check_model_extensions(const Model& model, const Registry& registry, Diagnostics& out, bool plugin_check);
// Only a plugin rule's own check, through the plugin guard.
void check_plugin_rule(const Model& model, const RuleRegistry& rules, Diagnostics& out);

}  // namespace mmf::detail
