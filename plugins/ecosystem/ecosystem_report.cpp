// The ecosystem result in words; see ecosystem_report.h.
#include "ecosystem_report.h"

#include <cmath>
#include <cstdio>

#include "mmf/render.h"

namespace ecosystem {
namespace {

using Json = nlohmann::ordered_json;

std::string num(const Json& v, int decimals = 1) {
  if (!v.is_number()) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v.get<double>());
  return buf;
}

std::string str(const Json& v) { return v.is_string() ? v.get<std::string>() : std::string("—"); }

std::string ids(const Json& list) {
  std::string out;
  for (const auto& x : list) out += (out.empty() ? "" : ", ") + str(x["question"]);
  return out;
}

// A level's or a group's name in `locale`, or the id itself when the model has none such.
std::string level_name(const mmf::Model& m, const Json& id, std::string_view locale) {
  std::size_t at = id.is_string() ? m.find_level(id.get<std::string>()) : mmf::npos;
  return at == mmf::npos ? str(id) : m.levels[at].name.in(locale);
}

std::string group_name(const mmf::Model& m, const Json& id, std::string_view locale) {
  std::size_t at = id.is_string() ? m.find_group(id.get<std::string>()) : mmf::npos;
  return at == mmf::npos ? str(id) : m.groups[at].name.in(locale);
}

}  // namespace

std::vector<std::string> explain(const Json& i, const mmf::Model& m, std::string_view locale) {
  const bool de = locale.substr(0, 2) == "de";
  auto level = [&](const Json& id) { return level_name(m, id, locale); };
  auto count = [](int n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); };
  std::vector<std::string> out;
  const auto& practice = i["practice"];
  const int managers = i["managers"].get<int>(), partners = i["partners"].get<int>();
  out.push_back(de ? "Praxiswert " + num(practice["percent"]) + "%, Stufe " + level(practice["level"]) +
                         ": der Mittelwert der Praxisgruppen, beantwortet von " +
                         count(managers, "Manager", "Managern") + " und " + count(partners, "Partner", "Partnern") + "."
                   : "Practice score " + num(practice["percent"]) + "%, level " + level(practice["level"]) +
                         ": the mean of the practice groups, answered by " + count(managers, "manager", "managers") +
                         " and " + count(partners, "partner", "partners") + ".");
  const auto& o = i["orchestration"];
  if (o["held"] == true)
    out.push_back(de ? "Unterhalb der Stufe " + level(o["level"]) +
                           " gehalten: Der Praxiswert erreicht das Band dieser Stufe, doch die Partner schaffen noch nicht genug "
                           "Wert miteinander. Diese Aussagen zum Nutzen zwischen Partnern liegen unter „weitgehend "
                           "vorhanden“ und heben die Sperre auf: " + ids(o["missing"]) + "."
                     : "Held below " + level(o["level"]) +
                           ": the practice score reaches its band, but partners do not yet create enough value with "
                           "each other. These partner-to-partner statements stand below largely in place and lift the "
                           "hold: " + ids(o["missing"]) + ".");
  else if (o["gate_met"] == false)
    out.push_back(de ? level(o["level"]) +
                           " bräuchte außerdem jede Aussage zum Nutzen zwischen Partnern mindestens auf „weitgehend "
                           "vorhanden“; " + std::to_string(o["missing"].size()) + " liegen darunter: " +
                           ids(o["missing"]) + "."
                     : level(o["level"]) + " would also need every partner-to-partner statement at largely in place; " +
                           std::to_string(o["missing"].size()) + " are below it: " + ids(o["missing"]) + ".");
  else
    out.push_back(de ? "Der Nutzen zwischen Partnern ist vorhanden: Das Ökosystem kann " + level(o["level"]) +
                           " erreichen, sobald sein Praxiswert es tut."
                     : "Partner-to-partner value is in place: the ecosystem may reach " + level(o["level"]) +
                           " as soon as its practice score does.");
  std::string outcomes;
  for (const auto& g : i["outcomes"]["groups"]) outcomes += (outcomes.empty() ? "" : ", ") + num(g["percent"]) + "%";
  if (!outcomes.empty())
    out.push_back(de ? "Die Ergebnisse (Gewinn der Partner, Wachstum, Weiterempfehlung) liegen bei " + outcomes +
                           ". Sie stehen neben dem Praxiswert und zählen nicht zu ihm: Sie zeigen, ob sich die Praktiken "
                           "auszahlen, nicht wie reif sie sind."
                     : "Outcomes (partner profit, growth, recommendation) stand at " + outcomes +
                           ". They are reported beside the practice score and are not part of it: they show whether "
                           "the practices pay off, not how mature they are.");
  const auto& g = i["perception_gap"];
  if (g.is_object()) {
    std::string widest;
    for (std::size_t k = 0; k < g["statements"].size() && k < 3; ++k) {
      const auto& s = g["statements"][k];
      widest += (widest.empty() ? "" : "; ") + str(s["question"]) + " " + num(s["managers"], 2) +
                (de ? " gegenüber " : " against ") + num(s["partners"], 2);
    }
    out.push_back(de ? "Sicht der Manager " + num(g["managers"]["percent"]) + "% (" + level(g["managers"]["level"]) +
                           "), Sicht der Partner " + num(g["partners"]["percent"]) + "% (" +
                           level(g["partners"]["level"]) + "): eine Lücke von " + num(g["gap"]) +
                           " Punkten. Eine positive Lücke heißt, dass das Unternehmen sein Ökosystem besser bewertet "
                           "als seine Partner. Größte Lücken: " + widest + "."
                     : "Managers' view " + num(g["managers"]["percent"]) + "% (" + level(g["managers"]["level"]) +
                           "), partners' view " + num(g["partners"]["percent"]) + "% (" +
                           level(g["partners"]["level"]) + "): a gap of " + num(g["gap"]) +
                           " points. A positive gap means the firm rates its ecosystem higher than its partners do. "
                           "Widest gaps: " + widest + ".");
  }
  return out;
}

std::string html_section(const Json& i, const mmf::Model& m, std::string_view locale) {
  const bool de = locale.substr(0, 2) == "de";
  auto group = [&](const Json& id) { return group_name(m, id, locale); };
  auto level = [&](const Json& id) { return level_name(m, id, locale); };
  std::string out;
  for (const auto& p : explain(i, m, locale)) out += "<p>" + mmf::html_escape(p) + "</p>";
  const auto& g = i["perception_gap"];
  if (g.is_object()) {
    out += de ? "<table><tr><th>Gruppe</th><th>Manager</th><th>Partner</th><th>Lücke</th></tr>"
              : "<table><tr><th>Group</th><th>Managers</th><th>Partners</th><th>Gap</th></tr>";
    for (const auto& row : g["groups"])
      out += "<tr><td>" + mmf::html_escape(group(row["group"])) + "</td><td class=\"num\">" + num(row["managers"]) +
             "%</td><td class=\"num\">" + num(row["partners"]) + "%</td><td class=\"num\">" + num(row["gap"]) +
             "</td></tr>";
    out += de ? "</table><table><tr><th>Aussage</th><th>Manager</th><th>Partner</th><th>Lücke</th></tr>"
              : "</table><table><tr><th>Statement</th><th>Managers</th><th>Partners</th><th>Gap</th></tr>";
    for (std::size_t k = 0; k < g["statements"].size() && k < 10; ++k) {
      const auto& row = g["statements"][k];
      out += "<tr><td>" + mmf::html_escape(str(row["question"])) + "</td><td class=\"num\">" +
             num(row["managers"], 2) + "</td><td class=\"num\">" + num(row["partners"], 2) +
             "</td><td class=\"num\">" + num(row["gap"], 2) + "</td></tr>";
    }
    out += "</table>";
  }
  out += de ? "<table><tr><th>Stufe der Partner</th><th>Partner</th><th>Prozent</th><th>Reifegrad</th></tr>"
            : "<table><tr><th>Tier</th><th>Partners</th><th>Percent</th><th>Level</th></tr>";
  for (const auto& t : i["tiers"])
    out += "<tr><td>" + mmf::html_escape(str(t["tier"])) + "</td><td class=\"num\">" + t["partners"].dump() +
           "</td><td class=\"num\">" + num(t["percent"]) + "%</td><td>" + mmf::html_escape(level(t["level"])) +
           "</td></tr>";
  out += "</table>";
  return out;
}

}  // namespace ecosystem
