// The built-in level rules, for the registry and for the model loader's checks.
#pragma once

#include "mmf/rule.h"

namespace mmf {

void add_builtin_rules(RuleRegistry& registry);
// A process-wide registry holding only the built-ins (immutable).
const RuleRegistry& builtin_rules();

}  // namespace mmf
