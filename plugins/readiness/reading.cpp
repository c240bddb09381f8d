// The analysis of a readiness result and its words: see reading.h.
#include "reading.h"

#include <cmath>
#include <cstdio>
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

struct Words {
  bool de;
  const char* pick(const char* en, const char* german) const { return de ? german : en; }
};

std::string pct(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", std::round(v * 10.0) / 10.0);
  return buf;
}

// The answer a question stands at: the option's label when one respondent
// chose it, else the normalised value as a percent of the scale.
std::string answer_of(const mmf::Model& m, const mmf::Result& r, std::size_t q, const std::string& locale) {
  const auto& res = r.questions[q];
  const auto& scale = m.scales[m.questions[q].scale];
  if (!res.option.empty())
    if (std::size_t o = scale.find_option(res.option); o != mmf::npos) return scale.options[o].label.in(locale);
  return pct(100.0 * res.normalised);
}

std::string level_name(const mmf::Model& m, std::size_t level, const std::string& locale) {
  return level == mmf::npos ? std::string() : m.levels[level].name.in(locale);
}

std::string count_of(const Words& w, std::size_t n, const char* one_en, const char* many_en, const char* one_de,
                     const char* many_de) {
  return std::to_string(n) + " " + (n == 1 ? w.pick(one_en, one_de) : w.pick(many_en, many_de));
}

// The lines that say why the verdict is what it is.
std::vector<std::string> why(const mmf::Model& m, const Reading& rd, const std::string& locale, const Words& w) {
  std::vector<std::string> lines;
  const std::string score = pct(rd.percent);
  const std::string band = level_name(m, rd.by_score, locale);
  const std::string threshold = pct(100.0 * rd.threshold);
  if (rd.verdict == mmf::npos) {
    lines.push_back(w.pick("Undetermined: ", "Offen: ") +
                    count_of(w, rd.unanswered_gates.size(), "gate has", "gates have", "Schwelle ist",
                             "Schwellen sind") +
                    w.pick(" no answer, and the verdict turns on it.", " unbeantwortet, und das Urteil hängt davon ab."));
    return lines;
  }
  if (rd.blockers.size() >= 2) {
    lines.push_back(std::to_string(rd.blockers.size()) + w.pick(" of the ", " der ") + std::to_string(rd.gates) +
                    w.pick(" gates are not met: whatever the score (", " Schwellen sind nicht erfüllt: Unabhängig von der Punktzahl (") +
                    score + w.pick("), the foundations come first.", ") kommt zuerst das Fundament."));
  } else if (rd.blockers.size() == 1) {
    if (rd.by_score != mmf::npos && rd.by_score > rd.verdict)
      lines.push_back(w.pick("One gate is not met. Until it is, the programme runs as a pilot; by score alone (",
                             "Eine Schwelle ist nicht erfüllt. Bis sie es ist, läuft das Programm als Pilot; nach der Punktzahl allein (") +
                      score + w.pick(") the verdict would be ", ") lautete das Urteil ") + band + ".");
    else
      lines.push_back(w.pick("One gate is not met, and the score (", "Eine Schwelle ist nicht erfüllt, und die Punktzahl (") +
                      score + w.pick(") is in the band of ", ") liegt im Band von ") + band + ".");
  } else if (rd.by_score != mmf::npos && rd.by_score > rd.verdict) {
    lines.push_back(w.pick("Every gate is met, and the score (", "Alle Schwellen sind erfüllt, und die Punktzahl (") + score +
                    w.pick(") reaches ", ") erreicht ") + band +
                    w.pick("; but that rung needs every question answered and at the threshold, so the verdict stays one below.",
                           "; diese Stufe verlangt aber jede Frage beantwortet und an der Schwelle, daher bleibt das Urteil eine Stufe darunter."));
  } else {
    lines.push_back(w.pick("Every gate is met, and the score (", "Alle Schwellen sind erfüllt, und die Punktzahl (") + score +
                    w.pick(") is in the band of ", ") liegt im Band von ") + band + ".");
  }
  if (!rd.conditions.empty())
    lines.push_back(count_of(w, rd.conditions.size(), "condition stands", "conditions stand", "Bedingung liegt",
                             "Bedingungen liegen") +
                    w.pick(" below the threshold of ", " unter der Schwelle von ") + threshold +
                    (rd.conditions.size() == 1
                         ? w.pick(": close it on a timetable; it is among the recommendations.",
                                  ": Schließen Sie sie nach Zeitplan; sie steht unter den Empfehlungen.")
                         : w.pick(": close them on a timetable; each is among the recommendations.",
                                  ": Schließen Sie sie nach Zeitplan; jede steht unter den Empfehlungen.")));
  return lines;
}

}  // namespace

std::string verdict_text(const mmf::Model& m, const mmf::Result& r, const std::string& locale) {
  const Words w{locale.rfind("de", 0) == 0};
  const Reading rd = read(m, r);
  if (!rd.scored) return w.pick("Nothing was answered: no verdict.\n", "Nichts wurde beantwortet: kein Urteil.\n");
  std::string out = w.pick("Verdict: ", "Urteil: ");
  out += rd.verdict == mmf::npos ? w.pick("undetermined", "offen") : level_name(m, rd.verdict, locale);
  out += "\n";
  if (rd.verdict != mmf::npos) out += m.levels[rd.verdict].description.in(locale) + "\n";
  for (const auto& line : why(m, rd, locale, w)) out += line + "\n";
  out += w.pick("Gates met: ", "Erfüllte Schwellen: ") + std::to_string(rd.gates_met) + w.pick(" of ", " von ") +
         std::to_string(rd.gates) + "\n";
  for (const auto& b : rd.blockers)
    out += w.pick("- not met: ", "- nicht erfüllt: ") + m.questions[b.question].id + " — " +
           m.questions[b.question].text.in(locale) + " (" + answer_of(m, r, b.question, locale) + ")\n";
  for (std::size_t q : rd.unanswered_gates)
    out += w.pick("- unanswered: ", "- unbeantwortet: ") + m.questions[q].id + " — " + m.questions[q].text.in(locale) + "\n";
  return out;
}

std::string verdict_html(const mmf::Model& m, const mmf::Result& r, const std::string& locale) {
  const Words w{locale.rfind("de", 0) == 0};
  const Reading rd = read(m, r);
  if (!rd.scored) return "<p>" + std::string(w.pick("Nothing was answered: no verdict.", "Nichts wurde beantwortet: kein Urteil.")) + "</p>";
  std::string out = "<p><strong>";
  out += w.pick("Verdict: ", "Urteil: ");
  out += mmf::html_escape(rd.verdict == mmf::npos ? std::string(w.pick("undetermined", "offen")) : level_name(m, rd.verdict, locale));
  out += "</strong>";
  if (rd.verdict != mmf::npos) out += " — " + mmf::html_escape(m.levels[rd.verdict].description.in(locale));
  out += "</p>";
  const bool held = !rd.blockers.empty() || rd.verdict == mmf::npos;
  for (const auto& line : why(m, rd, locale, w))
    out += std::string(held ? "<p class=\"warn\">" : "<p>") + mmf::html_escape(line) + "</p>";
  out += "<table><tr><th>";
  out += w.pick("Gate", "Schwelle");
  out += "</th><th>";
  out += w.pick("Answer", "Antwort");
  out += "</th><th>";
  out += w.pick("Met", "Erfüllt");
  out += "</th></tr>";
  for (const auto& q : r.questions) {
    if (!m.questions[q.question].has_tag(kGate)) continue;
    const Standing s = standing(m, q.answered, q.not_applicable, q.normalised);
    const char* met = s == Standing::below       ? w.pick("<strong>no</strong>", "<strong>nein</strong>")
                      : s == Standing::unanswered ? w.pick("<strong>unanswered</strong>", "<strong>unbeantwortet</strong>")
                                                  : w.pick("yes", "ja");
    out += "<tr><td>" + mmf::html_escape(m.questions[q.question].text.in(locale)) + "</td><td>" +
           (q.answered ? mmf::html_escape(answer_of(m, r, q.question, locale)) : std::string("—")) + "</td><td>" + met +
           "</td></tr>";
  }
  out += "</table>";
  return out;
}

}  // namespace readiness
