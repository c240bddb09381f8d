// The readiness plugin: rule readiness.verdict and insights.readiness.
//
// The verdict is the band of the node's percent (not ready, ready with
// conditions, ready), except that a blocker — a question tagged "blocking"
// that is unanswered or below the model's `performed` threshold — anywhere
// in the node's subtree forces the first level, "not ready". The insight
// lists the blockers and the conditions (other questions below threshold).
#include <cmath>

#include "mmf/plugin_entry.h"

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kBlocking = "blocking";

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

bool below(const mmf::Model& m, bool answered, bool not_applicable, double normalised) {
  if (!answered) return true;
  if (not_applicable) return false;
  return normalised < m.scoring.performed - 1e-9;
}

class VerdictRule final : public mmf::LevelRule {
 public:
  void check(const mmf::Model& model, mmf::Diagnostics& out) const override {
    mmf::check_band_levels(model, out);
    bool any = false;
    for (const auto& q : model.questions) any = any || q.has_tag(kBlocking);
    if (!any) out.warning(model.rule_loc, "rule 'readiness.verdict': no question is tagged 'blocking'");
  }

  void assign(const mmf::Model& model, mmf::ScoreState& state) const override {
    const std::size_t root = model.groups.size();
    std::vector<char> blocked(root + 1, 0);
    for (std::size_t q = 0; q < model.questions.size(); ++q) {
      const auto& s = state.questions[q];
      if (model.questions[q].has_tag(kBlocking) && below(model, s.answered, s.not_applicable, s.normalised))
        blocked[model.questions[q].group] = 1;
    }
    for (std::size_t g : mmf::bottom_up_order(model)) {
      std::size_t parent = model.groups[g].parent == mmf::npos ? root : model.groups[g].parent;
      blocked[parent] = static_cast<char>(blocked[parent] | blocked[g]);
    }
    for (std::size_t n = 0; n <= root; ++n) {
      auto& node = state.nodes[n];
      node.level = node.scored ? mmf::band_of(model, node.percent()) : mmf::npos;
      if (blocked[n]) node.level = 0;
    }
  }

  // A blocking question must reach at least the threshold for any level above the first.
  std::optional<double> question_target(const mmf::Model& model, std::size_t q, std::size_t level) const override {
    auto band = mmf::LevelRule::question_target(model, q, level);
    if (level > 0 && model.questions[q].has_tag(kBlocking))
      return std::max(band.value_or(0.0), model.scoring.performed);
    return band;
  }
};

class ReadinessInsight final : public mmf::InsightProducer {
 public:
  Json produce(const mmf::InsightContext& ctx) const override {
    const mmf::Model& m = ctx.model;
    const mmf::Result& r = ctx.result;
    std::size_t by_score = r.overall.scored ? mmf::band_of(m, r.overall.percent) : mmf::npos;
    Json out;
    out["verdict"] = r.overall.level == mmf::npos ? Json(nullptr) : Json(m.levels[r.overall.level].id);
    out["by_score"] = by_score == mmf::npos ? Json(nullptr) : Json(m.levels[by_score].id);
    Json blockers = Json::array(), conditions = Json::array();
    for (const auto& q : r.questions) {
      const auto& question = m.questions[q.question];
      if (!below(m, q.answered, q.not_applicable, q.normalised)) continue;
      Json e{{"question", question.id},
             {"group", m.groups[question.group].id},
             {"current", q.answered ? Json(round3(q.normalised)) : Json(nullptr)},
             {"threshold", m.scoring.performed}};
      (question.has_tag(kBlocking) ? blockers : conditions).push_back(e);
    }
    out["forced"] = !blockers.empty() && by_score != r.overall.level;
    out["blockers"] = blockers;
    out["conditions"] = conditions;
    return out;
  }
};

void register_readiness(mmf::PluginRegistrar& registrar) {
  registrar.add_rule("verdict", std::make_shared<VerdictRule>());
  registrar.add_insight(std::make_shared<ReadinessInsight>());
}

const mmf::PluginDescriptor descriptor{
    mmf::plugin_api_major,
    mmf::plugin_api_minor,
    "readiness",
    "1.0.0",
    "Readiness verdict for an alliance programme: blocking preconditions and the conditions to meet",
    &register_readiness,
};

}  // namespace

MMF_PLUGIN(descriptor)
