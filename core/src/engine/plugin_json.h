// JSON text from plugins (plugin API 2): an insight producer returns its
// section as text, checked here where it enters the result, so that no JSON
// library's type crosses the plugin boundary.
#pragma once

#include <string>
#include <string_view>

#include "mmf/result.h"

namespace mmf::detail {

// Sets `plugin`'s insights in `result` to `text`, written again compactly,
// replacing an earlier section of the same plugin in its place. Throws
// std::runtime_error saying what is wrong when `text` is not one JSON
// object; the caller names the plugin and the call.
void set_insight(Result& result, const std::string& plugin, std::string_view text);

}  // namespace mmf::detail
