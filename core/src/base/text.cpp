// Localised text lookup.
#include "mmf/text.h"

namespace mmf {

const std::string& Text::in(std::string_view locale) const {
  if (!locale.empty()) {
    auto it = locales.find(std::string(locale));
    if (it != locales.end()) return it->second;
  }
  return value;
}

}  // namespace mmf
