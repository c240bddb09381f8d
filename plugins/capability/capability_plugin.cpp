// The capability plugin: insights.capability for an organisation assessed by
// people from its business functions (each respondent's unit).
//
// Capability belongs to the whole organisation, not one team, so it shows:
// - functions: each function's percent and level, its respondents together;
// - weakest_function: the function with the lowest percent;
// - disagreements: the questions on which the functions' mean answers lie
//   furthest apart (max - min of the functions' mean normalised values).
#include <algorithm>
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "mmf/engine.h"
#include "mmf/plugin_entry.h"

namespace {

using Json = nlohmann::ordered_json;

double round1(double v) { return std::round(v * 10.0) / 10.0; }
double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

class CapabilityInsight final : public mmf::InsightProducer {
 public:
  // insights.capability, built with nlohmann and handed to the host as text.
  std::string produce(const mmf::InsightContext& ctx) const override {
    const mmf::Model& m = ctx.model;
    auto functions = mmf::assess_parts(ctx.result.model, ctx.assessment, ctx.registry, mmf::Split::unit);
    auto name = [](const std::string& unit) { return unit.empty() ? std::string("(no function)") : unit; };

    Json out;
    Json list = Json::array();
    const mmf::PartResult* weakest = nullptr;
    for (const auto& f : functions) {
      const auto& o = f.result.overall;
      list.push_back(Json{{"function", name(f.key)},
                          {"respondents", f.respondents},
                          {"percent", round1(o.percent)},
                          {"level", o.level == mmf::npos ? Json(nullptr) : Json(m.levels[o.level].id)}});
      if (o.scored && (!weakest || o.percent < weakest->result.overall.percent)) weakest = &f;
    }
    out["functions"] = list;
    out["weakest_function"] = weakest ? Json{{"function", name(weakest->key)},
                                             {"percent", round1(weakest->result.overall.percent)}}
                                      : Json(nullptr);

    struct Disagreement {
      std::size_t question;
      double spread;
    };
    std::vector<Disagreement> disagreements;
    for (std::size_t q = 0; q < m.questions.size(); ++q) {
      double lo = 2, hi = -1;
      std::size_t answering = 0;
      for (const auto& f : functions) {
        const auto& qr = f.result.questions[q];
        if (!qr.answered || qr.not_applicable) continue;
        ++answering;
        lo = std::min(lo, qr.normalised);
        hi = std::max(hi, qr.normalised);
      }
      if (answering >= 2 && hi - lo > 1e-9) disagreements.push_back({q, hi - lo});
    }
    std::stable_sort(disagreements.begin(), disagreements.end(),
                     [](const Disagreement& a, const Disagreement& b) { return a.spread > b.spread; });
    Json top = Json::array();
    for (std::size_t i = 0; i < disagreements.size() && i < 5; ++i) {
      std::size_t q = disagreements[i].question;
      Json by_function = Json::object();
      for (const auto& f : functions) {
        const auto& qr = f.result.questions[q];
        by_function[name(f.key)] = qr.answered && !qr.not_applicable ? Json(round3(qr.normalised)) : Json(nullptr);
      }
      top.push_back(Json{{"question", m.questions[q].id},
                         {"spread", round3(disagreements[i].spread)},
                         {"by_function", by_function}});
    }
    out["disagreements"] = top;
    return out.dump();
  }
};

void register_capability(mmf::PluginRegistrar& registrar) {
  registrar.add_insight(std::make_shared<CapabilityInsight>());
}

const mmf::PluginDescriptor descriptor{
    mmf::plugin_api_major,
    mmf::plugin_api_minor,
    "capability",
    "1.0.0",
    "Organisational capability by function: each function's maturity, the weakest, and where functions disagree",
    &register_capability,
};

}  // namespace

MMF_PLUGIN(descriptor)
