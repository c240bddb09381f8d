// The ecosystem plugin: the rule "ecosystem.orchestration" and
// insights.ecosystem for an ecosystem judged from both sides. Respondents of
// unit "managers" are the firm's alliance and partner managers; every other
// respondent is a partner and its unit is its tier.
//
// - practice / outcomes: the practice score (the overall result) and, beside
//   it, the outcome measures, which the rule keeps out of the practice score;
// - orchestration: whether the top level is held for want of partner-to-
//   partner value, and by which questions;
// - perception_gap: managers' view against partners' view, overall, per
//   group and per statement (largest gaps first);
// - distribution and tiers: partners by level, each tier scored on its own;
// - weakest_dimension and next_level: as before, over practice groups only.
#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "mmf/engine.h"
#include "mmf/plugin_entry.h"
#include "ecosystem_report.h"
#include "orchestration_rule.h"

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* managers_unit = "managers";

double round1(double v) { return std::round(v * 10.0) / 10.0; }
double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

Json level_id(const mmf::Model& m, std::size_t level) {
  return level == mmf::npos ? Json(nullptr) : Json(m.levels[level].id);
}

Json node_view(const mmf::Model& m, const mmf::NodeResult& n, std::size_t respondents) {
  return Json{{"respondents", respondents}, {"percent", n.scored ? Json(round1(n.percent)) : Json(nullptr)},
              {"level", level_id(m, n.level)}};
}

class EcosystemInsight final : public mmf::InsightProducer {
 public:
  std::string produce(const mmf::InsightContext& ctx) const override {
    const mmf::Model& m = ctx.model;
    const mmf::Result& r = ctx.result;
    std::size_t managers = 0;
    for (const auto& p : ctx.assessment.respondents) managers += p.unit == managers_unit;
    std::size_t partners = ctx.assessment.respondents.size() - managers;

    Json out;
    out["partners"] = partners;
    out["managers"] = managers;
    out["practice"] = Json{{"percent", round1(r.overall.percent)}, {"level", level_id(m, r.overall.level)}};
    out["outcomes"] = outcomes(m, r);
    out["orchestration"] = orchestration(m, r);
    out["perception_gap"] = managers > 0 && partners > 0 ? perception_gap(ctx) : Json(nullptr);

    // Partner-side views leave the managers out: they are not a tier.
    mmf::Assessment partner_side = ctx.assessment;
    std::erase_if(partner_side.respondents, [](const mmf::Respondent& p) { return p.unit == managers_unit; });
    auto each = partner_side.respondents.empty()
                    ? std::vector<mmf::PartResult>{}
                    : mmf::assess_parts(r.model, partner_side, ctx.registry, mmf::Split::respondent);
    std::vector<std::size_t> counts(m.levels.size(), 0);
    std::size_t unscored = 0;
    for (const auto& p : each) {
      if (p.result.overall.level == mmf::npos) ++unscored;
      else ++counts[p.result.overall.level];
    }
    Json distribution = Json::array();
    for (std::size_t l = 0; l < m.levels.size(); ++l) {
      double share = each.empty() ? 0.0 : 100.0 * static_cast<double>(counts[l]) / static_cast<double>(each.size());
      distribution.push_back(Json{{"level", m.levels[l].id}, {"partners", counts[l]}, {"percent", round1(share)}});
    }
    out["distribution"] = distribution;
    if (unscored > 0) out["unscored_partners"] = unscored;

    Json tiers = Json::array();
    if (!partner_side.respondents.empty())
      for (const auto& t : mmf::assess_parts(r.model, partner_side, ctx.registry, mmf::Split::unit))
        tiers.push_back(Json{{"tier", t.key.empty() ? Json(nullptr) : Json(t.key)},
                             {"partners", t.respondents},
                             {"percent", round1(t.result.overall.percent)},
                             {"level", level_id(m, t.result.overall.level)}});
    out["tiers"] = tiers;

    const mmf::NodeResult* weakest = nullptr;
    for (const auto& g : r.groups)
      if (g.scored && m.groups[g.group].parent == mmf::npos && !ecosystem::is_outcome_group(m, g.group) &&
          (!weakest || g.percent < weakest->percent))
        weakest = &g;
    out["weakest_dimension"] = weakest ? Json{{"group", m.groups[weakest->group].id},
                                              {"percent", round1(weakest->percent)},
                                              {"level", level_id(m, weakest->level)}}
                                       : Json(nullptr);
    out["next_level"] = next_level(m, r);
    return out.dump();
  }

 private:
  // The outcome groups' percent and each outcome answer: beside the practice
  // score, never in it.
  static Json outcomes(const mmf::Model& m, const mmf::Result& r) {
    Json groups = Json::array();
    for (const auto& g : r.groups)
      if (m.groups[g.group].parent == mmf::npos && ecosystem::is_outcome_group(m, g.group))
        groups.push_back(Json{{"group", m.groups[g.group].id},
                              {"percent", g.scored ? Json(round1(g.percent)) : Json(nullptr)}});
    Json questions = Json::array();
    for (const auto& q : r.questions)
      if (ecosystem::has_tag(m, q.question, ecosystem::outcome_tag))
        questions.push_back(Json{{"question", m.questions[q.question].id},
                                 {"value", q.answered && !q.not_applicable ? Json(round3(q.normalised)) : Json(nullptr)}});
    return Json{{"in_practice_score", false}, {"groups", groups}, {"questions", questions}};
  }

  static Json orchestration(const mmf::Model& m, const mmf::Result& r) {
    std::size_t top = m.levels.size() - 1;
    std::vector<mmf::QuestionScore> scores(m.questions.size());
    for (const auto& q : r.questions) {
      scores[q.question].counted = q.answered && !q.not_applicable;
      scores[q.question].normalised = q.normalised;
    }
    auto short_of = ecosystem::p2p_short(m, scores);
    bool reaches = m.levels[top].min && r.overall.scored && r.overall.percent >= *m.levels[top].min;
    Json missing = Json::array();
    for (std::size_t q : short_of)
      missing.push_back(Json{{"question", m.questions[q].id},
                             {"current", scores[q].counted ? Json(round3(scores[q].normalised)) : Json(nullptr)},
                             {"needed", ecosystem::p2p_gate}});
    return Json{{"level", m.levels[top].id}, {"gate_met", short_of.empty()},
                {"held", reaches && !short_of.empty()}, {"missing", missing}};
  }

  // Scores the managers and the partners each on their own and sets the two
  // views side by side; gap = managers − partners (positive: the firm rates
  // itself higher than its partners do).
  static Json perception_gap(const mmf::InsightContext& ctx) {
    const mmf::Model& m = ctx.model;
    mmf::Assessment sides = ctx.assessment;
    for (auto& p : sides.respondents) p.unit = p.unit == managers_unit ? "managers" : "partners";
    auto parts = mmf::assess_parts(ctx.result.model, sides, ctx.registry, mmf::Split::unit);
    const mmf::PartResult* mgr = nullptr;
    const mmf::PartResult* par = nullptr;
    for (const auto& p : parts) (p.key == "managers" ? mgr : par) = &p;
    if (!mgr || !par) return nullptr;
    const mmf::Result& a = mgr->result;
    const mmf::Result& b = par->result;
    auto gap = [](const mmf::NodeResult& x, const mmf::NodeResult& y) {
      return x.scored && y.scored ? Json(round1(x.percent - y.percent)) : Json(nullptr);
    };
    Json out{{"managers", node_view(m, a.overall, mgr->respondents)},
             {"partners", node_view(m, b.overall, par->respondents)},
             {"gap", gap(a.overall, b.overall)}};
    Json groups = Json::array();
    for (std::size_t g = 0; g < a.groups.size(); ++g)
      groups.push_back(Json{{"group", m.groups[a.groups[g].group].id},
                            {"managers", a.groups[g].scored ? Json(round1(a.groups[g].percent)) : Json(nullptr)},
                            {"partners", b.groups[g].scored ? Json(round1(b.groups[g].percent)) : Json(nullptr)},
                            {"gap", gap(a.groups[g], b.groups[g])}});
    out["groups"] = groups;
    struct Row {
      std::size_t question;
      double managers, partners;
    };
    std::vector<Row> rows;
    for (std::size_t q = 0; q < a.questions.size(); ++q) {
      const auto& x = a.questions[q];
      const auto& y = b.questions[q];
      if (!x.answered || x.not_applicable || !y.answered || y.not_applicable) continue;
      rows.push_back({x.question, x.normalised, y.normalised});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
      return std::abs(x.managers - x.partners) > std::abs(y.managers - y.partners);
    });
    Json statements = Json::array();
    for (const auto& row : rows)
      statements.push_back(Json{{"question", m.questions[row.question].id},
                                {"managers", round3(row.managers)},
                                {"partners", round3(row.partners)},
                                {"gap", round3(row.managers - row.partners)}});
    out["statements"] = statements;
    return out;
  }

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
      if (ecosystem::has_tag(m, q.question, ecosystem::outcome_tag)) continue;
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

// The ecosystem's section of every report: what the level, the outcomes and
// the perception gap mean, and the tiers.
class EcosystemContent final : public mmf::ReportContent {
 public:
  mmf::Section section(const mmf::Result& r, const mmf::RenderOptions& options, const mmf::Words& words) const override {
    return ecosystem::report_section(Json::parse(r.insight("ecosystem")), *r.model,
                                     options.locale.empty() ? r.model->locale : options.locale, words);
  }
};

void register_ecosystem(mmf::PluginRegistrar& registrar) {
  registrar.add_rule("orchestration", std::make_shared<ecosystem::OrchestrationRule>());
  registrar.add_insight(std::make_shared<EcosystemInsight>());
  registrar.add_report_content(std::make_shared<EcosystemContent>());
}

const mmf::PluginDescriptor descriptor{
    mmf::plugin_api_major,
    mmf::plugin_api_minor,
    "ecosystem",
    "2.0.0",
    "Ecosystem views: practice score with outcomes beside it, the partner-to-partner gate on Orchestrated, "
    "managers' against partners' view, partners by level and per tier",
    &register_ecosystem,
};

}  // namespace

MMF_PLUGIN(descriptor)
