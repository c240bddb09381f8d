// A small Mustache renderer over JSON data, for the report templates.
// Debian 12's libmstch-dev ships only a non-PIC static archive, which cannot
// be linked into libmmf_core.so, and no other Mustache library is packaged;
// this covers what the templates use: {{name}} (HTML-escaped), {{{name}}} and
// {{&name}} (raw), {{#name}}…{{/name}} sections (lists repeat, objects push a
// context, other truthy values render once), {{^name}} inverted sections,
// {{.}}, dotted names and {{! comments}}.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mmf::detail {

// Renders `tmpl` with `data`; throws std::runtime_error on an unclosed tag or section.
std::string render_mustache(std::string_view tmpl, const nlohmann::ordered_json& data);

}  // namespace mmf::detail
