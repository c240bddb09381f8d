// A minimal mmf plugin: one level rule and one insight.
//
// Rule skeleton.median-band: a node's level is the band of the median
// percent of its answered questions — robust against one outlier answer,
// which plain bands (a weighted mean) is not.
// Insight: how many questions were answered per top-level group.
//
// It builds against mmf's headers alone: the plugin API has no third-party
// type in it, and insights cross to the host as JSON text.
#include <algorithm>
#include <string>
#include <vector>

#include "mmf/plugin_entry.h"

namespace {

class MedianBandRule final : public mmf::LevelRule {
 public:
  void check(const mmf::Model& model, mmf::Diagnostics& out) const override { mmf::check_band_levels(model, out); }

  void assign(const mmf::Model& model, mmf::ScoreState& state) const override {
    const std::size_t root = model.groups.size();
    std::vector<std::vector<double>> percents(root + 1);
    for (std::size_t q = 0; q < model.questions.size(); ++q) {
      const auto& s = state.questions[q];
      if (!s.counted || s.max <= 0) continue;
      // Give the percent to the question's group and every ancestor, then the root.
      for (std::size_t g = model.questions[q].group; g != mmf::npos; g = model.groups[g].parent)
        percents[g].push_back(100.0 * s.score / s.max);
      percents[root].push_back(100.0 * s.score / s.max);
    }
    for (std::size_t n = 0; n <= root; ++n) {
      auto& p = percents[n];
      if (p.empty()) {
        state.nodes[n].level = mmf::npos;
        continue;
      }
      std::sort(p.begin(), p.end());
      double median = p.size() % 2 ? p[p.size() / 2] : (p[p.size() / 2 - 1] + p[p.size() / 2]) / 2;
      state.nodes[n].level = mmf::band_of(model, median);
    }
  }
};

class AnsweredInsight final : public mmf::InsightProducer {
 public:
  // One JSON object as text; any JSON library would do, but group ids
  // (^[a-z][a-z0-9-]*$) need no escaping, so this one writes it by hand.
  std::string produce(const mmf::InsightContext& ctx) const override {
    std::string out = "{";
    for (std::size_t g : ctx.model.top_groups) {
      std::size_t answered = 0;
      for (std::size_t q : ctx.model.groups[g].questions) answered += ctx.result.questions[q].answered ? 1 : 0;
      if (out.size() > 1) out += ',';
      out += '"' + ctx.model.groups[g].id + "\":" + std::to_string(answered);
    }
    return out + "}";
  }
};

void register_skeleton(mmf::PluginRegistrar& registrar) {
  registrar.logger().debug("registering the median-band rule");
  registrar.add_rule("median-band", std::make_shared<MedianBandRule>());
  registrar.add_insight(std::make_shared<AnsweredInsight>());
}

const mmf::PluginDescriptor descriptor{
    mmf::plugin_api_major,  // the API this plugin was compiled against
    mmf::plugin_api_minor,
    "skeleton",
    "0.1.0",
    "Example plugin: levels by the median question",
    &register_skeleton,
};

}  // namespace

MMF_PLUGIN(descriptor)
