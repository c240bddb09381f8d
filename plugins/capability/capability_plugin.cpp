// The capability plugin: insights.capability for an organisation assessed by
// people from its business functions (each respondent's unit), and the words
// that say what it means in the reports.
//
// Capability belongs to the whole organisation, not one team, so it shows
// each function's view, the weakest function, the alliance function's view
// of itself beside the other functions' view (never averaged into it), the
// organisation on Vision-Skills-Trust and the five scorecard dimensions, and
// where the functions disagree most.
#include "capability_view.h"
#include "mmf/plugin_entry.h"

namespace {

class CapabilityInsight final : public mmf::InsightProducer {
 public:
  std::string produce(const mmf::InsightContext& ctx) const override { return capability::produce_insight(ctx); }
};

class CapabilityContent final : public mmf::ReportContent {
 public:
  mmf::Section section(const mmf::Result& r, const mmf::RenderOptions& options, const mmf::Words& words) const override {
    return capability::report_section(r, options, words);
  }
};

void register_capability(mmf::PluginRegistrar& registrar) {
  registrar.add_insight(std::make_shared<CapabilityInsight>());
  registrar.add_report_content(std::make_shared<CapabilityContent>());
}

const mmf::PluginDescriptor descriptor{
    mmf::plugin_api_major,
    mmf::plugin_api_minor,
    "capability",
    "2.0.0",
    "Organisational capability by function: each function's view, the alliance function's self-view beside the "
    "others', Vision-Skills-Trust and the five dimensions",
    &register_capability,
};

}  // namespace

MMF_PLUGIN(descriptor)
