// insights.capability: each function's view, the alliance function's view of
// itself beside the other functions' view, and the organisation — as the
// functions other than the alliance team see it — on Vision-Skills-Trust and
// the five scorecard dimensions.
#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "capability_view.h"
#include "mmf/engine.h"

namespace capability {
namespace {

using Json = nlohmann::ordered_json;

double round1(double v) { return std::round(v * 10.0) / 10.0; }
double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

constexpr const char* kVst[] = {"vision", "skills", "trust"};
constexpr const char* kDimensions[] = {"commercial", "technical", "strategic", "cultural", "operational"};

Json level_of(const mmf::Model& m, std::size_t level) { return level == mmf::npos ? Json(nullptr) : Json(m.levels[level].id); }

Json view_of(const mmf::Model& m, const mmf::NodeResult& node) {
  return node.scored ? Json{{"percent", round1(node.percent)}, {"level", level_of(m, node.level)}}
                     : Json{{"percent", nullptr}, {"level", nullptr}};
}

// Weighted mean normalised value (percent) of the answered, applicable questions with `tag`.
std::optional<double> tag_percent(const mmf::Model& m, const mmf::Result& r, const std::string& tag) {
  double sum = 0, weight = 0;
  for (std::size_t q = 0; q < m.questions.size(); ++q) {
    if (!m.questions[q].has_tag(tag)) continue;
    const auto& s = r.questions[q];
    if (!s.answered || s.not_applicable) continue;
    sum += m.questions[q].weight * s.normalised;
    weight += m.questions[q].weight;
  }
  if (weight <= 0) return std::nullopt;
  return 100.0 * sum / weight;
}

Json percent_or_null(std::optional<double> p) { return p ? Json(round1(*p)) : Json(nullptr); }

const mmf::NodeResult* group_node(const mmf::Result& r, std::size_t group) {
  for (const auto& g : r.groups)
    if (g.group == group) return &g;
  return nullptr;
}

}  // namespace

std::string produce_insight(const mmf::InsightContext& ctx) {
  const mmf::Model& m = ctx.model;
  auto functions = mmf::assess_parts(ctx.result.model, ctx.assessment, ctx.registry, mmf::Split::unit);
  auto name = [](const std::string& unit) { return unit.empty() ? std::string("(no function)") : unit; };

  Json out;
  Json list = Json::array();
  const mmf::PartResult* weakest = nullptr;
  const mmf::PartResult* alliance = nullptr;
  std::size_t others = 0;
  for (const auto& f : functions) {
    const auto& o = f.result.overall;
    list.push_back(Json{{"function", name(f.key)},
                        {"respondents", f.respondents},
                        {"percent", round1(o.percent)},
                        {"level", level_of(m, o.level)}});
    if (is_alliance_function(m, f.key)) {
      alliance = &f;
      continue;
    }
    ++others;
    if (o.scored && (!weakest || o.percent < weakest->result.overall.percent)) weakest = &f;
  }
  out["functions"] = list;
  out["weakest_function"] = weakest ? Json{{"function", name(weakest->key)},
                                           {"percent", round1(weakest->result.overall.percent)},
                                           {"level", level_of(m, weakest->result.overall.level)}}
                                    : Json(nullptr);

  // The organisation as the other functions see it: the alliance team's view
  // of itself is reported beside it, never averaged into it. A model with
  // self_units has had the engine leave it out of the result already.
  const bool apart = alliance && others > 0;
  std::optional<mmf::Result> without_alliance;
  if (apart && m.self_units.empty()) {
    mmf::Assessment rest = ctx.assessment;
    std::erase_if(rest.respondents, [&](const mmf::Respondent& r) { return is_alliance_function(m, r.unit); });
    mmf::AssessOptions options;
    options.insights = false;
    options.target = ctx.result.target;
    options.ignore_model_version = true;  // the host has checked the assessment against the model already
    auto scored = mmf::assess(ctx.result.model, rest, ctx.registry, options);
    if (scored.ok()) without_alliance = std::move(*scored.result);
  }
  const mmf::Result& org = without_alliance ? *without_alliance : ctx.result;
  const bool left_out = apart && (without_alliance.has_value() || !m.self_units.empty());
  std::size_t org_respondents = 0;
  for (const auto& f : functions)
    if (!left_out || !is_alliance_function(m, f.key)) org_respondents += f.respondents;
  Json organisation = view_of(m, org.overall);
  organisation["functions"] = left_out ? others : functions.size();
  organisation["respondents"] = org_respondents;
  organisation["leaves_out"] = left_out ? Json(alliance->key) : Json(nullptr);
  out["organisation"] = organisation;

  if (alliance) {
    const mmf::Result& self = alliance->result;
    Json a{{"function", alliance->key}, {"respondents", alliance->respondents}, {"self", view_of(m, self.overall)}};
    if (left_out) {
      a["others"] = view_of(m, org.overall);
      a["gap"] = self.overall.scored && org.overall.scored ? Json(round1(self.overall.percent - org.overall.percent))
                                                           : Json(nullptr);
      Json by_group = Json::array();
      for (std::size_t g : m.top_groups) {
        const auto* s = group_node(self, g);
        const auto* o = group_node(org, g);
        bool both = s && o && s->scored && o->scored;
        by_group.push_back(Json{{"group", m.groups[g].id},
                                {"self", s && s->scored ? Json(round1(s->percent)) : Json(nullptr)},
                                {"others", o && o->scored ? Json(round1(o->percent)) : Json(nullptr)},
                                {"gap", both ? Json(round1(s->percent - o->percent)) : Json(nullptr)}});
      }
      a["by_group"] = by_group;
    } else {
      a["others"] = nullptr;
      a["gap"] = nullptr;
      a["by_group"] = Json::array();
    }
    out["alliance_function"] = a;
  } else {
    out["alliance_function"] = nullptr;
  }

  Json vst = Json::object();
  for (const char* part : kVst) vst[part] = percent_or_null(tag_percent(m, org, std::string("vst:") + part));
  out["vision_skills_trust"] = vst;
  Json dims = Json::array();
  for (const char* d : kDimensions)
    dims.push_back(Json{{"dimension", d}, {"percent", percent_or_null(tag_percent(m, org, std::string("dim:") + d))}});
  out["dimensions"] = dims;

  // Where the functions other than the alliance team see the organisation
  // most differently (max - min of their values for a question).
  struct Disagreement {
    std::size_t question;
    double spread;
  };
  std::vector<Disagreement> disagreements;
  for (std::size_t q = 0; q < m.questions.size(); ++q) {
    double lo = 2, hi = -1;
    std::size_t answering = 0;
    for (const auto& f : functions) {
      if (is_alliance_function(m, f.key)) continue;
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
      if (is_alliance_function(m, f.key)) continue;
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

}  // namespace capability
