// The alliance plugin: rule alliance.value-stage and insights.alliance.
//
// value-stage: the four value stages by bands, except that the top stage
// (Strategic Alliance) also needs every defining trait present; a missing
// trait caps the node at the stage below. The insight reports the cap,
// the seven success factors' effectiveness (how many are present at all)
// and efficiency (how well the present ones perform), and a Vision–Skills–
// Trust view, all from question tags.
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "mmf/plugin_entry.h"
#include "value_stage.h"

namespace {

using Json = nlohmann::ordered_json;

double round1(double v) { return std::round(v * 10.0) / 10.0; }

class ValueStageRule final : public mmf::LevelRule {
 public:
  void check(const mmf::Model& model, mmf::Diagnostics& out) const override {
    mmf::check_band_levels(model, out);
    if (model.levels.size() < 2)
      out.error(model.rule_loc, "rule 'alliance.value-stage' needs at least two levels (the value stages)");
  }

  void assign(const mmf::Model& model, mmf::ScoreState& state) const override {
    auto missing = alliance::missing_traits(model, [&](std::size_t q) {
      const auto& s = state.questions[q];
      return alliance::QuestionState{s.answered, s.not_applicable, s.normalised};
    });
    const std::size_t top = model.levels.size() - 1;
    for (std::size_t n = 0; n < state.nodes.size(); ++n) {
      auto& node = state.nodes[n];
      node.level = node.scored ? mmf::band_of(model, node.percent()) : mmf::npos;
      if (node.level == top && !missing[n].empty()) node.level = top - 1;
    }
  }
};

class AllianceInsight final : public mmf::InsightProducer {
 public:
  // insights.alliance, built with nlohmann and handed to the host as text.
  std::string produce(const mmf::InsightContext& ctx) const override {
    const mmf::Model& m = ctx.model;
    const mmf::Result& r = ctx.result;
    auto state_of = [&](std::size_t q) {
      const auto& s = r.questions[q];
      return alliance::QuestionState{s.answered, s.not_applicable, s.normalised};
    };
    auto missing = alliance::missing_traits(m, state_of);
    const auto& root_missing = missing.back();

    Json out;
    std::size_t by_bands = r.overall.scored ? mmf::band_of(m, r.overall.percent) : mmf::npos;
    Json stage;
    stage["level"] = r.overall.level == mmf::npos ? Json(nullptr) : Json(m.levels[r.overall.level].id);
    stage["by_bands"] = by_bands == mmf::npos ? Json(nullptr) : Json(m.levels[by_bands].id);
    stage["capped"] = by_bands != r.overall.level;
    stage["missing_traits"] = root_missing;
    out["value_stage"] = std::move(stage);

    Json traits = Json::array();
    for (const auto& trait : alliance::kTraits) {
      Json questions = Json::array();
      const std::string tag = "trait:" + trait;
      for (const auto& q : m.questions)
        if (q.has_tag(tag)) questions.push_back(q.id);
      bool present = std::find(root_missing.begin(), root_missing.end(), trait) == root_missing.end();
      Json entry = Json::object();
      entry["trait"] = trait;
      entry["present"] = present;
      entry["questions"] = std::move(questions);
      traits.push_back(std::move(entry));
    }
    out["traits"] = std::move(traits);
    out["success_factors"] = success_factors(m, r);
    out["vision_skills_trust"] = vst(m, r);
    return out.dump();
  }

 private:
  // Weighted mean normalised value (percent) of the answered, applicable questions with `tag`.
  static std::optional<double> tag_percent(const mmf::Model& m, const mmf::Result& r, const std::string& tag) {
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

  // A factor is present when any of its questions stands above the bottom of its scale.
  static Json success_factors(const mmf::Model& m, const mmf::Result& r) {
    std::vector<std::string> factors;
    for (const auto& q : m.questions)
      for (const auto& tag : q.tags)
        if (tag.rfind("csf:", 0) == 0 && std::find(factors.begin(), factors.end(), tag.substr(4)) == factors.end())
          factors.push_back(tag.substr(4));
    Json list = Json::array();
    std::size_t present = 0;
    double present_sum = 0;
    for (const auto& f : factors) {
      bool is_present = false;
      double f_sum = 0, f_weight = 0;
      const std::string tag = "csf:" + f;
      for (std::size_t q = 0; q < m.questions.size(); ++q) {
        if (!m.questions[q].has_tag(tag)) continue;
        const auto& s = r.questions[q];
        if (!s.answered || s.not_applicable) continue;
        is_present = is_present || s.normalised > 0;
        f_sum += m.questions[q].weight * s.normalised;
        f_weight += m.questions[q].weight;
      }
      Json e = Json::object();
      e["factor"] = f;
      e["present"] = is_present;
      e["percent"] = f_weight > 0 ? Json(round1(100.0 * f_sum / f_weight)) : Json(nullptr);
      list.push_back(std::move(e));
      if (is_present) {
        ++present;
        present_sum += 100.0 * f_sum / f_weight;
      }
    }
    Json out;
    out["effectiveness"] = Json{{"present", present},
                                {"total", factors.size()},
                                {"percent", factors.empty() ? 0.0 : round1(100.0 * static_cast<double>(present) /
                                                                           static_cast<double>(factors.size()))}};
    // Efficiency: the mean of the present factors' percents.
    out["efficiency"] = Json{
        {"percent", present > 0 ? Json(round1(present_sum / static_cast<double>(present))) : Json(nullptr)}};
    out["factors"] = std::move(list);
    return out;
  }

  static Json vst(const mmf::Model& m, const mmf::Result& r) {
    Json out;
    for (const char* part : {"vision", "skills", "trust"}) {
      auto p = tag_percent(m, r, std::string("vst:") + part);
      out[part] = p ? Json(round1(*p)) : Json(nullptr);
    }
    return out;
  }
};

// The alliance section of the HTML report: the value-stage verdict in words,
// the four defining traits, and the success factors as bars.
class AllianceSection final : public mmf::ReportSection {
 public:
  std::string html(const mmf::Result& r, const mmf::RenderOptions&) const override {
    const auto i = Json::parse(r.insight("alliance"));
    std::string out;
    const auto& stage = i["value_stage"];
    if (stage["capped"] == true) {
      std::string missing;
      for (const auto& t : stage["missing_traits"]) missing += (missing.empty() ? "" : ", ") + t.get<std::string>();
      out += "<p class=\"warn\"><strong>Held below Strategic Alliance.</strong> The scores reach its band, but these "
             "defining traits are missing: " + mmf::html_escape(missing) + ".</p>";
    }
    out += "<table><tr><th>Defining trait</th><th>Present</th></tr>";
    for (const auto& t : i["traits"])
      out += "<tr><td>" + mmf::html_escape(t["trait"].get<std::string>()) + "</td><td>" +
             (t["present"] == true ? "yes" : "<strong>no</strong>") + "</td></tr>";
    out += "</table>";
    const auto& sf = i["success_factors"];
    out += "<p>Success factors present: " + sf["effectiveness"]["present"].dump() + " of " +
           sf["effectiveness"]["total"].dump() + " (effectiveness " + sf["effectiveness"]["percent"].dump() +
           "%); how well the present ones perform: " +
           (sf["efficiency"]["percent"].is_null() ? std::string("—") : sf["efficiency"]["percent"].dump() + "%") +
           " (efficiency).</p><table><tr><th>Success factor</th><th>Percent</th><th></th></tr>";
    for (const auto& f : sf["factors"]) {
      double p = f["percent"].is_null() ? 0.0 : f["percent"].get<double>();
      out += "<tr><td>" + mmf::html_escape(f["factor"].get<std::string>()) + "</td><td class=\"num\">" +
             (f["percent"].is_null() ? std::string("—") : f["percent"].dump() + "%") +
             "</td><td><div class=\"bar\"><span class=\"fill\" style=\"width:" + std::to_string(static_cast<int>(p)) +
             "%\"></span></div></td></tr>";
    }
    out += "</table>";
    const auto& vst = i["vision_skills_trust"];
    out += "<p>Vision " + vst["vision"].dump() + "% · Skills " + vst["skills"].dump() + "% · Trust " +
           vst["trust"].dump() + "%</p>";
    return out;
  }
};

void register_alliance(mmf::PluginRegistrar& registrar) {
  registrar.add_rule("value-stage", std::make_shared<ValueStageRule>());
  registrar.add_insight(std::make_shared<AllianceInsight>());
  registrar.add_report_section(std::make_shared<AllianceSection>());
}

// value-stage caps a root without a question for each defining trait, so a
// model (a tailored one that removes them, say) must keep one of each.
constexpr const char* kCapped = "without one, every result is capped below the top value stage";
const mmf::PluginNeed needs[] = {
    {"value-stage", "trait:vision", kCapped},
    {"value-stage", "trait:shared-fate", kCapped},
    {"value-stage", "trait:customer-value", kCapped},
    {"value-stage", "trait:board", kCapped},
    {nullptr, nullptr, nullptr},
};

const mmf::PluginDescriptor descriptor{
    mmf::plugin_api_major,
    mmf::plugin_api_minor,
    "alliance",
    "1.0.0",
    "Value stages of a strategic alliance, its defining traits, success factors and Vision-Skills-Trust",
    &register_alliance,
    needs,
};

}  // namespace

MMF_PLUGIN(descriptor)
