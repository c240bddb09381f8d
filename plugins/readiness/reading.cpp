// The analysis of a readiness result and its words: see reading.h.
#include "reading.h"

#include <cmath>
#include <string_view>

#include "mmf/render.h"

namespace readiness {

Reading read(const mmf::Model& m, const mmf::Result& r) {
  Reading out;
  out.scored = r.overall.scored;
  out.verdict = r.overall.level;
  out.percent = r.overall.percent;
  out.by_score = r.overall.scored ? mmf::band_of(m, r.overall.percent) : mmf::npos;
  out.threshold = m.scoring.performed;
  for (const auto& q : r.questions) {
    const bool gate = m.questions[q.question].has_tag(kGate);
    const Standing s = standing(m, q.answered, q.not_applicable, q.normalised);
    if (gate) ++out.gates;
    if (gate && (s == Standing::met || s == Standing::not_applicable)) ++out.gates_met;
    if (s == Standing::below) (gate ? out.blockers : out.conditions).push_back(Item{q.question, q.normalised});
    if (s == Standing::unanswered) {
      if (gate) out.unanswered_gates.push_back(q.question);
      else ++out.unanswered;
    }
  }
  return out;
}

namespace {

std::string pct(const mmf::Words& w, double v) { return w.percent(std::round(v * 10.0) / 10.0, 1); }

// The answer a question stands at: the option's label when one respondent
// chose it, else the normalised value as a percent of the scale.
std::string answer_of(const mmf::Model& m, const mmf::Result& r, std::size_t q, const std::string& locale,
                      const mmf::Words& w) {
  const auto& res = r.questions[q];
  const auto& scale = m.scales[m.questions[q].scale];
  if (!res.option.empty())
    if (std::size_t o = scale.find_option(res.option); o != mmf::npos) return scale.options[o].label.in(locale);
  return pct(w, 100.0 * res.normalised);
}

std::string level_name(const mmf::Model& m, std::size_t level, const std::string& locale) {
  return level == mmf::npos ? std::string() : m.levels[level].name.in(locale);
}

// The lines that say why the verdict is what it is.
std::vector<std::string> why(const mmf::Model& m, const Reading& rd, const std::string& locale, const mmf::Words& w) {
  std::vector<std::string> lines;
  const std::string score = pct(w, rd.percent);
  const std::string band = level_name(m, rd.by_score, locale);
  const std::string threshold = pct(w, 100.0 * rd.threshold);
  const std::string n = std::to_string(rd.unanswered_gates.size());
  if (rd.verdict == mmf::npos) {
    lines.push_back(rd.unanswered_gates.size() == 1
                        ? w.tr("Undetermined: one gate has no answer, and the verdict turns on it.")
                        : w.trf("Undetermined: {} gates have no answer, and the verdict turns on them.", {n}));
    return lines;
  }
  if (rd.blockers.size() >= 2) {
    lines.push_back(w.trf("{} of the {} gates are not met: whatever the score ({}), the foundations come first.",
                          {std::to_string(rd.blockers.size()), std::to_string(rd.gates), score}));
  } else if (rd.blockers.size() == 1) {
    if (rd.by_score != mmf::npos && rd.by_score > rd.verdict)
      lines.push_back(w.trf("One gate is not met. Until it is, the programme runs as a pilot; by score alone ({}) "
                            "the verdict would be {}.",
                            {score, band}));
    else
      lines.push_back(w.trf("One gate is not met, and the score ({}) is in the band of {}.", {score, band}));
  } else if (rd.by_score != mmf::npos && rd.by_score > rd.verdict) {
    lines.push_back(w.trf("Every gate is met, and the score ({}) reaches {}; but that rung needs every question "
                          "answered and at the threshold, so the verdict stays one below.",
                          {score, band}));
  } else {
    lines.push_back(w.trf("Every gate is met, and the score ({}) is in the band of {}.", {score, band}));
  }
  if (rd.conditions.size() == 1)
    lines.push_back(w.trf("One condition stands below the threshold of {}: close it on a timetable; it is among "
                          "the recommendations.",
                          {threshold}));
  else if (rd.conditions.size() > 1)
    lines.push_back(w.trf("{} conditions stand below the threshold of {}: close them on a timetable; each is among "
                          "the recommendations.",
                          {std::to_string(rd.conditions.size()), threshold}));
  return lines;
}

}  // namespace

mmf::Section verdict_section(const mmf::Model& m, const mmf::Result& r, const std::string& locale,
                             const mmf::Words& w) {
  mmf::Section s;
  s.title = w.tr("Readiness verdict");
  const Reading rd = read(m, r);
  if (!rd.scored) {
    s.paragraph(w.tr("Nothing was answered: no verdict."));
    return s;
  }
  const std::string verdict = rd.verdict == mmf::npos ? w.tr("undetermined") : level_name(m, rd.verdict, locale);
  s.paragraph(rd.verdict == mmf::npos ? w.trf("Verdict: {}.", {verdict})
                                      : w.trf("Verdict: {} — {}", {verdict, m.levels[rd.verdict].description.in(locale)}));
  const bool held = !rd.blockers.empty() || rd.verdict == mmf::npos;
  for (auto& line : why(m, rd, locale, w)) held ? s.warning(std::move(line)) : s.paragraph(std::move(line));
  mmf::SectionTable gates;
  gates.headers = {w.tr("Gate"), w.tr("Answer"), w.tr("Met")};
  for (const auto& q : r.questions) {
    if (!m.questions[q.question].has_tag(kGate)) continue;
    const Standing st = standing(m, q.answered, q.not_applicable, q.normalised);
    gates.rows.push_back({m.questions[q.question].text.in(locale),
                          q.answered ? answer_of(m, r, q.question, locale, w) : std::string("—"),
                          st == Standing::below        ? w.tr("no")
                          : st == Standing::unanswered ? w.tr("unanswered")
                                                       : w.tr("yes")});
  }
  if (!gates.rows.empty()) {
    s.heading(w.trf("Gates met: {} of {}", {std::to_string(rd.gates_met), std::to_string(rd.gates)}));
    s.table(std::move(gates));
  }
  return s;
}

}  // namespace readiness
