// The alliance plugin: rule alliance.value-stage and insights.alliance.
//
// value-stage: the whole alliance's value stage by bands, each stage with
// its own test: questions tagged stage:<id> must be met to reach it, and the
// top stage (Strategic Alliance) needs every defining trait present. An unmet
// test holds the alliance at the stage below. Dimensions get a maturity label
// (emerging … leading), not a value stage. The insight reports the cap and
// why, the success factors' effectiveness (the factors the next stage calls
// for, in place) and efficiency (how well the ones taken up perform), and a
// Vision–Skills–Trust view, all from question tags.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "mmf/engine.h"
#include "mmf/plugin_entry.h"
#include "value_stage.h"

namespace {

using Json = nlohmann::ordered_json;

double round1(double v) { return std::round(v * 10.0) / 10.0; }
double round2(double v) { return std::round(v * 100.0) / 100.0; }

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

  // A value stage belongs to the whole alliance: the root gets the band its
  // score reaches, lowered by each stage's own test (stage:* tags) and, for
  // the top stage, by a missing defining trait. Dimensions get no value
  // stage (the insight gives them a maturity label instead).
  void assign(const mmf::Model& model, mmf::ScoreState& state) const override {
    auto question = [&](std::size_t q) {
      const auto& s = state.questions[q];
      return alliance::QuestionState{s.answered, s.not_applicable, s.normalised};
    };
    auto missing = alliance::missing_traits(model, question);
    for (std::size_t n = 0; n + 1 < state.nodes.size(); ++n) state.nodes[n].level = mmf::npos;
    auto& root = state.nodes.back();
    std::size_t by_bands = root.scored ? mmf::band_of(model, root.percent()) : mmf::npos;
    std::vector<alliance::StageGate> unmet;
    root.level = alliance::gated_stage(model, by_bands, !missing.back().empty(), question, &unmet);
    // What holds the stage down lifts the cap: each unmet stage test at its
    // minimum, each question of a missing trait at `performed` (only when the
    // bands reach the top stage, where the traits count).
    state.lifts_at.resize(state.questions.size(), 0.0);
    for (const auto& g : unmet) lift(state, g.question, g.min);
    if (by_bands == model.levels.size() - 1 && root.level < by_bands)
      for (const auto& trait : missing.back())
        for (std::size_t q = 0; q < model.questions.size(); ++q) {
          const auto& s = state.questions[q];
          bool present = s.answered && !s.not_applicable && s.normalised >= model.scoring.performed - 1e-9;
          if (model.questions[q].has_tag("trait:" + trait) && !present)
            lift(state, q, model.scoring.performed);
        }
  }

 private:
  // The engine recommends question q first, up to `at` (plugin API 2.2).
  static void lift(mmf::ScoreState& state, std::size_t q, double at) {
    state.lifts_at[q] = std::max(state.lifts_at[q], at);
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
    std::vector<alliance::StageGate> unmet;
    alliance::gated_stage(m, by_bands, !root_missing.empty(), state_of, &unmet);
    JsonText out;
    out.raw("{").key("value_stage").raw("{").key("level");
    out.string_or_null(r.overall.level == mmf::npos ? nullptr : &m.levels[r.overall.level].id);
    out.raw(",").key("by_bands").string_or_null(by_bands == mmf::npos ? nullptr : &m.levels[by_bands].id);
    out.raw(",").key("capped").boolean(by_bands != r.overall.level);
    out.raw(",").key("missing_traits").strings(root_missing);
    // The stage tests below the band that fail: each question, the stage it
    // holds back and the value that lifts it.
    out.raw(",").key("unmet_stage_tests").raw("[");
    for (std::size_t i = 0; i < unmet.size(); ++i) {
      out.raw(i ? ",{" : "{").key("question").string(m.questions[unmet[i].question].id);
      out.raw(",").key("stage").string(m.levels[unmet[i].level].id);
      out.raw(",").key("lifts_at").number(unmet[i].min).raw("}");
    }
    out.raw("]},");

    // Per dimension a maturity label, not a value stage.
    out.key("dimensions").raw("[");
    for (std::size_t g = 0; g < r.groups.size(); ++g) {
      const auto& n = r.groups[g];
      out.raw(g ? ",{" : "{").key("group").string(m.groups[n.group].id);
      out.raw(",").key("percent").number_or_null(n.scored ? std::optional<double>(round1(n.percent)) : std::nullopt);
      out.raw(",").key("label");
      if (n.scored) out.string(alliance::dimension_label(n.percent));
      else out.raw("null");
      out.raw("}");
    }
    out.raw("],");

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
    // The stage the alliance aims at: the one its intended role names, else
    // the stage above the one it stands at (the top once there).
    std::size_t aim = r.overall.level == mmf::npos ? 1 : std::min(r.overall.level + 1, m.levels.size() - 1);
    const std::string role = intended_role(ctx).second;
    const std::string role_stage = role == "strategic" ? "strategic-alliance" : role;
    for (std::size_t l = 0; l < m.levels.size(); ++l)
      if (m.levels[l].id == role_stage) aim = l;
    success_factors(m, r, aim, out);
    out.raw(",").key("vision_skills_trust");
    vst(m, r, out);
    out.raw(",").key("target_profile");
    target_profile(ctx, out);
    out.raw(",").key("two_sided");
    two_sided(ctx, out);
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

  // The success factors a stage calls for: effectiveness asks whether the
  // alliance has chosen the right factors for the stage it aims at. A factor
  // a stage does not name is needed from the top stage on.
  static bool needed_for(const std::string& factor, const std::string& stage) {
    static const std::map<std::string, std::vector<std::string>> kFrom = {
        {"product", {"customer"}},
        {"solution", {"customer", "flexibility", "culture", "bottom-up"}},
    };
    auto it = kFrom.find(stage);
    if (it == kFrom.end()) return stage != "commodity";
    return std::find(it->second.begin(), it->second.end(), factor) != it->second.end();
  }

  // Effectiveness: of the factors the aimed-at stage needs, the share in
  // place (at or above `performed`). Efficiency: how well the factors the
  // alliance has taken up (any above the bottom of the scale) perform.
  static void success_factors(const mmf::Model& m, const mmf::Result& r, std::size_t aim, JsonText& out) {
    std::vector<std::string> factors;
    for (const auto& q : m.questions)
      for (const auto& tag : q.tags)
        if (tag.rfind("csf:", 0) == 0 && std::find(factors.begin(), factors.end(), tag.substr(4)) == factors.end())
          factors.push_back(tag.substr(4));
    const std::string& aim_id = m.levels[aim].id;
    JsonText list;
    std::size_t taken_up = 0, needed = 0, in_place = 0;
    double taken_sum = 0;
    std::vector<std::string> lacking;
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
      const bool need = needed_for(f, aim_id);
      const bool placed = f_weight > 0 && f_sum / f_weight >= m.scoring.performed - 1e-9;
      list.raw(first ? "{" : ",{").key("factor").string(f);
      list.raw(",").key("present").boolean(is_present);
      list.raw(",").key("in_place").boolean(placed);
      list.raw(",").key("needed").boolean(need);
      list.raw(",").key("percent").number_or_null(f_weight > 0 ? std::optional<double>(round1(100.0 * f_sum / f_weight))
                                                              : std::nullopt);
      list.raw("}");
      first = false;
      if (is_present) {
        ++taken_up;
        taken_sum += 100.0 * f_sum / f_weight;
      }
      if (need) {
        ++needed;
        if (placed) ++in_place;
        else lacking.push_back(f);
      }
    }
    out.raw("{").key("effectiveness").raw("{").key("aim").string(aim_id);
    out.raw(",").key("in_place").count(in_place);
    out.raw(",").key("needed").count(needed);
    out.raw(",").key("percent").number(needed == 0 ? 100.0 : round1(100.0 * static_cast<double>(in_place) /
                                                                    static_cast<double>(needed)));
    out.raw(",").key("lacking").strings(lacking);
    out.raw("},").key("efficiency").raw("{").key("taken_up").count(taken_up);
    out.raw(",").key("percent");
    out.number_or_null(taken_up > 0 ? std::optional<double>(round1(taken_sum / static_cast<double>(taken_up)))
                                    : std::nullopt);
    out.raw("},").key("factors").raw("[").raw(list.take()).raw("]}");
  }

  // The alliance's intended role: the answer to the question tagged
  // portfolio-role; with several respondents, the role most of them name
  // (the first named on a tie). Empty without one; "none" when no role is
  // agreed.
  static std::pair<const mmf::Question*, std::string> intended_role(const mmf::InsightContext& ctx) {
    for (const auto& question : ctx.model.questions) {
      if (!question.has_tag("portfolio-role")) continue;
      std::vector<std::pair<std::string, std::size_t>> votes;
      for (const auto& resp : ctx.assessment.respondents)
        for (const auto& a : resp.answers) {
          if (a.question != question.id || a.option.empty()) continue;
          auto it = std::find_if(votes.begin(), votes.end(), [&](const auto& v) { return v.first == a.option; });
          if (it == votes.end()) votes.emplace_back(a.option, 1);
          else ++it->second;
        }
      std::string role;
      std::size_t best = 0;
      for (const auto& [option, n] : votes)
        if (n > best) {
          best = n;
          role = option;
        }
      return {&question, role};
    }
    return {nullptr, ""};
  }

  // The target profile that fits the intended role (strategic: the
  // strategic-partner profile); null without an agreed role.
  static void target_profile(const mmf::InsightContext& ctx, JsonText& out) {
    auto [question, role] = intended_role(ctx);
    if (!question) {
      out.raw("null");
      return;
    }
    const mmf::Model& m = ctx.model;
    std::string profile = role == "strategic" ? "strategic-partner" : role;
    bool known = !role.empty() && std::any_of(m.targets.begin(), m.targets.end(), [&](const auto& t) { return t.id == profile; });
    out.raw("{").key("question").string(question->id).raw(",").key("role").string_or_null(role.empty() ? nullptr : &role);
    out.raw(",").key("profile").string_or_null(known ? &profile : nullptr).raw("}");
  }

  // The two partners side by side: when the respondents come from two or
  // more units (each partner one unit), each unit is scored on its own and
  // the insight gives per unit the overall percent, per defining trait the
  // units' values and the gap between the highest and the lowest, and the
  // questions on which the units differ by a whole step or more. Null with
  // fewer than two units.
  static void two_sided(const mmf::InsightContext& ctx, JsonText& out) {
    const mmf::Model& m = ctx.model;
    std::size_t with_unit = 0;
    for (const auto& resp : ctx.assessment.respondents) with_unit += resp.unit.empty() ? 0 : 1;
    if (with_unit < 2 || !ctx.result.model) {
      out.raw("null");
      return;
    }
    auto parts = mmf::assess_parts(ctx.result.model, ctx.assessment, ctx.registry, mmf::Split::unit);
    std::erase_if(parts, [](const mmf::PartResult& p) { return p.key.empty(); });
    if (parts.size() < 2) {
      out.raw("null");
      return;
    }
    out.raw("{").key("units").raw("[");
    for (std::size_t u = 0; u < parts.size(); ++u) {
      const auto& o = parts[u].result.overall;
      out.raw(u ? ",{" : "{").key("unit").string(parts[u].key);
      out.raw(",").key("respondents").count(parts[u].respondents);
      out.raw(",").key("percent").number_or_null(o.scored ? std::optional<double>(round1(o.percent)) : std::nullopt);
      out.raw("}");
    }
    // A question's normalised value in one unit, or none.
    auto value = [&](std::size_t u, std::size_t q) -> std::optional<double> {
      const auto& s = parts[u].result.questions[q];
      if (!s.answered || s.not_applicable) return std::nullopt;
      return s.normalised;
    };
    auto gap_of = [&](const std::vector<std::optional<double>>& v) -> std::optional<double> {
      std::optional<double> lo, hi;
      for (const auto& x : v)
        if (x) {
          lo = lo ? std::min(*lo, *x) : *x;
          hi = hi ? std::max(*hi, *x) : *x;
        }
      if (!lo) return std::nullopt;
      return round2(*hi - *lo);
    };
    auto by_unit = [&](const std::vector<std::optional<double>>& v) {
      out.raw("{");
      for (std::size_t u = 0; u < parts.size(); ++u)
        out.raw(u ? "," : "").key(parts[u].key).number_or_null(v[u] ? std::optional<double>(round2(*v[u]))
                                                                      : std::nullopt);
      out.raw("}");
    };
    out.raw("],").key("traits").raw("[");
    bool first = true;
    for (const auto& trait : alliance::kTraits) {
      const std::string tag = "trait:" + trait;
      std::vector<std::optional<double>> v(parts.size());
      for (std::size_t u = 0; u < parts.size(); ++u) {
        double sum = 0, weight = 0;
        for (std::size_t q = 0; q < m.questions.size(); ++q)
          if (m.questions[q].has_tag(tag))
            if (auto x = value(u, q)) {
              sum += m.questions[q].weight * *x;
              weight += m.questions[q].weight;
            }
        if (weight > 0) v[u] = sum / weight;
      }
      out.raw(first ? "{" : ",{").key("trait").string(trait).raw(",").key("by_unit");
      by_unit(v);
      out.raw(",").key("gap").number_or_null(gap_of(v)).raw("}");
      first = false;
    }
    out.raw("],").key("questions").raw("[");
    first = true;
    for (std::size_t q = 0; q < m.questions.size(); ++q) {
      std::vector<std::optional<double>> v(parts.size());
      for (std::size_t u = 0; u < parts.size(); ++u) v[u] = value(u, q);
      auto gap = gap_of(v);
      if (!gap || *gap < 0.33 - 1e-9) continue;
      out.raw(first ? "{" : ",{").key("question").string(m.questions[q].id).raw(",").key("by_unit");
      by_unit(v);
      out.raw(",").key("gap").number(*gap).raw("}");
      first = false;
    }
    out.raw("]}");
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

// The alliance's section of every report: why a value stage is held, the
// dimensions' maturity, the defining traits, the success factors
// (effectiveness and efficiency), the partners side by side and
// Vision-Skills-Trust.
class AllianceContent final : public mmf::ReportContent {
 public:
  mmf::Section section(const mmf::Result& r, const mmf::RenderOptions& options, const mmf::Words& w) const override {
    const auto i = Json::parse(r.insight("alliance"));
    const mmf::Model& m = *r.model;
    const std::string locale = options.locale.empty() ? m.locale : options.locale;
    auto level = [&](const Json& id) {
      std::size_t at = id.is_string() ? m.find_level(id.get<std::string>()) : mmf::npos;
      return at == mmf::npos ? (id.is_string() ? id.get<std::string>() : std::string("—")) : m.levels[at].name.in(locale);
    };
    auto group = [&](const std::string& id) {
      std::size_t at = m.find_group(id);
      return at == mmf::npos ? id : m.groups[at].name.in(locale);
    };
    auto question = [&](const std::string& id) {
      std::size_t at = m.find_question(id);
      return at == mmf::npos ? id : m.questions[at].text.in(locale);
    };
    auto name = [&](const Json& id) { return w.tr(display_name(id.get<std::string>())); };
    auto title = [&](const Json& id) { return capitalised(name(id)); };
    auto pct = [&](const Json& v) { return v.is_number() ? w.percent(v.get<double>(), 1) : std::string("—"); };

    mmf::Section s;
    s.title = w.tr("The alliance's value stage");
    if (r.overall.level != mmf::npos)
      s.paragraph(w.trf("Value stage: {} — {}", {m.levels[r.overall.level].name.in(locale),
                                                 m.levels[r.overall.level].description.in(locale)}));
    const auto& stage = i["value_stage"];
    if (stage["capped"] == true) {
      s.warning(w.trf("Held below {}: the scores reach its band, but its test is not met. The recommendations that "
                      "lift the cap come first:",
                      {level(stage["by_bands"])}));
      std::vector<std::string> why;
      for (const auto& t : stage["unmet_stage_tests"])
        why.push_back(w.trf("“{}” must reach {} of its scale (the test of {})",
                            {question(t["question"].get<std::string>()),
                             w.percent(std::round(t["lifts_at"].get<double>() * 100), 0), level(t["stage"])}));
      for (const auto& t : stage["missing_traits"])
        why.push_back(w.trf("the defining trait “{}” is missing", {name(t)}));
      s.bullets(std::move(why));
    }

    mmf::SectionTable dims;
    dims.headers = {w.tr("Dimension"), w.tr("Percent"), w.tr("Maturity")};
    dims.numeric = {false, true, false};
    for (const auto& d : i["dimensions"])
      dims.rows.push_back({group(d["group"].get<std::string>()), pct(d["percent"]),
                           d["label"].is_string() ? w.tr(display_name(d["label"].get<std::string>())) : std::string("—")});
    s.table(std::move(dims));

    s.heading(w.tr("Defining traits"));
    mmf::SectionTable traits;
    traits.headers = {w.tr("Defining trait"), w.tr("Present")};
    for (const auto& t : i["traits"]) traits.rows.push_back({title(t["trait"]), t["present"] == true ? w.tr("yes") : w.tr("no")});
    s.table(std::move(traits));

    s.heading(w.tr("Success factors"));
    const auto& sf = i["success_factors"];
    const auto& eff = sf["effectiveness"];
    std::string lacking;
    for (const auto& f : eff["lacking"]) lacking += (lacking.empty() ? "" : ", ") + name(f);
    s.paragraph(w.trf("Effectiveness {}: {} of the {} success factors that the stage it aims at ({}) calls for are in place.",
                      {pct(eff["percent"]), eff["in_place"].dump(), eff["needed"].dump(), level(eff["aim"])}) +
                (lacking.empty() ? std::string() : " " + w.trf("Lacking: {}.", {lacking})));
    s.paragraph(w.trf("Efficiency {}: how well the {} factors taken up perform.",
                      {pct(sf["efficiency"]["percent"]), sf["efficiency"]["taken_up"].dump()}));
    mmf::SectionTable factors;
    factors.headers = {w.tr("Success factor"), w.tr("Percent")};
    factors.numeric = {false, true};
    for (const auto& f : sf["factors"]) factors.rows.push_back({title(f["factor"]), pct(f["percent"])});
    s.table(std::move(factors));

    if (const auto& two = i["two_sided"]; two.is_object()) {
      s.heading(w.tr("The partners side by side"));
      s.paragraph(w.tr("Each unit scored on its own, per defining trait (answers from 0 to 1):"));
      mmf::SectionTable side;
      side.headers = {w.tr("Defining trait")};
      side.numeric = {false};
      for (const auto& u : two["units"]) {
        side.headers.push_back(u["unit"].get<std::string>());
        side.numeric.push_back(true);
      }
      side.headers.push_back(w.tr("Gap"));
      side.numeric.push_back(true);
      auto num = [&](const Json& v) { return v.is_number() ? w.number(v.get<double>(), 2) : std::string("—"); };
      for (const auto& t : two["traits"]) {
        std::vector<std::string> row{title(t["trait"])};
        for (const auto& u : two["units"]) row.push_back(num(t["by_unit"][u["unit"].get<std::string>()]));
        row.push_back(num(t["gap"]));
        side.rows.push_back(std::move(row));
      }
      s.table(std::move(side));
    }

    const auto& vst = i["vision_skills_trust"];
    s.paragraph(w.trf("Vision {} · skills {} · trust {}", {pct(vst["vision"]), pct(vst["skills"]), pct(vst["trust"])}));
    return s;
  }

 private:
  // Marks a word for the catalogue (scripts/check-messages) that tr() gets later.
  static constexpr const char* N_(const char* english) { return english; }
  // The English name of a defining trait or success factor, for the catalogue.
  static const char* display_name(const std::string& id) {
    static const std::pair<const char*, const char*> names[] = {
        {"vision", N_("shared vision")},
        {"shared-fate", N_("shared fate")},
        {"customer-value", N_("customer value")},
        {"board", N_("sponsors on both boards")},
        {"symbiosis", N_("symbiosis")},
        {"flexibility", N_("flexibility")},
        {"customer", N_("customer focus")},
        {"culture", N_("culture")},
        {"bottom-up", N_("support from below")},
        {"sponsorship", N_("sponsorship from the top")},
        // The dimensions' maturity labels (alliance::dimension_label).
        {"leading", N_("Leading")},
        {"established", N_("Established")},
        {"developing", N_("Developing")},
        {"emerging", N_("Emerging")},
    };
    for (const auto& [key, english] : names)
      if (id == key) return english;
    return id.c_str();
  }
  static std::string capitalised(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
  }
};

void register_alliance(mmf::PluginRegistrar& registrar) {
  registrar.add_rule("value-stage", std::make_shared<ValueStageRule>());
  registrar.add_insight(std::make_shared<AllianceInsight>());
  registrar.add_report_content(std::make_shared<AllianceContent>());
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
