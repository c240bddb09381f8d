// What a capability result means, in words, for the text, markdown and HTML
// reports. Reads insights.capability only.
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "capability_view.h"
#include "mmf/render.h"

namespace capability {
namespace {

using Json = nlohmann::ordered_json;

std::string pct(const Json& v) { return v.is_null() ? std::string("—") : fmt::format("{:.1f}%", v.get<double>()); }

bool german(const std::string& locale) { return locale.rfind("de", 0) == 0; }

std::string level_name(const mmf::Model& m, const Json& id, const std::string& locale) {
  if (!id.is_string()) return german(locale) ? "keine Stufe" : "no level";
  std::size_t l = m.find_level(id.get<std::string>());
  return l == mmf::npos ? id.get<std::string>() : m.levels[l].name.in(locale);
}

std::string group_name(const mmf::Model& m, const std::string& id, const std::string& locale) {
  std::size_t g = m.find_group(id);
  return g == mmf::npos ? id : m.groups[g].name.in(locale);
}

// The lowest non-null member named `key` of an array of objects, or of an object's values.
std::string lowest(const Json& items, const char* key) {
  std::string best;
  double low = 1e9;
  for (const auto& it : items) {
    if (it["percent"].is_null()) continue;
    double p = it["percent"].get<double>();
    if (p < low) {
      low = p;
      best = it[key].get<std::string>();
    }
  }
  return best;
}

// Every sentence of the report, one table per language; each `{}` is filled
// in order. Names (levels, groups) come from the model in the report's locale.
struct Phrases {
  const char* counts;          // functions, the word, respondents, the word
  const char* function_one;
  const char* function_many;
  const char* respondent_one;
  const char* respondent_many;
  const char* organisation_apart;  // level, percent
  const char* organisation_whole;  // level, percent
  const char* self_rates;          // self percent, self level, others percent, others level
  const char* gap_higher;          // points
  const char* gap_lower;           // points
  const char* gap_alike;           // signed points
  const char* vst;                 // vision, skills word, skills, trust word, trust
  const char* weakest_vst;         // part, meaning
  const char* dimensions;
  const char* weakest_dimension;   // dimension
  const char* weakest_function;    // function, percent, level
  const char* disagree;            // question, spread
  const char* group_headings[4];   // the text self-view table's columns
  const char* self_table;          // the HTML self-view table's heading row
  const char* function_table;      // the HTML functions table's heading row
  const char* vst_names[3];        // vision, skills, trust
  const char* vst_weakest[3];      // as named after "weakest:"
  const char* vst_meanings[3];
  const char* dimension_names[5];  // as kDimensionIds
};

constexpr const char* kDimensionIds[] = {"commercial", "technical", "strategic", "cultural", "operational"};

constexpr Phrases kEnglish{
    "Every function counts once, however many of its people answered ({} {}, {} {}).\n",
    "function", "functions", "respondent", "respondents",
    "The organisation as its other functions see it: {}, {} — the alliance function's view of itself is shown "
    "beside it, not averaged in.\n",
    "The organisation: {}, {}. No respondent answered for the alliance function (unit \"alliances\"), so there is "
    "no self-view to compare.\n",
    "The alliance function rates the organisation {} ({}); the other functions rate it {} ({}): ",
    "{:.1f} points higher. The alliance team's picture is not shared by the rest of the organisation; start where "
    "the gap below is widest.\n",
    "{:.1f} points lower. The alliance team sees more problems than the functions it depends on; ask it what the "
    "others do not see.\n",
    "{:+.1f} points. The alliance team and the other functions see the organisation much alike.\n",
    "Vision {} · {} {} · {} {}",
    " — weakest: {}, {}.",
    "Scorecard dimensions:",
    " — weakest: {}.",
    "Weakest function: {}, {} ({}). Alliances that need this function will stall there first.\n",
    "The functions disagree most on {} (spread {:.2f}): ask them why before acting on it.\n",
    {"Group", "Self", "Others", "Gap"},
    "<table><tr><th>Group</th><th>Alliance function (self)</th><th>Other functions</th><th>Gap</th></tr>",
    "<table><tr><th>Function</th><th>Respondents</th><th>Percent</th><th>Level</th></tr>",
    {"Vision", "Skills", "Trust"},
    {"vision", "skills", "trust"},
    {"a shared picture of why the organisation partners and with whom",
     "the roles, methods and know-how to run alliances",
     "the openness and reliability partners and colleagues can count on"},
    {"commercial", "technical", "strategic", "cultural", "operational"}};

constexpr Phrases kGerman{
    "Jede Funktion zählt einmal, wie viele ihrer Leute auch geantwortet haben ({} {}, {} {}).\n",
    "Funktion", "Funktionen", "Antwortender", "Antwortende",
    "Die Organisation, wie ihre übrigen Funktionen sie sehen: {}, {} – die Selbstsicht der Allianzfunktion steht "
    "daneben und ist nicht eingerechnet.\n",
    "Die Organisation: {}, {}. Für die Allianzfunktion (Einheit \"alliances\") hat niemand geantwortet, daher gibt "
    "es keine Selbstsicht zum Vergleich.\n",
    "Die Allianzfunktion bewertet die Organisation mit {} ({}), die übrigen Funktionen mit {} ({}): ",
    "{:.1f} Punkte höher. Der Rest der Organisation teilt das Bild des Allianzteams nicht; beginnen Sie dort, wo "
    "die Lücke unten am größten ist.\n",
    "{:.1f} Punkte niedriger. Das Allianzteam sieht mehr Probleme als die Funktionen, auf die es angewiesen ist; "
    "fragen Sie es, was die anderen nicht sehen.\n",
    "{:+.1f} Punkte. Allianzteam und übrige Funktionen sehen die Organisation weitgehend gleich.\n",
    "Vision {} · {} {} · {} {}",
    " – am schwächsten: {}, {}.",
    "Scorecard-Dimensionen:",
    " – am schwächsten: {}.",
    "Schwächste Funktion: {}, {} ({}). Allianzen, die diese Funktion brauchen, geraten hier zuerst ins Stocken.\n",
    "Am stärksten weichen die Funktionen bei {} voneinander ab (Streuung {:.2f}): fragen Sie nach dem Grund, bevor "
    "Sie handeln.\n",
    {"Gruppe", "Selbst", "Übrige", "Lücke"},
    "<table><tr><th>Gruppe</th><th>Allianzfunktion (selbst)</th><th>Übrige Funktionen</th><th>Lücke</th></tr>",
    "<table><tr><th>Funktion</th><th>Antwortende</th><th>Prozent</th><th>Stufe</th></tr>",
    {"Vision", "Fähigkeiten", "Vertrauen"},
    {"Vision", "Fähigkeiten", "Vertrauen"},
    {"ein gemeinsames Bild davon, warum und mit wem die Organisation Partnerschaften eingeht",
     "die Rollen, Methoden und das Wissen, um Allianzen zu führen",
     "die Offenheit und Verlässlichkeit, auf die sich Partner und Kollegen verlassen können"},
    {"kommerziell", "technisch", "strategisch", "kulturell", "operativ"}};

template <class... Args>
std::string say(const char* phrase, Args&&... args) {
  return fmt::format(fmt::runtime(phrase), std::forward<Args>(args)...);
}

struct Words {
  std::string locale;
  const mmf::Model& m;
  Json i;
  const Phrases& p = german(locale) ? kGerman : kEnglish;
};

std::size_t vst_index(const std::string& part) { return part == "vision" ? 0 : part == "skills" ? 1 : 2; }

std::string dimension_name(const Phrases& p, const std::string& id) {
  for (std::size_t d = 0; d < 5; ++d)
    if (id == kDimensionIds[d]) return p.dimension_names[d];
  return id;
}

// A row of the text self-view table.
std::string table_row(const std::string& a, const std::string& b, const std::string& c, const std::string& d) {
  return fmt::format("  {:<28} {:>7} {:>7} {:>7}\n", a, b, c, d);
}

std::string headline(const Words& w) {
  const auto& org = w.i["organisation"];
  std::size_t people = 0;
  for (const auto& f : w.i["functions"]) people += f["respondents"].get<std::size_t>();
  const std::size_t functions = w.i["functions"].size();
  std::string s = say(w.p.counts, functions, functions == 1 ? w.p.function_one : w.p.function_many, people,
                      people == 1 ? w.p.respondent_one : w.p.respondent_many);
  s += say(org["leaves_out"].is_null() ? w.p.organisation_whole : w.p.organisation_apart,
           level_name(w.m, org["level"], w.locale), pct(org["percent"]));
  return s;
}

std::string self_view(const Words& w) {
  const auto& a = w.i["alliance_function"];
  if (a.is_null() || a["gap"].is_null()) return {};
  double gap = a["gap"].get<double>();
  std::string s = say(w.p.self_rates, pct(a["self"]["percent"]), level_name(w.m, a["self"]["level"], w.locale),
                      pct(a["others"]["percent"]), level_name(w.m, a["others"]["level"], w.locale));
  if (gap >= 15) return s + say(w.p.gap_higher, gap);
  if (gap <= -15) return s + say(w.p.gap_lower, -gap);
  return s + say(w.p.gap_alike, gap);
}

std::string vst_line(const Words& w) {
  const auto& v = w.i["vision_skills_trust"];
  std::string weakest;
  double low = 1e9;
  for (const char* part : {"vision", "skills", "trust"})
    if (!v[part].is_null() && v[part].get<double>() < low) {
      low = v[part].get<double>();
      weakest = part;
    }
  std::string s = say(w.p.vst, pct(v["vision"]), w.p.vst_names[1], pct(v["skills"]), w.p.vst_names[2], pct(v["trust"]));
  if (!weakest.empty())
    s += say(w.p.weakest_vst, w.p.vst_weakest[vst_index(weakest)], w.p.vst_meanings[vst_index(weakest)]);
  return s + "\n";
}

std::string dimensions_line(const Words& w) {
  std::string s = w.p.dimensions;
  bool first = true;
  for (const auto& d : w.i["dimensions"]) {
    s += fmt::format("{} {} {}", first ? "" : " ·", dimension_name(w.p, d["dimension"].get<std::string>()),
                     pct(d["percent"]));
    first = false;
  }
  std::string low = lowest(w.i["dimensions"], "dimension");
  if (!low.empty()) s += say(w.p.weakest_dimension, dimension_name(w.p, low));
  return s + "\n";
}

std::string weakest_line(const Words& w) {
  const auto& f = w.i["weakest_function"];
  if (f.is_null()) return {};
  return say(w.p.weakest_function, f["function"].get<std::string>(), pct(f["percent"]),
             level_name(w.m, f["level"], w.locale));
}

}  // namespace

std::string report_text(const mmf::Result& r, const mmf::RenderOptions& options) {
  Words w{options.locale.empty() ? r.model->locale : options.locale, *r.model, Json::parse(r.insight("capability"))};
  std::string s = headline(w) + self_view(w);
  const auto& a = w.i["alliance_function"];
  if (!a.is_null() && !a["by_group"].empty()) {
    const auto& h = w.p.group_headings;
    s += table_row(h[0], h[1], h[2], h[3]);
    for (const auto& g : a["by_group"])
      s += table_row(group_name(w.m, g["group"].get<std::string>(), w.locale), pct(g["self"]), pct(g["others"]),
                     g["gap"].is_null() ? std::string("—") : fmt::format("{:+.1f}", g["gap"].get<double>()));
  }
  s += weakest_line(w) + vst_line(w) + dimensions_line(w);
  if (!w.i["disagreements"].empty()) {
    const auto& d = w.i["disagreements"][0];
    s += say(w.p.disagree, d["question"].get<std::string>(), d["spread"].get<double>());
  }
  return s;
}

std::string report_html(const mmf::Result& r, const mmf::RenderOptions& options) {
  Words w{options.locale.empty() ? r.model->locale : options.locale, *r.model, Json::parse(r.insight("capability"))};
  auto para = [](const std::string& line) {
    return line.empty() ? std::string() : "<p>" + mmf::html_escape(line.substr(0, line.size() - 1)) + "</p>";
  };
  std::string out;
  std::string head = headline(w);
  for (std::size_t at = 0, nl; (nl = head.find('\n', at)) != std::string::npos; at = nl + 1)
    out += para(head.substr(at, nl + 1 - at));
  out += para(self_view(w));
  const auto& a = w.i["alliance_function"];
  if (!a.is_null() && !a["by_group"].empty()) {
    out += w.p.self_table;
    for (const auto& g : a["by_group"])
      out += "<tr><td>" + mmf::html_escape(group_name(w.m, g["group"].get<std::string>(), w.locale)) +
             "</td><td class=\"num\">" + pct(g["self"]) + "</td><td class=\"num\">" + pct(g["others"]) +
             "</td><td class=\"num\">" +
             (g["gap"].is_null() ? std::string("—") : fmt::format("{:+.1f}", g["gap"].get<double>())) + "</td></tr>";
    out += "</table>";
  }
  out += w.p.function_table;
  for (const auto& f : w.i["functions"])
    out += "<tr><td>" + mmf::html_escape(f["function"].get<std::string>()) + "</td><td class=\"num\">" +
           f["respondents"].dump() + "</td><td class=\"num\">" + pct(f["percent"]) + "</td><td>" +
           mmf::html_escape(level_name(w.m, f["level"], w.locale)) + "</td></tr>";
  out += "</table>";
  out += para(weakest_line(w)) + para(vst_line(w)) + para(dimensions_line(w));
  return out;
}

}  // namespace capability
