// The self-contained HTML report: a Mustache template (core/templates,
// embedded at build time) filled with JSON data computed here, including the
// radar chart's geometry for inline SVG. No network, no external assets, no
// timestamps: the same result always renders to the same bytes.
#include <algorithm>
#include <cmath>
#include <functional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "mmf/registry.h"
#include "mmf/roadmap.h"
#include "mmf/version.h"
#include "base/ids.h"
#include "render/messages.h"
#include "render/plugin_sections.h"
#include "render/mustache.h"
#include "render/render_common.h"
#include "plugins/plugin_call.h"

extern const char* const mmf_report_template;

namespace mmf {

namespace {

using Json = nlohmann::ordered_json;

constexpr double kPi = 3.14159265358979323846;
constexpr double kSize = 420, kRadius = 160;

std::string num(double v) { return fmt::format("{:.1f}", round_to(v, 1)); }
std::string pct(double fraction) { return fmt::format("{:.0f}%", round_to(fraction * 100, 0)); }

// The point at `fraction` of the radius on axis i of n.
std::pair<double, double> radar_point(std::size_t i, std::size_t n, double fraction) {
  double angle = -kPi / 2 + 2 * kPi * static_cast<double>(i) / static_cast<double>(n);
  return {kSize / 2 + kRadius * fraction * std::cos(angle), kSize / 2 + kRadius * fraction * std::sin(angle)};
}

// The polygon through axis i at fractions[i]; an axis without a value (a
// group nothing was scored in) has no vertex, rather than one at 0.
std::string polygon(const std::vector<std::optional<double>>& fractions) {
  std::string points;
  for (std::size_t i = 0; i < fractions.size(); ++i) {
    if (!fractions[i]) continue;
    auto [x, y] = radar_point(i, fractions.size(), std::clamp(*fractions[i], 0.0, 1.0));
    points += fmt::format("{}{:.1f},{:.1f}", points.empty() ? "" : " ", x, y);
  }
  return points;
}

std::string scalar_text(const nlohmann::ordered_json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "—";
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_array()) {
    std::string s;
    for (const auto& item : v) s += (s.empty() ? "" : ", ") + scalar_text(item);
    return s;
  }
  return v.dump();
}

std::string heading(std::string key) {
  for (auto& c : key)
    if (c == '_') c = ' ';
  if (!key.empty()) key[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(key[0])));
  return key;
}

// A plugin's insight section, shown generically: a list of objects becomes a
// table, an object becomes key/value rows (nested objects flattened).
Json insight_blocks(const nlohmann::ordered_json& section) {
  Json blocks = Json::array();
  Json loose = Json::array();
  auto pairs_of = [](const nlohmann::ordered_json& obj) {
    Json pairs = Json::array();
    std::function<void(const nlohmann::ordered_json&, const std::string&)> walk = [&](const nlohmann::ordered_json& o,
                                                                                    const std::string& prefix) {
      for (auto it = o.begin(); it != o.end(); ++it) {
        std::string key = prefix.empty() ? heading(it.key()) : prefix + " › " + it.key();
        if (it->is_object()) walk(*it, key);
        else pairs.push_back(Json{{"key", key}, {"value", scalar_text(*it)}});
      }
    };
    walk(obj, "");
    return pairs;
  };
  for (auto it = section.begin(); it != section.end(); ++it) {
    const auto& v = *it;
    if (v.is_array() && !v.empty() && v.front().is_object()) {
      Json headers = Json::array(), rows = Json::array();
      std::vector<std::string> keys;
      for (auto k = v.front().begin(); k != v.front().end(); ++k) {
        keys.push_back(k.key());
        headers.push_back(heading(k.key()));
      }
      for (const auto& row : v) {
        Json cells = Json::array();
        for (const auto& k : keys) cells.push_back(row.contains(k) ? scalar_text(row[k]) : std::string());
        rows.push_back(Json{{"cells", cells}});
      }
      blocks.push_back(Json{{"heading", heading(it.key())}, {"is_table", true}, {"headers", headers}, {"rows", rows}});
    } else if (v.is_object()) {
      blocks.push_back(Json{{"heading", heading(it.key())}, {"is_pairs", true}, {"pairs", pairs_of(v)}});
    } else {
      loose.push_back(Json{{"key", heading(it.key())}, {"value", scalar_text(v)}});
    }
  }
  if (!loose.empty()) blocks.insert(blocks.begin(), Json{{"heading", std::string("Summary")}, {"is_pairs", true}, {"pairs", loose}});
  return blocks;
}

}  // namespace

std::string detail::CrosswalkView::tally(const Messages& words) const {
  const std::string mean = words.number(round_to(confidence, 2), 2);
  return converted == 1 ? words.trf("1 answer, mean confidence {}", mean)
                        : words.trf("{} answers, mean confidence {}", converted, mean);
}

std::vector<std::string> detail::warning_lines(const Result& r, const std::string& locale) {
  const Messages& tx = Messages::for_locale(locale);
  std::vector<std::string> lines;
  std::string unanswered;
  std::size_t count = 0;
  for (const auto& w : r.warnings) {
    if (w.code == "unanswered") {
      ++count;
      unanswered += (unanswered.empty() ? "" : ", ") + w.question;
    } else {
      lines.push_back(w.message);
    }
  }
  if (count > 0)
    lines.insert(lines.begin(), count == 1 ? tx.trf("1 question unanswered: {}", unanswered)
                                           : tx.trf("{} questions unanswered: {}", count, unanswered));
  return lines;
}

std::string html_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_html(const Result& r, const RenderOptions& options) {
  const Model& m = *r.model;
  const std::string& loc = detail::locale_of(m, options);
  const Target* target = r.target.empty() ? nullptr : &m.targets[m.find_target(r.target)];
  const detail::Messages& tx = detail::Messages::for_locale(loc);
  // The report's own words, in the locale's language (core/po).
  static constexpr std::pair<const char*, const char*> words[] = {
      {"summary", detail::N_("Summary")},
      {"overall", detail::N_("Overall")},
      {"radar", detail::N_("Radar chart of the top-level groups")},
      {"not_plotted", detail::N_("not assessed: not plotted")},
      {"current", detail::N_("current")},
      {"groups", detail::N_("Groups")},
      {"group", detail::N_("Group")},
      {"level", detail::N_("Level")},
      {"percent", detail::N_("Percent")},
      {"bands", detail::N_("Against the level bands")},
      {"coverage", detail::N_("Coverage")},
      {"now", detail::N_("Now")},
      {"target", detail::N_("Target")},
      {"gap", detail::N_("Gap")},
      {"roadmap", detail::N_("Roadmap")},
      {"roadmap_note", detail::N_("Every recommendation once, in the order to act: High first (what lifts a capped "
                                  "level leads), then Medium, then Low.")},
      {"priority", detail::N_("Priority")},
      {"action", detail::N_("Action")},
      {"question", detail::N_("Question")},
      {"from_to", detail::N_("From → to")},
      {"lifts_cap", detail::N_("lifts the cap")},
      {"crosswalk", detail::N_("Crosswalk")},
      {"from", detail::N_("From")},
      {"relation", detail::N_("Relation")},
      {"confidence", detail::N_("Confidence")},
      {"answers", detail::N_("Answers")},
      {"answer", detail::N_("Answer")},
      {"respondents", detail::N_("Respondents")},
      {"evidence", detail::N_("Evidence and comments")},
      {"look_for", detail::N_("Evidence to look for:")},
      {"warnings", detail::N_("Coverage and warnings")},
      {"no_warnings", detail::N_("No warnings.")},
  };
  Json labels = Json::object();
  for (const auto& [key, english] : words) labels[key] = tx.tr(english);

  Json data{
      {"w", labels},
      {"locale", loc},
      {"mmf_version", std::string(library_version())},
      {"subject", r.subject.empty() ? std::string(tx.tr("(no subject)")) : r.subject},
      {"model_name", m.name.in(loc)},
      {"model_version", m.version},
      {"date", r.date},
      {"assessor", r.assessor},
      {"many_respondents", r.respondents > 1},
      {"respondents", std::to_string(r.respondents)},
      {"respondents_text", tx.trf("{} respondents", r.respondents)},
      {"rule", m.scoring.rule},
      {"target", r.target},
      {"overall_level", r.overall.scored ? detail::level_name(m, r.overall.level, loc) : std::string(tx.tr("not assessed"))},
      {"summary", detail::executive_summary(r, loc)},
      {"overall_percent", r.overall.scored ? tx.percent(round_to(r.overall.percent, 1), 1) : std::string("—")},
      {"overall_coverage", tx.percent(round_to(r.overall.coverage * 100, 0), 0)},
      {"coverage_text", tx.trf("coverage {}", tx.percent(round_to(r.overall.coverage * 100, 0), 0))},
      {"target_legend", tx.trf("target '{}'", r.target)},
      {"gaps_heading", tx.trf("Gaps against target '{}'", r.target)},
      {"scored_with", tx.trf("Scored with mmf {} by rule '{}'.", library_version(), m.scoring.rule)},
  };

  const auto crosswalk = detail::crosswalk_view(r);
  if (crosswalk) {
    Json rows = Json::array();
    for (const auto& a : crosswalk->answers)
      rows.push_back(Json{{"question", a.question}, {"from", a.from}, {"relation", a.relation},
                          {"confidence", tx.number(round_to(a.confidence, 2), 2)}});
    std::string unanswered;
    for (const auto& u : crosswalk->unanswered) unanswered += (unanswered.empty() ? "" : ", ") + u;
    const std::string line =
        tx.trf("Converted from {} through crosswalk {}: {}", crosswalk->source(), crosswalk->id, crosswalk->tally(tx));
    data["crosswalk"] = Json{
        {"line", line},
        {"explained", tx.trf("{}. Each answer below stands for answers to the source model; its confidence is the "
                            "mapping's strength × its relation's factor × the share of its sources answered.",
                            line)},
        {"answers", rows},
        {"unanswered", unanswered},
        {"unanswered_text", tx.trf("Not answered through the crosswalk ({}): {}", crosswalk->unanswered.size(), unanswered)}};
  }

  Json ladder = Json::array();
  for (std::size_t i = m.levels.size(); i-- > 0;)
    ladder.push_back(Json{{"name", m.levels[i].name.in(loc)},
                                {"from", m.levels[i].min ? num(*m.levels[i].min) + "%" : std::string()},
                                {"current", i == r.overall.level}});
  data["ladder"] = ladder;

  // Radar: one axis per top-level group.
  std::vector<const NodeResult*> top;
  for (const auto& g : r.groups)
    if (m.groups[g.group].parent == npos) top.push_back(&g);
  std::size_t n = top.size();
  Json rings = Json::array(), axes = Json::array();
  for (double ring : {0.25, 0.5, 0.75, 1.0})
    rings.push_back(Json{{"points", polygon(std::vector<std::optional<double>>(n, ring))}});
  std::vector<std::optional<double>> values, targets;
  bool any_target = false;
  for (std::size_t i = 0; i < n; ++i) {
    const Group& g = m.groups[top[i]->group];
    auto [x, y] = radar_point(i, n, 1.0);
    auto [lx, ly] = radar_point(i, n, 1.12);
    std::string anchor = std::fabs(lx - kSize / 2) < 10 ? "middle" : (lx < kSize / 2 ? "end" : "start");
    const bool assessed = top[i]->scored;
    std::string label = assessed ? g.name.in(loc) : fmt::format("{} ({})", g.name.in(loc), tx.tr("not assessed"));
    axes.push_back(Json{{"cx", num(kSize / 2)}, {"cy", num(kSize / 2)}, {"x", num(x)}, {"y", num(y)},
                        {"lx", num(lx)}, {"ly", num(ly + 4)}, {"anchor", anchor}, {"label", label},
                        {"not_assessed", !assessed}});
    values.push_back(assessed ? std::optional<double>(top[i]->percent / 100.0) : std::nullopt);
    std::optional<double> t;
    if (target) t = detail::target_percent(m, effective_target(m, *target, top[i]->group));
    any_target = any_target || t.has_value();
    targets.push_back(t.value_or(0) / 100.0);  // a target is plotted whether or not the group was assessed
  }
  // Room around the chart for the axis labels.
  data["radar_left"] = num(-190);  // room for the longest labels either side
  data["radar_width"] = num(kSize + 380);
  data["radar_height"] = num(kSize + 20);
  data["radar_rings"] = rings;
  data["radar_axes"] = axes;
  data["radar_values"] = polygon(values);
  data["radar_target"] = any_target ? polygon(targets) : std::string();

  Json groups = Json::array();
  for (const auto& g : r.groups) {
    const Group& group = m.groups[g.group];
    Json bands = Json::array();
    for (const auto& l : m.levels)
      if (l.min && *l.min > 0) bands.push_back(Json{{"at", num(*l.min)}, {"name", l.name.in(loc)}});
    Json row{{"name", group.name.in(loc)},
                   {"depth", std::to_string(std::min<std::size_t>(group.depth - 1, 3))},
                   {"level", g.scored ? detail::level_name(m, g.level, loc) : std::string(tx.tr("not assessed"))},
                   {"percent", g.scored ? tx.percent(round_to(g.percent, 1), 1) : std::string("—")},
                   {"width", num(g.scored ? std::clamp(g.percent, 0.0, 100.0) : 0.0)},
                   {"coverage", tx.percent(round_to(g.coverage * 100, 0), 0)},
                   {"bands", bands}};
    if (target)
      if (auto t = detail::target_percent(m, effective_target(m, *target, g.group))) row["target_at"] = num(*t);
    groups.push_back(row);
  }
  data["groups"] = groups;

  Json gaps = Json::array();
  for (const auto& gap : r.gaps) {
    std::string current = gap.target.kind == TargetValue::Kind::level ? detail::level_name(m, gap.current_level, loc)
                                                                     : num(gap.current_percent) + "%";
    const auto wanted = detail::target_percent(m, &gap.target);
    gaps.push_back(Json{{"node", detail::gap_node_name(m, gap, loc)},
                        {"current", current},
                        {"target", detail::target_text(m, gap.target, loc)},
                        {"gap", wanted ? tx.trf("{} pts", tx.number(round_to(std::max(0.0, *wanted - gap.current_percent), 1), 1))
                                       : std::string("—")}});
  }
  data["has_gaps"] = !gaps.empty();
  data["gaps"] = gaps;

  // One roadmap: every recommendation once, in roadmap order, with its
  // priority band and the answers it goes from and to, in words.
  Json roadmap = Json::array();
  for (const auto& row : detail::roadmap_rows(r)) {
    const Question& q = m.questions[row.rec.question];
    const Scale& scale = m.scales[q.scale];
    static const char* const classes[] = {"high", "medium", "low"};
    roadmap.push_back(Json{{"band", tx.tr(detail::band_name(row.band))},
                           {"band_class", classes[row.band]},
                           {"lifts_cap", row.lifts_cap},
                           {"text", detail::recommendation_text(m, row.rec.question, loc, row.from)},
                           {"question", q.id},
                           {"question_text", q.text.in(loc)},
                           {"from", detail::step_answer(scale, row.from, row.rec.current, loc)},
                           {"to", detail::step_answer(scale, row.to, row.rec.target, loc)}});
  }
  data["has_roadmap"] = !roadmap.empty();
  data["roadmap"] = roadmap;

  // The plugin's section in its typed blocks (API 2.4); else, from an older
  // plugin, its own HTML (ReportSection); else the generic view of its
  // insights. An older plugin's ReportText never reached the HTML report.
  Json insights = Json::array();
  const auto sections = detail::plugin_sections(r, options, tx, false);
  for (const auto& part : sections) insights.push_back(detail::section_html_data(part.section));
  for (const auto& insight : r.insights) {
    const auto value = detail::parse_json_text(insight.json);
    if (!value.is_object()) continue;
    if (std::any_of(sections.begin(), sections.end(), [&](const auto& p) { return p.owner == insight.plugin; })) continue;
    std::string custom;
    if (options.registry)
      for (const auto& s : options.registry->sections())
        if (s.owner == insight.plugin) {
          std::string fragment, error;
          if (detail::call_plugin(s.owner, "its report section", error, [&] { fragment = s.section->html(r, options); }))
            custom += fragment;
          else {
            spdlog::warn("{}", error);
            custom += "<p class=\"warn\">" + html_escape(error) + "</p>";
          }
        }
    Json section{{"title", tx.trf("Insights: {}", insight.plugin)}};
    if (!custom.empty()) section["custom"] = custom;
    else section["blocks"] = insight_blocks(value);
    insights.push_back(section);
  }
  data["insights"] = insights;

  Json answer_groups = Json::array();
  std::size_t answered = 0;
  for (std::size_t gi : m.group_order) {
    const Group& group = m.groups[gi];
    if (group.questions.empty()) continue;
    Json questions = Json::array();
    for (std::size_t q : group.questions) {
      const QuestionResult& qr = r.questions[q];
      const Question& question = m.questions[q];
      const Scale& scale = m.scales[question.scale];
      std::string answer = "—";
      std::string meaning;  // what the chosen answer means for this question
      const QuestionGuide& guide = m.guide(q);
      if (qr.answered) ++answered;
      if (qr.not_applicable) {
        answer = tx.tr("not applicable");
      } else if (qr.answered) {
        std::size_t o = qr.option.empty() ? npos : scale.find_option(qr.option);
        answer = o != npos ? scale.options[o].label.in(loc)
                           : fmt::format("{} ({})", detail::number_text(round_to(qr.value, 2)), pct(qr.normalised));
        if (o != npos && o < guide.answers.size()) meaning = guide.answers[o].in(loc);
      }
      Json notes = Json::array();
      for (const auto& note : qr.notes)
        notes.push_back(Json{{"who", r.respondents > 1 ? note.respondent : std::string()},
                                   {"evidence", note.evidence},
                                   {"comment", note.comment},
                                   {"both", !note.evidence.empty() && !note.comment.empty()}});
      std::string via;
      if (const auto* a = crosswalk ? crosswalk->find(question.id) : nullptr)
        via = tx.trf("via crosswalk from {}, confidence {}", a->from, tx.number(round_to(a->confidence, 2), 2));
      std::string criteria;
      for (const Text& c : guide.criteria) criteria += (criteria.empty() ? "" : "; ") + c.in(loc);
      questions.push_back(Json{{"id", question.id},
                                     {"text", question.text.in(loc)},
                                     {"criteria", criteria},
                                     {"answer", answer},
                                     {"meaning", meaning},
                                     {"via", via},
                                     {"respondents", std::to_string(qr.respondents)},
                                     {"notes", notes}});
    }
    std::string path = group.name.in(loc);
    for (std::size_t p = group.parent; p != npos; p = m.groups[p].parent) path = m.groups[p].name.in(loc) + " › " + path;
    answer_groups.push_back(Json{{"name", path}, {"questions", questions}});
  }
  data["answer_groups"] = answer_groups;
  data["answered_text"] = tx.trf("{} of {} questions answered (coverage {}).", answered, m.questions.size(),
                                tx.percent(round_to(r.overall.coverage * 100, 0), 0));

  Json warnings = Json::array();
  for (auto& line : detail::warning_lines(r, loc)) warnings.push_back(std::move(line));
  data["has_warnings"] = !warnings.empty();
  data["warnings"] = warnings;

  return detail::render_mustache(mmf_report_template, data);
}

}  // namespace mmf
