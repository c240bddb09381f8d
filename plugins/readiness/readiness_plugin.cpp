// The readiness plugin: rule readiness.verdict and insights.readiness.
//
// The verdict is the band of the node's percent (not ready, ready with
// conditions, ready), except that a blocker — a question tagged "blocking"
// answered below the model's `performed` threshold — anywhere in the node's
// subtree forces the first level, "not ready"; and that, short of a blocker,
// a blocking question nobody answered leaves the node without a level: its
// verdict is undetermined, not "not ready", since the missing answer might
// well meet the threshold. The insight gives the verdict ("undetermined"
// then), the blockers, the unanswered blocking questions and the conditions
// (other questions below threshold).
#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "mmf/plugin_entry.h"

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kBlocking = "blocking";

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

// Unanswered counts as below: for conditions; blocking questions are told apart first.
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
    // Per node: 1 a blocking question below it is unanswered, 2 one is answered below threshold.
    std::vector<char> blocked(root + 1, 0);
    for (std::size_t q = 0; q < model.questions.size(); ++q) {
      const auto& s = state.questions[q];
      if (!model.questions[q].has_tag(kBlocking)) continue;
      char& cell = blocked[model.questions[q].group];
      if (!s.answered) cell = std::max<char>(cell, 1);
      else if (below(model, s.answered, s.not_applicable, s.normalised)) cell = 2;
    }
    for (std::size_t g : mmf::bottom_up_order(model)) {
      std::size_t parent = model.groups[g].parent == mmf::npos ? root : model.groups[g].parent;
      blocked[parent] = std::max(blocked[parent], blocked[g]);
    }
    for (std::size_t n = 0; n <= root; ++n) {
      auto& node = state.nodes[n];
      node.level = node.scored ? mmf::band_of(model, node.percent()) : mmf::npos;
      if (blocked[n] == 2) node.level = 0;
      else if (blocked[n] == 1) node.level = mmf::npos;  // undetermined
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
  // insights.readiness, built with nlohmann and handed to the host as text.
  std::string produce(const mmf::InsightContext& ctx) const override {
    const mmf::Model& m = ctx.model;
    const mmf::Result& r = ctx.result;
    std::size_t by_score = r.overall.scored ? mmf::band_of(m, r.overall.percent) : mmf::npos;
    Json blockers = Json::array(), unanswered_blocking = Json::array(), conditions = Json::array();
    for (const auto& q : r.questions) {
      const auto& question = m.questions[q.question];
      if (!below(m, q.answered, q.not_applicable, q.normalised)) continue;
      if (question.has_tag(kBlocking) && !q.answered) {
        unanswered_blocking.push_back(question.id);
        continue;
      }
      Json e{{"question", question.id},
             {"group", m.groups[question.group].id},
             {"current", q.answered ? Json(round3(q.normalised)) : Json(nullptr)},
             {"threshold", m.scoring.performed}};
      (question.has_tag(kBlocking) ? blockers : conditions).push_back(e);
    }
    Json out;
    if (r.overall.level != mmf::npos) out["verdict"] = m.levels[r.overall.level].id;
    else out["verdict"] = r.overall.scored && !unanswered_blocking.empty() ? Json("undetermined") : Json(nullptr);
    out["by_score"] = by_score == mmf::npos ? Json(nullptr) : Json(m.levels[by_score].id);
    out["forced"] = !blockers.empty() && by_score != r.overall.level;
    out["blockers"] = blockers;
    out["unanswered_blocking"] = unanswered_blocking;
    out["conditions"] = conditions;
    return out.dump();
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
