// The ecosystem plugin: insights.ecosystem for a partner portfolio in which
// each respondent is one partner and its unit is its tier or segment.
//
// - distribution: how many partners stand at each level, scored one by one;
// - tiers: each tier's percent and level, its partners scored together;
// - weakest_dimension: the top-level group with the lowest percent overall;
// - next_level: the percent the ecosystem still needs for its next level and
//   the questions whose raising would do most to get there.
#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "mmf/engine.h"
#include "mmf/plugin_entry.h"

namespace {

using Json = nlohmann::ordered_json;

double round1(double v) { return std::round(v * 10.0) / 10.0; }
double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

Json level_id(const mmf::Model& m, std::size_t level) {
  return level == mmf::npos ? Json(nullptr) : Json(m.levels[level].id);
}

class EcosystemInsight final : public mmf::InsightProducer {
 public:
  // insights.ecosystem, built with nlohmann and handed to the host as text.
  std::string produce(const mmf::InsightContext& ctx) const override {
    const mmf::Model& m = ctx.model;
    const mmf::Result& r = ctx.result;
    Json out;
    out["partners"] = ctx.assessment.respondents.size();

    auto partners = mmf::assess_parts(r.model, ctx.assessment, ctx.registry, mmf::Split::respondent);
    std::vector<std::size_t> counts(m.levels.size(), 0);
    std::size_t unscored = 0;
    for (const auto& p : partners) {
      if (p.result.overall.level == mmf::npos) ++unscored;
      else ++counts[p.result.overall.level];
    }
    Json distribution = Json::array();
    for (std::size_t l = 0; l < m.levels.size(); ++l) {
      double share = partners.empty() ? 0.0 : 100.0 * static_cast<double>(counts[l]) / static_cast<double>(partners.size());
      distribution.push_back(Json{{"level", m.levels[l].id}, {"partners", counts[l]}, {"percent", round1(share)}});
    }
    out["distribution"] = distribution;
    if (unscored > 0) out["unscored_partners"] = unscored;

    Json tiers = Json::array();
    for (const auto& t : mmf::assess_parts(r.model, ctx.assessment, ctx.registry, mmf::Split::unit))
      tiers.push_back(Json{{"tier", t.key.empty() ? Json(nullptr) : Json(t.key)},
                           {"partners", t.respondents},
                           {"percent", round1(t.result.overall.percent)},
                           {"level", level_id(m, t.result.overall.level)}});
    out["tiers"] = tiers;

    const mmf::NodeResult* weakest = nullptr;
    for (const auto& g : r.groups)
      if (g.scored && m.groups[g.group].parent == mmf::npos && (!weakest || g.percent < weakest->percent)) weakest = &g;
    out["weakest_dimension"] = weakest ? Json{{"group", m.groups[weakest->group].id},
                                              {"percent", round1(weakest->percent)},
                                              {"level", level_id(m, weakest->level)}}
                                       : Json(nullptr);
    out["next_level"] = next_level(m, r);
    return out.dump();
  }

 private:
  static Json next_level(const mmf::Model& m, const mmf::Result& r) {
    std::size_t current = r.overall.level;
    std::size_t next = current == mmf::npos ? 0 : current + 1;
    if (next >= m.levels.size() || !m.levels[next].min) return nullptr;
    double needed = *m.levels[next].min;
    Json out{{"current", level_id(m, current)},
             {"next", m.levels[next].id},
             {"percent", round1(r.overall.percent)},
             {"needed", needed},
             {"gap", round1(std::max(0.0, needed - r.overall.percent))}};
    struct Focus {
      std::size_t question;
      double priority;
    };
    std::vector<Focus> focus;
    for (const auto& q : r.questions) {
      if (!q.answered || q.not_applicable || q.normalised >= needed / 100.0) continue;
      focus.push_back({q.question, (needed / 100.0 - q.normalised) * mmf::weight_share_of_question(m, q.question)});
    }
    std::stable_sort(focus.begin(), focus.end(), [](const Focus& a, const Focus& b) { return a.priority > b.priority; });
    Json list = Json::array();
    for (std::size_t i = 0; i < focus.size() && i < 5; ++i) {
      const auto& q = r.questions[focus[i].question];
      list.push_back(Json{{"question", m.questions[q.question].id},
                          {"current", round3(q.normalised)},
                          {"priority", round3(focus[i].priority)}});
    }
    out["focus"] = list;
    return out;
  }
};

void register_ecosystem(mmf::PluginRegistrar& registrar) {
  registrar.add_insight(std::make_shared<EcosystemInsight>());
}

const mmf::PluginDescriptor descriptor{
    mmf::plugin_api_major,
    mmf::plugin_api_minor,
    "ecosystem",
    "1.0.0",
    "Partner portfolio views: partners by level, maturity per tier, the weakest dimension, the way to the next level",
    &register_ecosystem,
};

}  // namespace

MMF_PLUGIN(descriptor)
