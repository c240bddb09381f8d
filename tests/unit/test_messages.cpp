// The reports' words and numbers in the reader's language: the built-in
// catalogues (core/po) through Boost.Locale, numbers and dates through ICU.
#include <catch2/catch.hpp>

#include "mmf/render.h"
#include "render/messages.h"
#include "support.h"

using mmf::detail::Messages;

TEST_CASE("A report's words come from the catalogue of the locale's language", "[messages]") {
  CHECK(std::string(Messages::for_locale("fr").tr("Executive summary")) == "Synthèse");
  CHECK(std::string(Messages::for_locale("de-CH").tr("Executive summary")) == "Zusammenfassung");
  CHECK(std::string(Messages::for_locale("es_ES.UTF-8").tr("Roadmap")) == "Hoja de ruta");
  CHECK(Messages::for_locale("fr").trf("Page {} of {}", 3, 9) == "Page 3 sur 9");
  CHECK(Messages::for_locale("de").trf("Gaps to the target '{}'", "default") == "Abstände zum Ziel „default“");
  CHECK(&Messages::for_locale("de") == &Messages::for_locale("de-AT"));  // one catalogue per language, kept
}

TEST_CASE("A word no catalogue holds, or a language without one, falls back to English", "[messages]") {
  CHECK(std::string(Messages::for_locale("fr").tr("A word nobody translated")) == "A word nobody translated");
  CHECK(std::string(Messages::for_locale("nl").tr("Executive summary")) == "Executive summary");
  CHECK(std::string(Messages::for_locale("").tr("Roadmap")) == "Roadmap");
  CHECK(Messages::for_locale("nl").english());
  CHECK(!Messages::for_locale("es").english());
}

TEST_CASE("Numbers, percents and dates are written for the locale", "[messages]") {
  const auto& en = Messages::for_locale("en");
  const auto& de = Messages::for_locale("de");
  const auto& fr = Messages::for_locale("fr");
  const auto& es = Messages::for_locale("es");
  CHECK(en.percent(39.2, 1) == "39.2%");
  CHECK(en.number(0.72, 2) == "0.72");
  CHECK(de.percent(39.2, 1) == "39,2\u00a0%");
  CHECK(de.number(1234.5, 1) == "1.234,5");
  CHECK(fr.percent(39.2, 1) == "39,2\u00a0%");
  CHECK(es.percent(100, 0) == "100\u00a0%");
  CHECK(en.date("2026-11-10") == "10 November 2026");
  CHECK(de.date("2026-11-10") == "10. November 2026");
  CHECK(fr.date("2026-11-10") == "10 novembre 2026");
  CHECK(es.date("2026-11-10") == "10 de noviembre de 2026");
  CHECK(de.date("10/11/2026") == "10/11/2026");  // not YYYY-MM-DD: as written
  CHECK(de.date("2026-13-01") == "2026-13-01");
}

TEST_CASE("The executive summary speaks the report's language, with its numbers", "[messages]") {
  using namespace mmf::test;
  const auto result = score(model_fixture("models/capability.toml"), *assessment_fixture("examples/capability-acme.toml"));
  const std::string md = mmf::render_markdown(result, mmf::RenderOptions{"es"});
  CHECK(md.find("Acme Corporation se sitúa en el nivel En desarrollo (39,2\u00a0%, con el 100\u00a0% de las preguntas "
                "respondidas).") != std::string::npos);
}

TEST_CASE("translate_words gives each word in the locale's language, and English where there is none", "[messages]") {
  // An empty word is itself, not the catalogue's header (which a .mo keeps under "").
  CHECK(mmf::translate_words("de", {""}) == std::vector<std::string>{""});
  CHECK(mmf::translate_words("fr-CA", {"Save draft", "Findings", "no such word"}) ==
        std::vector<std::string>{"Enregistrer le brouillon", "Constats", "no such word"});
  CHECK(mmf::translate_words("it", {"Save draft"}) == std::vector<std::string>{"Save draft"});
  CHECK(mmf::catalogue_language("es_MX") == "es");
  CHECK(mmf::catalogue_language("it") == "en");
  CHECK(mmf::catalogue_language("") == "en");
}

TEST_CASE("A client cannot grow the catalogues without bound: past 64 languages a new one is English",
          "[messages]") {
  // Languages of up to eight letters: "qaa", "qab", … (never a real catalogue).
  std::vector<std::string> asked;
  for (char a = 'a'; a <= 'z' && asked.size() < 100; ++a)
    for (char b = 'a'; b <= 'z' && asked.size() < 100; ++b) asked.push_back(std::string("qx") + a + b);
  std::size_t english = 0;
  for (const auto& language : asked)
    if (mmf::detail::Messages::for_locale(language).language() == "en") ++english;
  CHECK(english >= 36);  // at most 64 languages are kept
  // A shipped catalogue is never crowded out, asked for first or last.
  CHECK(mmf::detail::Messages::for_locale("de").language() == "de");
  CHECK(mmf::detail::Messages::for_locale("de").tr("Findings") == std::string("Befunde"));
}
