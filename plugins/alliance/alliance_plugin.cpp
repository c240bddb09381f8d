// The alliance plugin: rule alliance.value-stage and insights.alliance.
//
// value-stage: the four value stages by bands, except that the top stage
// (Strategic Alliance) also needs every defining trait present; a missing
// trait caps the node at the stage below. The insight reports the cap,
// the seven success factors' effectiveness (how many are present at all)
// and efficiency (how well the present ones perform), and a Vision–Skills–
// Trust view, all from question tags.
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mmf/plugin_entry.h"
#include "value_stage.h"

namespace {

using Json = nlohmann::ordered_json;

double round1(double v) { return std::round(v * 10.0) / 10.0; }

// The insight's JSON, written as text: the plugin API takes JSON as text,
// and building an nlohmann tree only to dump it cost a request more than the
// rest of the insight (docs/performance.md). The text is what nlohmann's
// dump() gives: no spaces, a double always with a fraction ("100.0"),
// strings escaped as it escapes them.
class JsonText {
 public:
  JsonText& raw(std::string_view t) {
    out_ += t;
    return *this;
  }
  JsonText& key(std::string_view k) {
    string(k);
    out_ += ':';
    return *this;
  }
  JsonText& string(std::string_view v) {
    out_ += '"';
    for (char c : v) {
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            static const char hex[] = "0123456789abcdef";
            out_ += "\\u00";
            out_ += hex[(c >> 4) & 0xf];
            out_ += hex[c & 0xf];
          } else {
            out_ += c;
          }
      }
    }
    out_ += '"';
    return *this;
  }
  JsonText& boolean(bool b) { return raw(b ? "true" : "false"); }
  JsonText& count(std::size_t n) { return raw(std::to_string(n)); }
  JsonText& number(double d) {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, d);
    std::string_view t(buffer, static_cast<std::size_t>(end - buffer));
    out_ += t;
    if (ec == std::errc() && t.find_first_of(".eEn") == std::string_view::npos) out_ += ".0";
    return *this;
  }
  JsonText& number_or_null(std::optional<double> d) { return d ? number(*d) : raw("null"); }
  JsonText& string_or_null(const std::string* v) { return v ? string(*v) : raw("null"); }
  template <class List>
  JsonText& strings(const List& list) {
    out_ += '[';
    bool first = true;
    for (const auto& item : list) {
      if (!first) out_ += ',';
      first = false;
      string(item);
    }
    out_ += ']';
    return *this;
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

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

    std::size_t by_bands = r.overall.scored ? mmf::band_of(m, r.overall.percent) : mmf::npos;
    JsonText out;
    out.raw("{").key("value_stage").raw("{").key("level");
    out.string_or_null(r.overall.level == mmf::npos ? nullptr : &m.levels[r.overall.level].id);
    out.raw(",").key("by_bands").string_or_null(by_bands == mmf::npos ? nullptr : &m.levels[by_bands].id);
    out.raw(",").key("capped").boolean(by_bands != r.overall.level);
    out.raw(",").key("missing_traits").strings(root_missing).raw("},");

    out.key("traits").raw("[");
    bool first = true;
    for (const auto& trait : alliance::kTraits) {
      std::vector<std::string_view> questions;
      const std::string tag = "trait:" + trait;
      for (const auto& q : m.questions)
        if (q.has_tag(tag)) questions.push_back(q.id);
      bool present = std::find(root_missing.begin(), root_missing.end(), trait) == root_missing.end();
      out.raw(first ? "{" : ",{").key("trait").string(trait);
      out.raw(",").key("present").boolean(present);
      out.raw(",").key("questions").strings(questions).raw("}");
      first = false;
    }
    out.raw("],").key("success_factors");
    success_factors(m, r, out);
    out.raw(",").key("vision_skills_trust");
    vst(m, r, out);
    out.raw("}");
    return out.take();
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
  static void success_factors(const mmf::Model& m, const mmf::Result& r, JsonText& out) {
    std::vector<std::string> factors;
    for (const auto& q : m.questions)
      for (const auto& tag : q.tags)
        if (tag.rfind("csf:", 0) == 0 && std::find(factors.begin(), factors.end(), tag.substr(4)) == factors.end())
          factors.push_back(tag.substr(4));
    JsonText list;
    std::size_t present = 0;
    double present_sum = 0;
    bool first = true;
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
      list.raw(first ? "{" : ",{").key("factor").string(f);
      list.raw(",").key("present").boolean(is_present);
      list.raw(",").key("percent").number_or_null(f_weight > 0 ? std::optional<double>(round1(100.0 * f_sum / f_weight))
                                                              : std::nullopt);
      list.raw("}");
      first = false;
      if (is_present) {
        ++present;
        present_sum += 100.0 * f_sum / f_weight;
      }
    }
    out.raw("{").key("effectiveness").raw("{").key("present").count(present);
    out.raw(",").key("total").count(factors.size());
    out.raw(",").key("percent").number(factors.empty() ? 0.0 : round1(100.0 * static_cast<double>(present) /
                                                                       static_cast<double>(factors.size())));
    // Efficiency: the mean of the present factors' percents.
    out.raw("},").key("efficiency").raw("{").key("percent");
    out.number_or_null(present > 0 ? std::optional<double>(round1(present_sum / static_cast<double>(present)))
                                   : std::nullopt);
    out.raw("},").key("factors").raw("[").raw(list.take()).raw("]}");
  }

  static void vst(const mmf::Model& m, const mmf::Result& r, JsonText& out) {
    out.raw("{");
    bool first = true;
    for (const char* part : {"vision", "skills", "trust"}) {
      auto p = tag_percent(m, r, std::string("vst:") + part);
      out.raw(first ? "" : ",").key(part).number_or_null(p ? std::optional<double>(round1(*p)) : std::nullopt);
      first = false;
    }
    out.raw("}");
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
