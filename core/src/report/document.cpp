// The assessment report as a document (document.h): the executive summary,
// where the subject stands (groups, radar, bars, heatmap), the gaps, the
// roadmap, the plugin's findings, the crosswalk, every answer and the notes.
#include "report/document.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "mmf/registry.h"
#include "mmf/roadmap.h"
#include "render/messages.h"
#include "render/plugin_sections.h"
#include "render/render_common.h"

namespace mmf::report {

std::vector<std::pair<double, std::string>> bands_of(const Model& m, const std::string& loc) {
  std::vector<std::pair<double, std::string>> bands;
  for (const auto& l : m.levels)
    if (l.min && *l.min > 0) bands.emplace_back(*l.min, l.name.in(loc));
  return bands;
}

Rgb heat(double t) {
  t = std::clamp(t, 0.0, 1.0);
  auto mix = [](Rgb a, Rgb b, double u) {
    Rgb out = 0;
    for (int shift : {16, 8, 0}) {
      const double x = ((a >> shift) & 0xFF) + (static_cast<double>((b >> shift) & 0xFF) - ((a >> shift) & 0xFF)) * u;
      out |= static_cast<Rgb>(std::lround(x)) << shift;
    }
    return out;
  };
  return t < 0.5 ? mix(0xF8696B, 0xFFEB84, t * 2) : mix(0xFFEB84, 0x63BE7B, (t - 0.5) * 2);
}

void frame(Document& doc, const std::string& locale, const detail::Messages& words, const Brand* brand,
           std::string title, std::string subject, std::string date, std::string author) {
  doc.locale = locale;
  doc.brand = brand;
  doc.title = std::move(title);
  doc.date = std::move(date);
  doc.author = std::move(author);
  doc.cover.subject = subject;
  doc.header = brand && !brand->firm.empty() ? fmt::format("{} · {}", brand->firm, subject) : doc.title;
  doc.footer = brand ? brand->footer : std::string();
  doc.mark = brand ? brand->confidentiality : std::string(words.tr("Confidential"));
  if (brand) {
    doc.style.primary = parse_rgb(brand->primary, doc.style.primary);
    doc.style.accent = parse_rgb(brand->accent, doc.style.accent);
    doc.style.font = brand->font;
  }
  doc.style.score = words.tr("Score");
  doc.style.target = words.tr("Target");
  doc.style.not_assessed = words.tr("not assessed");
  doc.page_of = words.tr("Page {} of {}");
  if (doc.page_of.find("{}") == std::string::npos || doc.page_of.find("{}") == doc.page_of.rfind("{}"))
    doc.page_of = "Page {} of {}";  // a translation without both numbers
}

namespace {

class Builder {
 public:
  Builder(const Result& r, const RenderOptions& options)
      : r_(r), m_(*r.model), options_(options), loc_(detail::locale_of(m_, options)),
        t_(detail::Messages::for_locale(loc_)) {}

  Document build() {
    cover();
    summary();
    standing();
    gaps();
    roadmap();
    findings();
    crosswalk();
    answers();
    notes();
    return std::move(doc_);
  }

 private:
  const Result& r_;
  const Model& m_;
  const RenderOptions& options_;
  const std::string& loc_;
  const detail::Messages& t_;
  Document doc_;

  std::string num(double v) const { return t_.number(round_to(v, 1), 1); }
  std::string pct(double fraction) const { return t_.percent(round_to(fraction * 100, 0), 0); }
  std::string pct1(double percent) const { return t_.percent(round_to(percent, 1), 1); }
  // A node's percent, or "—" for one nothing was scored in.
  std::string percent_of(const NodeResult& node) const { return node.scored ? pct1(node.percent) : std::string("—"); }
  std::string level_of(const NodeResult& node) const {
    return node.scored ? detail::level_name(m_, node.level, loc_) : std::string(t_.tr("not assessed"));
  }
  std::string target_words(const TargetValue& tv) const {
    return tv.kind == TargetValue::Kind::percent ? pct1(tv.percent) : detail::target_text(m_, tv, loc_);
  }
  std::optional<detail::CrosswalkView> crosswalk_ = detail::crosswalk_view(r_);

  std::string subject() const { return r_.subject.empty() ? std::string(t_.tr("(no subject)")) : r_.subject; }
  const Target* target() const { return r_.target.empty() ? nullptr : &m_.targets[m_.find_target(r_.target)]; }
  template <class B>
  void add(B block) {
    doc_.blocks.emplace_back(std::move(block));
  }
  void heading(int level, std::string text) { add(Heading{level, std::move(text)}); }
  void para(std::string text, Tone tone = Tone::body) { add(Paragraph{std::move(text), tone}); }

  void cover() {
    const Brand* brand = options_.brand;
    frame(doc_, loc_, t_, brand, fmt::format("{} — {}", subject(), m_.name.in(loc_)), subject(), r_.date,
          !r_.assessor.empty() ? r_.assessor : brand ? brand->firm : std::string());
    doc_.cover.title = m_.name.in(loc_);
    doc_.cover.subtitle = t_.tr("Maturity assessment");
    auto fact = [&](const char* label, const std::string& value) {
      if (!value.empty()) doc_.cover.facts.emplace_back(label, value);
    };
    fact(t_.tr("Date"), t_.date(r_.date));
    fact(t_.tr("Assessor"), r_.assessor);
    if (brand) fact(t_.tr("Prepared by"), brand->firm);
    fact(t_.tr("Model"), fmt::format("{} {}", m_.name.in(loc_), m_.version));
    if (r_.respondents > 1) fact(t_.tr("Respondents"), std::to_string(r_.respondents));
    fact(t_.tr("Target profile"), r_.target);
    if (crosswalk_)
      doc_.caveat = t_.trf("Converted from {} through crosswalk {}: {}; coverage {}.", crosswalk_->source(), crosswalk_->id,
                           crosswalk_->tally(t_), pct(r_.overall.coverage));
  }

  void summary() {
    heading(1, t_.tr("Executive summary"));
    const auto lines = detail::executive_summary(r_, loc_);
    for (std::size_t i = 0; i < lines.size(); ++i) para(lines[i], i == 0 ? Tone::lead : Tone::body);
  }

  void standing() {
    heading(1, t_.trf("Where {} stands", subject()));
    para(r_.overall.scored ? t_.trf("Overall: {}, {} of the scale, with {} of the questions answered.",
                                    level_of(r_.overall), percent_of(r_.overall), pct(r_.overall.coverage))
                           : std::string(t_.tr("Overall: not assessed.")));
    const Target* t = target();
    Table groups;
    groups.headers = {t_.tr("Group"), t_.tr("Level"), t_.tr("Score"), t_.tr("Target"), t_.tr("Answered")};
    groups.widths = {0.36, 0.19, 0.12, 0.17, 0.16};
    groups.right = {false, false, true, false, true};
    for (const auto& g : r_.groups) {
      const Group& group = m_.groups[g.group];
      std::string name = group.name.in(loc_);
      if (group.parent != npos) name = std::string(2 * std::min<std::size_t>(group.depth - 1, 3), ' ') + name;
      std::string wanted = "—";
      if (t)
        if (const TargetValue* tv = effective_target(m_, *t, g.group)) wanted = target_words(*tv);
      groups.rows.push_back({name, level_of(g), percent_of(g), wanted, pct(g.coverage)});
    }
    add(std::move(groups));

    // The radar: one axis per top-level group.
    Radar radar;
    radar.caption = t ? t_.tr("The profile by group, against the target") : t_.tr("The profile by group");
    Bars bars;
    bars.caption = t_.tr("Each group against the levels' bands");
    bars.bands = bands_of(m_, loc_);
    for (const auto& g : r_.groups) {
      const Group& group = m_.groups[g.group];
      std::optional<double> wanted;
      if (t) wanted = detail::target_percent(m_, effective_target(m_, *t, g.group));
      if (group.parent == npos) {
        radar.labels.push_back(g.scored ? group.name.in(loc_)
                                        : fmt::format("{} ({})", group.name.in(loc_), t_.tr("not assessed")));
        radar.values.push_back(g.scored ? std::optional<double>(std::clamp(g.percent, 0.0, 100.0) / 100) : std::nullopt);
        radar.targets.push_back(wanted ? std::optional<double>(*wanted / 100) : std::nullopt);
        radar.any_target = radar.any_target || wanted.has_value();
      }
      bars.rows.push_back(Bars::Row{group.name.in(loc_), g.scored ? std::optional<double>(g.percent) : std::nullopt,
                                    percent_of(g), wanted, static_cast<int>(std::min<std::size_t>(group.depth - 1, 3))});
    }
    if (radar.labels.size() >= 3) add(std::move(radar));
    add(std::move(bars));
    heatmap();
  }

  // How far each top-level group is toward each level's band, in DSOMM's
  // manner: 100% is reached.
  void heatmap() {
    std::vector<std::size_t> banded;
    for (std::size_t l = 0; l < m_.levels.size(); ++l)
      if (m_.levels[l].min && *m_.levels[l].min > 0) banded.push_back(l);
    if (banded.empty() || r_.groups.empty()) return;
    heading(2, t_.tr("How far each group is toward each level"));
    Table grid;
    grid.headers.push_back(t_.tr("Group"));
    grid.widths.push_back(0.34);
    grid.right.push_back(false);
    for (std::size_t l : banded) {
      grid.headers.push_back(m_.levels[l].name.in(loc_));
      grid.widths.push_back(0.66 / static_cast<double>(banded.size()));
      grid.right.push_back(true);
    }
    for (const auto& g : r_.groups) {
      if (m_.groups[g.group].parent != npos) continue;
      std::vector<std::string> row{m_.groups[g.group].name.in(loc_)};
      std::vector<Rgb> fill{0};
      for (std::size_t l : banded) {
        if (!g.scored) {
          row.push_back(t_.tr("not assessed"));
          fill.push_back(0);
          continue;
        }
        const double toward = std::min(1.0, round_to(g.percent, 1) / *m_.levels[l].min);
        row.push_back(pct(toward));
        fill.push_back(heat(toward));
      }
      grid.rows.push_back(std::move(row));
      grid.fills.push_back(std::move(fill));
    }
    add(std::move(grid));
  }

  void gaps() {
    if (r_.target.empty()) return;
    heading(1, t_.trf("Gaps to the target '{}'", r_.target));
    if (r_.gaps.empty()) {
      para(t_.tr("Every target is met wherever the subject was assessed."));
      return;
    }
    Table table;
    table.headers = {t_.tr("Area"), t_.tr("Now"), t_.tr("Target"), t_.tr("Gap")};
    table.widths = {0.40, 0.22, 0.22, 0.16};
    table.right = {false, false, false, true};
    for (const auto& gap : r_.gaps) {
      std::string current = gap.target.kind == TargetValue::Kind::level ? detail::level_name(m_, gap.current_level, loc_)
                                                                       : pct1(gap.current_percent);
      const auto wanted = detail::target_percent(m_, &gap.target);
      table.rows.push_back({gap.group == npos ? std::string(t_.tr("Overall")) : detail::gap_node_name(m_, gap, loc_),
                            current, target_words(gap.target),
                            wanted ? t_.trf("{} pts", num(std::max(0.0, *wanted - gap.current_percent))) : std::string("—")});
    }
    add(std::move(table));
  }

  void roadmap() {
    const auto rows = detail::roadmap_rows(r_);
    if (rows.empty()) return;
    heading(1, t_.tr("Roadmap"));
    para(t_.tr("Every action once, in the order to take them: High first. Each moves one answer from where it "
               "stands to the answer the target asks for."));
    Table table;
    table.headers = {t_.tr("Priority"), t_.tr("Action"), t_.tr("Question"), t_.tr("From → to")};
    table.widths = {0.12, 0.42, 0.28, 0.18};
    table.right = {false, false, false, false};
    for (const auto& row : rows) {
      const Question& q = m_.questions[row.rec.question];
      const Scale& scale = m_.scales[q.scale];
      std::string action = detail::recommendation_text(m_, row.rec.question, loc_, row.from);
      if (row.lifts_cap) action += std::string("\n") + t_.tr("(lifts what holds the level back)");
      static constexpr const char* bands[] = {detail::N_("High"), detail::N_("Medium"), detail::N_("Low")};
      table.rows.push_back({t_.tr(bands[std::clamp(row.band, 0, 2)]), action, q.text.in(loc_),
                            fmt::format("{} → {}", detail::step_answer(scale, row.from, row.rec.current, loc_),
                                        detail::step_answer(scale, row.to, row.rec.target, loc_))});
    }
    add(std::move(table));
  }

  // The plugin's sections, block by block; a table's first column takes
  // 40% of the width (more when it is the only text), numbers go right.
  void findings() {
    const auto sections = detail::plugin_sections(r_, options_, t_);
    if (sections.empty()) return;
    heading(1, t_.tr("Findings"));
    for (const auto& part : sections) {
      if (sections.size() > 1 || part.section.title != t_.tr("Reading the result")) heading(2, part.section.title);
      for (const auto& b : part.section.blocks) {
        switch (b.kind) {
          case SectionBlock::Kind::heading: heading(3, b.text); break;
          case SectionBlock::Kind::paragraph: para(b.text); break;
          case SectionBlock::Kind::warning: para(b.text, Tone::warning); break;
          case SectionBlock::Kind::bullets: add(Bullets{b.items}); break;
          case SectionBlock::Kind::table: {
            const std::size_t n = b.table.headers.size();
            if (n == 0) break;
            Table table;
            table.headers = b.table.headers;
            table.rows = b.table.rows;
            table.right = detail::numeric_columns(b.table);
            table.widths.assign(n, 1.0);
            if (n > 1) {
              table.widths[0] = 0.4;
              for (std::size_t c = 1; c < n; ++c) table.widths[c] = 0.6 / static_cast<double>(n - 1);
            }
            add(std::move(table));
            break;
          }
        }
      }
    }
  }

  void crosswalk() {
    if (!crosswalk_) return;
    heading(1, t_.tr("Crosswalk"));
    para(doc_.caveat, Tone::note);
    Table table;
    table.headers = {t_.tr("Question"), t_.tr("Answered from"), t_.tr("Relation"), t_.tr("Confidence")};
    table.widths = {0.30, 0.40, 0.15, 0.15};
    table.right = {false, false, false, true};
    for (const auto& a : crosswalk_->answers)
      table.rows.push_back({a.question, a.from, a.relation, t_.number(round_to(a.confidence, 2), 2)});
    for (const auto& q : crosswalk_->unanswered) table.rows.push_back({q, t_.tr("not answered by the crosswalk"), "", ""});
    add(std::move(table));
  }

  void answers() {
    heading(1, t_.tr("Answers"));
    std::size_t answered = 0;
    for (const auto& q : r_.questions) answered += q.answered ? 1 : 0;
    para(t_.trf("{} of {} questions answered.", answered, m_.questions.size()));
    for (std::size_t gi : m_.group_order) {
      const Group& group = m_.groups[gi];
      if (group.questions.empty()) continue;
      std::string path = group.name.in(loc_);
      for (std::size_t p = group.parent; p != npos; p = m_.groups[p].parent)
        path = m_.groups[p].name.in(loc_) + " › " + path;
      heading(2, path);
      Table table;
      table.headers = {t_.tr("Question"), t_.tr("Answer"), t_.tr("Evidence and comments")};
      table.widths = {0.44, 0.22, 0.34};
      table.right = {false, false, false};
      for (std::size_t q : group.questions) {
        const QuestionResult& qr = r_.questions[q];
        const Question& question = m_.questions[q];
        const Scale& scale = m_.scales[question.scale];
        std::string answer = "—";
        if (qr.not_applicable) {
          answer = t_.tr("not applicable");
        } else if (qr.answered) {
          const std::size_t o = qr.option.empty() ? npos : scale.find_option(qr.option);
          if (o != npos) answer = scale.options[o].label.in(loc_);
          else if (scale.kind == Scale::Kind::range)
            answer = t_.trf("{} ({} of the scale)", t_.number(round_to(qr.value, 2), qr.value == std::round(qr.value) ? 0 : 2), pct(qr.normalised));
          else  // several respondents, whose answers do not agree on one option
            answer = t_.trf("{} of the scale, the mean of {} answers", pct(qr.normalised), qr.respondents);
        }
        if (crosswalk_)
          if (const auto* a = crosswalk_->find(question.id))
            answer += "\n" + t_.trf("via the crosswalk from {}", a->from);
        std::string notes;
        for (const auto& note : qr.notes) {
          std::string line = note.evidence;
          if (!note.comment.empty()) line += (line.empty() ? "" : " — ") + note.comment;
          if (r_.respondents > 1 && !note.respondent.empty()) line = note.respondent + ": " + line;
          notes += (notes.empty() ? "" : "\n") + line;
        }
        table.rows.push_back({question.text.in(loc_), answer, notes});
      }
      add(std::move(table));
    }
  }

  void notes() {
    Bullets items{detail::warning_lines(r_, loc_)};
    if (items.items.empty()) return;
    heading(1, t_.tr("Notes"));
    add(std::move(items));
  }
};

}  // namespace

Rgb parse_rgb(const std::string& hex, Rgb fallback) {
  if (hex.size() != 7 || hex[0] != '#') return fallback;
  Rgb v = 0;
  for (char c : hex.substr(1)) {
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<Rgb>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<Rgb>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<Rgb>(c - 'A' + 10);
    else return fallback;
  }
  return v;
}

Document assessment_document(const Result& result, const RenderOptions& options) {
  return Builder(result, options).build();
}

}  // namespace mmf::report
