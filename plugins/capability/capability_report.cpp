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

const char* vst_meaning(const std::string& part, bool de) {
  if (part == "vision")
    return de ? "ein gemeinsames Bild davon, warum und mit wem die Organisation Partnerschaften eingeht"
              : "a shared picture of why the organisation partners and with whom";
  if (part == "skills")
    return de ? "die Rollen, Methoden und das Wissen, um Allianzen zu führen" : "the roles, methods and know-how to run alliances";
  return de ? "die Offenheit und Verlässlichkeit, auf die sich Partner und Kollegen verlassen können"
            : "the openness and reliability partners and colleagues can count on";
}

const char* vst_name(const std::string& part, bool de) {
  if (part == "vision") return "Vision";
  if (part == "skills") return de ? "Fähigkeiten" : "Skills";
  return de ? "Vertrauen" : "Trust";
}

// The scorecard dimension's name; in German the word the alliance model uses for its group.
std::string dimension_name(const std::string& d, bool de) {
  if (!de) return d;
  if (d == "commercial") return "kommerziell";
  if (d == "technical") return "technisch";
  if (d == "strategic") return "strategisch";
  if (d == "cultural") return "kulturell";
  if (d == "operational") return "operativ";
  return d;
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

struct Words {
  std::string locale;
  const mmf::Model& m;
  Json i;
  bool de = german(locale);
};

std::string headline(const Words& w) {
  const auto& org = w.i["organisation"];
  std::size_t people = 0;
  for (const auto& f : w.i["functions"]) people += f["respondents"].get<std::size_t>();
  const std::size_t functions = w.i["functions"].size();
  std::string s =
      w.de ? fmt::format("Jede Funktion zählt einmal, wie viele ihrer Leute auch geantwortet haben ({} {}, {} {}).\n",
                         functions, functions == 1 ? "Funktion" : "Funktionen", people,
                         people == 1 ? "Antwortender" : "Antwortende")
           : fmt::format("Every function counts once, however many of its people answered ({} functions, {} respondents).\n",
                         functions, people);
  const std::string level = level_name(w.m, org["level"], w.locale);
  if (!org["leaves_out"].is_null())
    s += w.de ? fmt::format("Die Organisation, wie ihre übrigen Funktionen sie sehen: {}, {} – die Selbstsicht der "
                            "Allianzfunktion steht daneben und ist nicht eingerechnet.\n",
                            level, pct(org["percent"]))
              : fmt::format("The organisation as its other functions see it: {}, {} — the alliance function's view of "
                            "itself is shown beside it, not averaged in.\n",
                            level, pct(org["percent"]));
  else
    s += w.de ? fmt::format("Die Organisation: {}, {}. Für die Allianzfunktion (Einheit \"alliances\") hat niemand "
                            "geantwortet, daher gibt es keine Selbstsicht zum Vergleich.\n",
                            level, pct(org["percent"]))
              : fmt::format("The organisation: {}, {}. No respondent answered for the alliance function (unit "
                            "\"alliances\"), so there is no self-view to compare.\n",
                            level, pct(org["percent"]));
  return s;
}

std::string self_view(const Words& w) {
  const auto& a = w.i["alliance_function"];
  if (a.is_null() || a["gap"].is_null()) return {};
  double gap = a["gap"].get<double>();
  const std::string self = pct(a["self"]["percent"]), self_level = level_name(w.m, a["self"]["level"], w.locale);
  const std::string others = pct(a["others"]["percent"]), others_level = level_name(w.m, a["others"]["level"], w.locale);
  std::string s = w.de ? fmt::format("Die Allianzfunktion bewertet die Organisation mit {} ({}), die übrigen Funktionen "
                                     "mit {} ({}): ",
                                     self, self_level, others, others_level)
                       : fmt::format("The alliance function rates the organisation {} ({}); the other functions rate it "
                                     "{} ({}): ",
                                     self, self_level, others, others_level);
  if (gap >= 15)
    s += w.de ? fmt::format("{:.1f} Punkte höher. Der Rest der Organisation teilt das Bild des Allianzteams nicht; "
                            "beginnen Sie dort, wo die Lücke unten am größten ist.\n", gap)
              : fmt::format("{:.1f} points higher. The alliance team's picture is not shared by the rest of the "
                            "organisation; start where the gap below is widest.\n", gap);
  else if (gap <= -15)
    s += w.de ? fmt::format("{:.1f} Punkte niedriger. Das Allianzteam sieht mehr Probleme als die Funktionen, auf die "
                            "es angewiesen ist; fragen Sie es, was die anderen nicht sehen.\n", -gap)
              : fmt::format("{:.1f} points lower. The alliance team sees more problems than the functions it depends on; "
                            "ask it what the others do not see.\n", -gap);
  else
    s += w.de ? fmt::format("{:+.1f} Punkte. Allianzteam und übrige Funktionen sehen die Organisation weitgehend "
                            "gleich.\n", gap)
              : fmt::format("{:+.1f} points. The alliance team and the other functions see the organisation much "
                            "alike.\n", gap);
  return s;
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
  std::string s = fmt::format("Vision {} · {} {} · {} {}", pct(v["vision"]), vst_name("skills", w.de), pct(v["skills"]),
                              vst_name("trust", w.de), pct(v["trust"]));
  if (!weakest.empty())
    s += w.de ? fmt::format(" – am schwächsten: {}, {}.", vst_name(weakest, true), vst_meaning(weakest, true))
              : fmt::format(" — weakest: {}, {}.", weakest, vst_meaning(weakest, false));
  return s + "\n";
}

std::string dimensions_line(const Words& w) {
  std::string s = w.de ? "Scorecard-Dimensionen:" : "Scorecard dimensions:";
  bool first = true;
  for (const auto& d : w.i["dimensions"]) {
    s += fmt::format("{} {} {}", first ? "" : " ·", dimension_name(d["dimension"].get<std::string>(), w.de),
                     pct(d["percent"]));
    first = false;
  }
  std::string low = lowest(w.i["dimensions"], "dimension");
  if (!low.empty())
    s += w.de ? fmt::format(" – am schwächsten: {}.", dimension_name(low, true)) : fmt::format(" — weakest: {}.", low);
  return s + "\n";
}

std::string weakest_line(const Words& w) {
  const auto& f = w.i["weakest_function"];
  if (f.is_null()) return {};
  if (w.de)
    return fmt::format("Schwächste Funktion: {}, {} ({}). Allianzen, die diese Funktion brauchen, geraten hier zuerst ins "
                       "Stocken.\n",
                       f["function"].get<std::string>(), pct(f["percent"]), level_name(w.m, f["level"], w.locale));
  return fmt::format("Weakest function: {}, {} ({}). Alliances that need this function will stall there first.\n",
                     f["function"].get<std::string>(), pct(f["percent"]), level_name(w.m, f["level"], w.locale));
}

}  // namespace

std::string report_text(const mmf::Result& r, const mmf::RenderOptions& options) {
  Words w{options.locale.empty() ? r.model->locale : options.locale, *r.model, Json::parse(r.insight("capability"))};
  std::string s = headline(w) + self_view(w);
  const auto& a = w.i["alliance_function"];
  if (!a.is_null() && !a["by_group"].empty()) {
    if (w.de)
      s += fmt::format("  {:<28} {:>7} {:>7} {:>7}\n", "Gruppe", "Selbst", "Übrige", "Lücke");
    else
      s += fmt::format("  {:<28} {:>7} {:>7} {:>7}\n", "Group", "Self", "Others", "Gap");
    for (const auto& g : a["by_group"])
      s += fmt::format("  {:<28} {:>7} {:>7} {:>7}\n", group_name(w.m, g["group"].get<std::string>(), w.locale),
                       pct(g["self"]), pct(g["others"]),
                       g["gap"].is_null() ? std::string("—") : fmt::format("{:+.1f}", g["gap"].get<double>()));
  }
  s += weakest_line(w) + vst_line(w) + dimensions_line(w);
  if (!w.i["disagreements"].empty()) {
    const auto& d = w.i["disagreements"][0];
    s += w.de ? fmt::format("Am stärksten weichen die Funktionen bei {} voneinander ab (Streuung {:.2f}): fragen Sie "
                            "nach dem Grund, bevor Sie handeln.\n",
                            d["question"].get<std::string>(), d["spread"].get<double>())
              : fmt::format("The functions disagree most on {} (spread {:.2f}): ask them why before acting on it.\n",
                            d["question"].get<std::string>(), d["spread"].get<double>());
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
    out += w.de ? "<table><tr><th>Gruppe</th><th>Allianzfunktion (selbst)</th><th>Übrige Funktionen</th><th>Lücke</th></tr>"
                : "<table><tr><th>Group</th><th>Alliance function (self)</th><th>Other functions</th><th>Gap</th></tr>";
    for (const auto& g : a["by_group"])
      out += "<tr><td>" + mmf::html_escape(group_name(w.m, g["group"].get<std::string>(), w.locale)) +
             "</td><td class=\"num\">" + pct(g["self"]) + "</td><td class=\"num\">" + pct(g["others"]) +
             "</td><td class=\"num\">" +
             (g["gap"].is_null() ? std::string("—") : fmt::format("{:+.1f}", g["gap"].get<double>())) + "</td></tr>";
    out += "</table>";
  }
  out += w.de ? "<table><tr><th>Funktion</th><th>Antwortende</th><th>Prozent</th><th>Stufe</th></tr>"
              : "<table><tr><th>Function</th><th>Respondents</th><th>Percent</th><th>Level</th></tr>";
  for (const auto& f : w.i["functions"])
    out += "<tr><td>" + mmf::html_escape(f["function"].get<std::string>()) + "</td><td class=\"num\">" +
           f["respondents"].dump() + "</td><td class=\"num\">" + pct(f["percent"]) + "</td><td>" +
           mmf::html_escape(level_name(w.m, f["level"], w.locale)) + "</td></tr>";
  out += "</table>";
  out += para(weakest_line(w)) + para(vst_line(w)) + para(dimensions_line(w));
  return out;
}

}  // namespace capability
