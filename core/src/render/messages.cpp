// Message catalogues through Boost.Locale's gettext reader, fed from the
// catalogues built into the library (core/po, embed.cmake); numbers and
// dates through ICU.
#include "render/messages.h"

#include "mmf/render.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <locale>
#include <map>
#include <mutex>
#include <vector>

#include <boost/locale/gnu_gettext.hpp>
#include <boost/locale/message.hpp>
#include <unicode/calendar.h>
#include <unicode/datefmt.h>
#include <unicode/numfmt.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

namespace mmf::detail {

struct EmbeddedCatalogue {
  const char* language;
  const unsigned char* bytes;
  std::size_t size;
};
extern const EmbeddedCatalogue embedded_catalogues[];
extern const std::size_t embedded_catalogue_count;

namespace {

// "de-CH", "de_DE.UTF-8" -> "de"; empty -> "en".
std::string language_of(std::string_view locale) {
  std::string out;
  for (char c : locale) {
    if (!std::isalpha(static_cast<unsigned char>(c))) break;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out.empty() || out.size() > 8 ? std::string("en") : out;
}

const EmbeddedCatalogue* catalogue_of(const std::string& language) {
  for (std::size_t i = 0; i < embedded_catalogue_count; ++i)
    if (language == embedded_catalogues[i].language) return &embedded_catalogues[i];
  return nullptr;
}

}  // namespace

struct Messages::Impl {
  std::locale with_facet;  // owns the facet
  const boost::locale::message_format<char>* facet = nullptr;
  std::mutex icu;  // ICU's formatters are used one call at a time
  std::unique_ptr<icu::NumberFormat> numbers;
  std::unique_ptr<icu::NumberFormat> percents;
  std::unique_ptr<icu::DateFormat> dates;  // made by the first date(): loading it costs a process 1 ms
  bool dates_made = false;
  // `value` through `f` with `decimals` places, one call at a time.
  std::string format(icu::NumberFormat& f, double value, int decimals);
};

Messages::Messages(std::string language) : language_(std::move(language)), impl_(std::make_unique<Impl>()) {
  if (const EmbeddedCatalogue* c = catalogue_of(language_)) {
    boost::locale::gnu_gettext::messages_info info;
    info.language = language_;
    info.encoding = "UTF-8";
    info.locale_category = "LC_MESSAGES";
    info.domains.emplace_back("mmf");
    info.paths.emplace_back("built-in");
    const std::string wanted = "built-in/" + language_ + "/LC_MESSAGES/mmf.mo";
    info.callback = [c, wanted](const std::string& path, const std::string&) {
      if (path != wanted) return std::vector<char>();
      return std::vector<char>(reinterpret_cast<const char*>(c->bytes), reinterpret_cast<const char*>(c->bytes) + c->size);
    };
    impl_->with_facet = std::locale(std::locale::classic(), boost::locale::gnu_gettext::create_messages_facet<char>(info));
    impl_->facet = &std::use_facet<boost::locale::message_format<char>>(impl_->with_facet);
    english_ = false;
  }
  // A language without a catalogue is written in English, numbers included,
  // so that no report mixes English words with another language's numbers.
  if (!english_) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Locale where(language_.c_str());
    impl_->numbers.reset(icu::NumberFormat::createInstance(where, status));
    if (U_FAILURE(status)) impl_->numbers.reset();
    status = U_ZERO_ERROR;
    impl_->percents.reset(icu::NumberFormat::createPercentInstance(where, status));
    if (U_FAILURE(status)) impl_->percents.reset();
  }
}

Messages::~Messages() = default;

const Messages& Messages::for_locale(std::string_view locale) {
  static std::mutex lock;
  static std::map<std::string, std::unique_ptr<Messages>> made;
  // Bounded: a service takes the locale from its clients, and each entry
  // holds ICU formatters. Past 64 languages, a new one without a catalogue
  // is written in English; the shipped catalogues are always there.
  constexpr std::size_t kMaxLanguages = 64;
  std::string language = language_of(locale);
  std::lock_guard<std::mutex> guard(lock);
  if (made.size() >= kMaxLanguages && !made.count(language) && !catalogue_of(language)) language = "en";
  auto& slot = made[language];
  if (!slot) slot.reset(new Messages(language));
  return *slot;
}

const char* Messages::tr(const char* english) const {
  if (!impl_->facet || !*english) return english;  // "" is the catalogue's header in a .mo file
  const char* t = impl_->facet->get(0, nullptr, english);
  return t && *t ? t : english;
}

const char* Messages::trc(const char* context, const char* english) const {
  if (!impl_->facet || !*english) return english;
  const char* t = impl_->facet->get(0, context, english);
  return t && *t ? t : english;
}

std::string Messages::Impl::format(icu::NumberFormat& f, double value, int decimals) {
  std::lock_guard<std::mutex> guard(icu);
  f.setMinimumFractionDigits(decimals);
  f.setMaximumFractionDigits(decimals);
  icu::UnicodeString out;
  f.format(value, out);
  std::string s;
  return out.toUTF8String(s);
}

std::string Messages::number(double value, int decimals) const {
  if (!impl_->numbers) return fmt::format("{:.{}f}", value, decimals);
  return impl_->format(*impl_->numbers, value, decimals);
}

std::string Messages::percent(double value, int decimals) const {
  if (!impl_->percents) return fmt::format("{:.{}f}%", value, decimals);
  return impl_->format(*impl_->percents, value / 100, decimals);
}

std::string Messages::date(const std::string& iso) const {
  int y = 0, m = 0, d = 0;
  if (iso.size() != 10 || std::sscanf(iso.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
    return iso;
  std::lock_guard<std::mutex> guard(impl_->icu);
  if (!impl_->dates_made) {
    impl_->dates_made = true;
    // English dates in British order, as the shipped models are written.
    impl_->dates.reset(icu::DateFormat::createDateInstance(icu::DateFormat::kLong,
                                                           icu::Locale(english_ ? "en_GB" : language_.c_str())));
    if (impl_->dates) impl_->dates->adoptTimeZone(icu::TimeZone::createTimeZone("UTC"));
  }
  if (!impl_->dates) return iso;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Calendar> calendar(icu::Calendar::createInstance(icu::TimeZone::createTimeZone("UTC"), status));
  if (U_FAILURE(status)) return iso;
  calendar->clear();
  calendar->set(y, m - 1, d);
  const UDate when = calendar->getTime(status);
  if (U_FAILURE(status)) return iso;
  icu::UnicodeString out;
  impl_->dates->format(when, out);
  std::string s;
  return out.toUTF8String(s);
}

}  // namespace mmf::detail

namespace mmf {

std::vector<std::string> translate_words(std::string_view locale, const std::vector<std::string>& english) {
  const auto& words = detail::Messages::for_locale(locale);
  std::vector<std::string> out;
  out.reserve(english.size());
  for (const auto& e : english) out.emplace_back(words.tr(e.c_str()));
  return out;
}

std::string catalogue_language(std::string_view locale) {
  const auto& words = detail::Messages::for_locale(locale);
  return words.english() ? std::string("en") : words.language();
}

}  // namespace mmf
