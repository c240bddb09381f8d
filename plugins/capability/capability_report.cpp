// What a capability result means, in words: the plugin's section of every
// report. Reads insights.capability only.
#include <string>

#include <nlohmann/json.hpp>

#include "capability_view.h"

namespace capability {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kDimensionIds[] = {"commercial", "technical", "strategic", "cultural", "operational"};

struct Writer {
  const mmf::Model& m;
  std::string locale;
  const mmf::Words& w;
  Json i;

  std::string pct(const Json& v) const { return v.is_number() ? w.percent(v.get<double>(), 1) : std::string("—"); }
  std::string points(const Json& v) const {
    if (!v.is_number()) return "—";
    const double p = v.get<double>();
    return (p > 0 ? "+" : "") + w.number(p, 1);
  }
  std::string level(const Json& id) const {
    if (!id.is_string()) return w.tr("no level");
    std::size_t l = m.find_level(id.get<std::string>());
    return l == mmf::npos ? id.get<std::string>() : m.levels[l].name.in(locale);
  }
  std::string group(const std::string& id) const {
    std::size_t g = m.find_group(id);
    return g == mmf::npos ? id : m.groups[g].name.in(locale);
  }
  std::string question(const std::string& id) const {
    std::size_t q = m.find_question(id);
    return q == mmf::npos ? id : m.questions[q].text.in(locale);
  }
  static constexpr const char* N_(const char* english) { return english; }  // a word for the catalogue
  std::string dimension(const std::string& id) const {
    static const char* const names[] = {N_("Commercial"), N_("Technical"), N_("Strategic"), N_("Cultural"),
                                        N_("Operational")};
    for (std::size_t d = 0; d < 5; ++d)
      if (id == kDimensionIds[d]) return w.tr(names[d]);
    return id;
  }
};

// The lowest non-null member named `key` of an array of objects.
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

void headline(const Writer& x, mmf::Section& s) {
  const mmf::Words& w = x.w;
  const auto& org = x.i["organisation"];
  std::size_t people = 0;
  for (const auto& f : x.i["functions"]) people += f["respondents"].get<std::size_t>();
  const std::size_t functions = x.i["functions"].size();
  const std::string f_words = functions == 1 ? w.tr("1 function") : w.trf("{} functions", {std::to_string(functions)});
  const std::string p_words = people == 1 ? w.tr("1 respondent") : w.trf("{} respondents", {std::to_string(people)});
  s.paragraph(w.trf("Every function counts once, however many of its people answered ({}, {}).", {f_words, p_words}));
  s.paragraph(org["leaves_out"].is_null()
                  ? w.trf("The organisation: {}, {}. No respondent answered for the alliance function, so there is no "
                          "self-view to compare.",
                          {x.level(org["level"]), x.pct(org["percent"])})
                  : w.trf("The organisation as its other functions see it: {}, {} — the alliance function's view of "
                          "itself is shown beside it, not averaged in.",
                          {x.level(org["level"]), x.pct(org["percent"])}));
}

void self_view(const Writer& x, mmf::Section& s) {
  const mmf::Words& w = x.w;
  const auto& a = x.i["alliance_function"];
  if (a.is_null() || a["gap"].is_null()) return;
  const double gap = a["gap"].get<double>();
  const std::string rates = w.trf("The alliance function rates the organisation {} ({}); the other functions rate it {} ({}).",
                                  {x.pct(a["self"]["percent"]), x.level(a["self"]["level"]),
                                   x.pct(a["others"]["percent"]), x.level(a["others"]["level"])});
  if (gap >= 15)
    s.warning(rates + " " + w.trf("That is {} points higher: the alliance team's picture is not shared by the rest "
                                  "of the organisation; start where the gap below is widest.",
                                  {w.number(gap, 1)}));
  else if (gap <= -15)
    s.warning(rates + " " + w.trf("That is {} points lower: the alliance team sees more problems than the functions "
                                  "it depends on; ask it what the others do not see.",
                                  {w.number(-gap, 1)}));
  else
    s.paragraph(rates + " " + w.trf("A gap of {} points: the alliance team and the other functions see the "
                                    "organisation much alike.",
                                    {x.points(a["gap"])}));
  if (a["by_group"].empty()) return;
  mmf::SectionTable t;
  t.headers = {w.tr("Group"), w.tr("Alliance function (self)"), w.tr("Other functions"), w.tr("Gap")};
  t.numeric = {false, true, true, true};
  for (const auto& g : a["by_group"])
    t.rows.push_back({x.group(g["group"].get<std::string>()), x.pct(g["self"]), x.pct(g["others"]), x.points(g["gap"])});
  s.table(std::move(t));
}

void functions(const Writer& x, mmf::Section& s) {
  const mmf::Words& w = x.w;
  s.heading(w.tr("The functions"));
  const auto& f = x.i["weakest_function"];
  if (!f.is_null())
    s.paragraph(w.trf("Weakest function: {}, {} ({}). Alliances that need this function will stall there first.",
                      {f["function"].get<std::string>(), x.pct(f["percent"]), x.level(f["level"])}));
  mmf::SectionTable t;
  t.headers = {w.tr("Function"), w.tr("Respondents"), w.tr("Percent"), w.tr("Level")};
  t.numeric = {false, true, true, false};
  for (const auto& fn : x.i["functions"])
    t.rows.push_back({fn["function"].get<std::string>(), fn["respondents"].dump(), x.pct(fn["percent"]),
                      x.level(fn["level"])});
  s.table(std::move(t));
  if (!x.i["disagreements"].empty()) {
    const auto& d = x.i["disagreements"][0];
    s.paragraph(w.trf("The functions disagree most on “{}” (spread {}): ask them why before acting on it.",
                      {x.question(d["question"].get<std::string>()), w.number(d["spread"].get<double>(), 2)}));
  }
}

void views(const Writer& x, mmf::Section& s) {
  const mmf::Words& w = x.w;
  s.heading(w.tr("Vision, skills and trust; the scorecard's dimensions"));
  const auto& v = x.i["vision_skills_trust"];
  static const char* const parts[] = {"vision", "skills", "trust"};
  const std::string names[] = {w.tr("Vision"), w.tr("Skills"), w.tr("Trust")};
  const std::string meanings[] = {
      w.tr("a shared picture of why the organisation partners and with whom"),
      w.tr("the roles, methods and know-how to run alliances"),
      w.tr("the openness and reliability partners and colleagues can count on")};
  mmf::SectionTable t;
  t.headers = {w.tr("View"), w.tr("Percent"), w.tr("What it asks")};
  t.numeric = {false, true, false};
  std::size_t weakest = 3;
  double low = 1e9;
  for (std::size_t k = 0; k < 3; ++k) {
    t.rows.push_back({names[k], x.pct(v[parts[k]]), meanings[k]});
    if (v[parts[k]].is_number() && v[parts[k]].get<double>() < low) {
      low = v[parts[k]].get<double>();
      weakest = k;
    }
  }
  for (const auto& d : x.i["dimensions"])
    t.rows.push_back({x.dimension(d["dimension"].get<std::string>()), x.pct(d["percent"]), w.tr("scorecard dimension")});
  s.table(std::move(t));
  std::string low_dimension = lowest(x.i["dimensions"], "dimension");
  if (weakest < 3 && !low_dimension.empty())
    s.paragraph(w.trf("Weakest of vision, skills and trust: {}. Weakest dimension: {}.",
                      {names[weakest], x.dimension(low_dimension)}));
}

}  // namespace

mmf::Section report_section(const mmf::Result& r, const mmf::RenderOptions& options, const mmf::Words& words) {
  const Writer x{*r.model, options.locale.empty() ? r.model->locale : options.locale, words,
                 Json::parse(r.insight("capability"))};
  mmf::Section s;
  s.title = words.tr("Capability across the functions");
  headline(x, s);
  self_view(x, s);
  functions(x, s);
  views(x, s);
  return s;
}

}  // namespace capability
