// Localised text: a model text field is a string in the model's locale or a
// table of locales.
// Thread-safety: immutable after loading; safe to share between threads.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "mmf/export.h"

namespace mmf {

struct Text {
  std::string value;                             // in the model's default locale
  std::map<std::string, std::string> locales;    // every locale given, default included

  // The text in `locale` when given there, otherwise the default.
  MMF_CORE_EXPORT const std::string& in(std::string_view locale) const;
  bool empty() const { return value.empty(); }
};

}  // namespace mmf
