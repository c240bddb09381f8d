// The ecosystem result in words; see ecosystem_report.h.
#include "ecosystem_report.h"

namespace ecosystem {
namespace {

using Json = nlohmann::ordered_json;

std::string str(const Json& v) { return v.is_string() ? v.get<std::string>() : std::string("—"); }

struct Writer {
  const mmf::Model& m;
  const std::string& locale;
  const mmf::Words& w;

  std::string num(const Json& v, int decimals = 1) const {
    return v.is_number() ? w.number(v.get<double>(), decimals) : std::string("—");
  }
  std::string pct(const Json& v) const { return v.is_number() ? w.percent(v.get<double>(), 1) : std::string("—"); }
  std::string level(const Json& id) const {
    std::size_t at = id.is_string() ? m.find_level(id.get<std::string>()) : mmf::npos;
    return at == mmf::npos ? str(id) : m.levels[at].name.in(locale);
  }
  std::string group(const Json& id) const {
    std::size_t at = id.is_string() ? m.find_group(id.get<std::string>()) : mmf::npos;
    return at == mmf::npos ? str(id) : m.groups[at].name.in(locale);
  }
  std::string question(const Json& id) const {
    std::size_t at = id.is_string() ? m.find_question(id.get<std::string>()) : mmf::npos;
    return at == mmf::npos ? str(id) : m.questions[at].text.in(locale);
  }
  std::vector<std::string> questions(const Json& list) const {
    std::vector<std::string> out;
    for (const auto& x : list) out.push_back(question(x["question"]));
    return out;
  }
};

}  // namespace

mmf::Section report_section(const Json& i, const mmf::Model& m, const std::string& locale, const mmf::Words& words) {
  const Writer x{m, locale, words};
  const mmf::Words& w = words;
  mmf::Section s;
  s.title = w.tr("The ecosystem");
  const auto& practice = i["practice"];
  const int managers = i["managers"].get<int>(), partners = i["partners"].get<int>();
  const std::string by = managers == 1 ? w.tr("1 manager") : w.trf("{} managers", {std::to_string(managers)});
  const std::string and_partners = partners == 1 ? w.tr("1 partner") : w.trf("{} partners", {std::to_string(partners)});
  s.paragraph(w.trf("Practice score {}, level {}: the mean of the practice groups, answered by {} and {}.",
                    {x.pct(practice["percent"]), x.level(practice["level"]), by, and_partners}));
  const auto& o = i["orchestration"];
  if (o["held"] == true) {
    s.warning(w.trf("Held below {}: the practice score reaches its band, but partners do not yet create enough value "
                    "with each other. These partner-to-partner statements stand below largely in place; lifting them "
                    "lifts the hold:",
                    {x.level(o["level"])}));
    s.bullets(x.questions(o["missing"]));
  } else if (o["gate_met"] == false) {
    s.paragraph(w.trf("{} would also need every partner-to-partner statement at largely in place; {} are below it:",
                      {x.level(o["level"]), std::to_string(o["missing"].size())}));
    s.bullets(x.questions(o["missing"]));
  } else {
    s.paragraph(w.trf("Partner-to-partner value is in place: the ecosystem may reach {} as soon as its practice score "
                      "does.",
                      {x.level(o["level"])}));
  }
  if (!i["outcomes"]["groups"].empty()) {
    s.paragraph(w.tr("Outcomes (partner profit, growth, recommendation) are reported beside the practice score and "
                     "are not part of it: they show whether the practices pay off, not how mature they are."));
    mmf::SectionTable outcomes;
    outcomes.headers = {w.tr("Outcome"), w.tr("Percent")};
    outcomes.numeric = {false, true};
    for (const auto& g : i["outcomes"]["groups"]) outcomes.rows.push_back({x.group(g["group"]), x.pct(g["percent"])});
    s.table(std::move(outcomes));
  }
  const auto& g = i["perception_gap"];
  if (g.is_object()) {
    s.heading(w.tr("Managers' and partners' views"));
    s.paragraph(w.trf("Managers' view {} ({}), partners' view {} ({}): a gap of {} points. A positive gap means the "
                      "firm rates its ecosystem higher than its partners do.",
                      {x.pct(g["managers"]["percent"]), x.level(g["managers"]["level"]), x.pct(g["partners"]["percent"]),
                       x.level(g["partners"]["level"]), x.num(g["gap"])}));
    mmf::SectionTable groups;
    groups.headers = {w.tr("Group"), w.tr("Managers"), w.tr("Partners"), w.tr("Gap")};
    groups.numeric = {false, true, true, true};
    for (const auto& row : g["groups"])
      groups.rows.push_back({x.group(row["group"]), x.pct(row["managers"]), x.pct(row["partners"]), x.num(row["gap"])});
    s.table(std::move(groups));
    if (!g["statements"].empty()) {
      s.paragraph(w.tr("The statements they see most differently (answers from 0 to 1):"));
      mmf::SectionTable statements;
      statements.headers = {w.tr("Statement"), w.tr("Managers"), w.tr("Partners"), w.tr("Gap")};
      statements.numeric = {false, true, true, true};
      for (std::size_t k = 0; k < g["statements"].size() && k < 10; ++k) {
        const auto& row = g["statements"][k];
        statements.rows.push_back(
            {x.question(row["question"]), x.num(row["managers"], 2), x.num(row["partners"], 2), x.num(row["gap"], 2)});
      }
      s.table(std::move(statements));
    }
  }
  if (!i["tiers"].empty()) {
    s.heading(w.tr("Partners by tier"));
    mmf::SectionTable tiers;
    tiers.headers = {w.tr("Tier"), w.tr("Partners"), w.tr("Percent"), w.tr("Level")};
    tiers.numeric = {false, true, true, false};
    for (const auto& t : i["tiers"])
      tiers.rows.push_back({str(t["tier"]), t["partners"].dump(), x.pct(t["percent"]), x.level(t["level"])});
    s.table(std::move(tiers));
  }
  return s;
}

}  // namespace ecosystem
