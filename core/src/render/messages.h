// The reports' own words in the reader's language: gettext catalogues
// (po/<language>.po, compiled by msgfmt and built into the library) read
// through Boost.Locale, and numbers and dates written for the locale by
// ICU. A word a catalogue lacks is written in English (scripts/check-messages
// lists them). Words go through tr(), trc() and trf(), the names xgettext
// looks for.
//
// Thread-safety: for_locale() and every member may be called from many
// threads at once.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "mmf/export.h"

namespace mmf::detail {

// Exported for the tests only; not part of the public API.
class MMF_CORE_EXPORT Messages {
 public:
  // The catalogue of `locale`'s language ("de", "fr-CA", "es_ES"): made
  // once, kept for the process. English, or a language without a
  // catalogue, translates nothing.
  static const Messages& for_locale(std::string_view locale);
  ~Messages();

  const std::string& language() const { return language_; }
  bool english() const { return english_; }
  // The translation of `english`, else `english` itself.
  const char* tr(const char* english) const;
  // The same for a word whose translation depends on where it stands
  // (gettext's msgctxt): trc("lower bound", "From").
  const char* trc(const char* context, const char* english) const;
  // A translated format string filled in; a translation that is not a
  // valid format for these arguments falls back to the English one.
  template <class... Args>
  std::string trf(const char* english, const Args&... args) const {
    const char* translated = tr(english);
    if (translated != english) {
      try {
        return fmt::format(fmt::runtime(translated), args...);
      } catch (const fmt::format_error&) {
      }
    }
    return fmt::format(fmt::runtime(english), args...);
  }

  // A number with `decimals` places: "39.2" in English, "39,2" in German.
  std::string number(double value, int decimals) const;
  // A percent (39.2 is 39.2%): "39.2%", "39,2 %".
  std::string percent(double value, int decimals) const;
  // A date written YYYY-MM-DD, in words: "10 November 2026", "10. November
  // 2026"; anything else as it is.
  std::string date(const std::string& iso) const;

 private:
  struct Impl;
  explicit Messages(std::string language);
  std::string language_;
  bool english_ = true;
  std::unique_ptr<Impl> impl_;
};

// Marks a word for xgettext where it is translated later, from a variable.
constexpr const char* N_(const char* english) { return english; }

}  // namespace mmf::detail
