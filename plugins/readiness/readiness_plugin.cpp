// The readiness plugin: rule readiness.verdict, insights.readiness and the
// report section that says what the verdict means and why.
//
// The verdict climbs a ladder — foundations first, pilot with a few
// alliances, ready to launch, ready to scale — by the band of the score,
// held down by the gates (questions tagged "blocking") and the conditions
// (the other questions) that stand below the model's one threshold,
// `performed`: see gates.h. The recommendations target that same threshold,
// so they are exactly the unmet gates and the conditions.
#include <cmath>

#include <nlohmann/json.hpp>

#include "mmf/plugin_entry.h"
#include "reading.h"
#include "verdict_rule.h"

namespace {

using Json = nlohmann::ordered_json;

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

class ReadinessInsight final : public mmf::InsightProducer {
 public:
  std::string produce(const mmf::InsightContext& ctx) const override {
    const mmf::Model& m = ctx.model;
    const readiness::Reading rd = readiness::read(m, ctx.result);
    auto items = [&](const std::vector<readiness::Item>& list) {
      Json out = Json::array();
      for (const auto& i : list)
        out.push_back(Json{{"question", m.questions[i.question].id},
                           {"group", m.groups[m.questions[i.question].group].id},
                           {"current", round3(i.current)},
                           {"threshold", rd.threshold}});
      return out;
    };
    Json out;
    if (rd.verdict != mmf::npos) out["verdict"] = m.levels[rd.verdict].id;
    else out["verdict"] = rd.scored ? Json("undetermined") : Json(nullptr);
    out["by_score"] = rd.by_score == mmf::npos ? Json(nullptr) : Json(m.levels[rd.by_score].id);
    out["forced"] = rd.verdict != mmf::npos && rd.by_score != mmf::npos && rd.verdict < rd.by_score;
    out["threshold"] = rd.threshold;
    out["gates"] = Json{{"met", rd.gates_met}, {"total", rd.gates}};
    out["blockers"] = items(rd.blockers);
    Json unanswered = Json::array();
    for (std::size_t q : rd.unanswered_gates) unanswered.push_back(m.questions[q].id);
    out["unanswered_blocking"] = unanswered;
    out["conditions"] = items(rd.conditions);
    return out.dump();
  }
};

// The verdict in words and the gates, for every report.
class ReadinessContent final : public mmf::ReportContent {
 public:
  mmf::Section section(const mmf::Result& r, const mmf::RenderOptions& options, const mmf::Words& words) const override {
    return readiness::verdict_section(*r.model, r, options.locale.empty() ? r.model->locale : options.locale, words);
  }
};

void register_readiness(mmf::PluginRegistrar& registrar) {
  registrar.add_rule("verdict", std::make_shared<readiness::VerdictRule>());
  registrar.add_insight(std::make_shared<ReadinessInsight>());
  registrar.add_report_content(std::make_shared<ReadinessContent>());
}

const mmf::PluginDescriptor descriptor{
    mmf::plugin_api_major,
    mmf::plugin_api_minor,
    "readiness",
    "2.0.0",
    "Readiness verdict for an alliance programme: foundations, pilot, launch or scale, held by its gates and conditions",
    &register_readiness,
};

}  // namespace

MMF_PLUGIN(descriptor)
