// Crosswalk files: loading, checking against two models, and converting answers.
#include "mmf/crosswalk.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/quote.h"
#include "check/answer_binding.h"
#include "load/doc.h"
#include "load/doc_reader.h"
#include "load/load_file.h"
#include "mmf/io.h"
#include "mmf/semver.h"

namespace mmf {

using detail::DocValue;
using detail::TableReader;

double relation_factor(Relation r) {
  switch (r) {
    case Relation::equal: return 1.0;
    case Relation::subset: return 0.8;
    case Relation::superset: return 0.8;
    case Relation::intersect: return 0.6;
  }
  return 1.0;
}

std::string_view to_string(Relation r) {
  switch (r) {
    case Relation::equal: return "equal";
    case Relation::subset: return "subset";
    case Relation::superset: return "superset";
    case Relation::intersect: return "intersect";
  }
  return "equal";
}

namespace {

constexpr std::string_view kFormat = "mmf-crosswalk/1";

// "alliance@^1" -> ("alliance", "^1")
std::pair<std::string, std::string> split_ref(const std::string& s) {
  auto at = s.find('@');
  return {s.substr(0, at), at == std::string::npos ? std::string() : s.substr(at + 1)};
}

}  // namespace

Loaded<Crosswalk> parse_crosswalk(std::string_view text, std::string file_name) {
  Loaded<Crosswalk> result;
  Diagnostics& out = result.diagnostics;
  Location file{std::make_shared<const std::string>(std::move(file_name)), {}};
  auto doc = detail::parse_toml_doc(text, file, out);
  if (!doc.ok) return result;
  auto cw = std::make_shared<Crosswalk>();
  cw->file = file.file;
  TableReader top(doc.root, "the crosswalk file", file, out);
  if (!top.expect_format(kFormat, "crosswalk file")) return result;
  if (const DocValue* t = top.table_of("crosswalk", true)) {
    TableReader r(*t, "[crosswalk]", file, out);
    if (auto id = r.string("id", true)) {
      cw->id = *id;
      if (!detail::is_valid_id(*id))
        out.error(r.value_location("id"), fmt::format("crosswalk id '{}' must match ^[a-z][a-z0-9-]*$", detail::excerpt(*id)));
    }
    if (auto from = r.string("from", true)) {
      std::tie(cw->from_model, cw->from_version) = split_ref(*from);
      cw->from_loc = r.value_location("from");
    }
    if (auto to = r.string("to", true)) {
      std::tie(cw->to_model, cw->to_version) = split_ref(*to);
      cw->to_loc = r.value_location("to");
    }
    if (auto d = r.string("description")) cw->description = *d;
    r.finish({"id", "from", "to", "description"});
  }
  std::unordered_map<std::string, Location> seen;
  if (const DocValue* maps = top.array_of("map", true))
    for (const auto& item : maps->items) {
      if (item.kind != DocValue::Kind::table) {
        out.error(Location{file.file, item.pos}, fmt::format("each [[map]] must be a table, not {}", detail::describe(item.kind)));
        continue;
      }
      TableReader r(item, "a [[map]] entry", file, out);
      CrosswalkMapping m;
      m.loc = r.here();
      if (auto to = r.string("to", true)) {
        m.to = *to;
        m.loc = r.value_location("to");
        auto [it, fresh] = seen.emplace(*to, m.loc);
        if (!fresh)
          out.error(m.loc, fmt::format("target question '{}' is mapped twice (first at line {}, column {})", *to,
                                       it->second.pos.line, it->second.pos.column));
      }
      if (const DocValue* from = r.get("from")) {
        if (from->kind == DocValue::Kind::string) m.from.push_back(from->text);
        else if (auto list = r.strings("from")) m.from = *list;
        if (m.from.empty())
          out.error(Location{file.file, from->pos}, "'from' must name one source question or a list of them");
      } else {
        out.error(r.here(), "a [[map]] entry is missing the required key 'from'");
      }
      if (auto rel = r.string("relation")) {
        if (*rel == "equal") m.relation = Relation::equal;
        else if (*rel == "subset") m.relation = Relation::subset;
        else if (*rel == "superset") m.relation = Relation::superset;
        else if (*rel == "intersect") m.relation = Relation::intersect;
        else
          out.error(r.value_location("relation"),
                    fmt::format("'relation' must be one of equal, subset, superset, intersect, not '{}'", *rel));
      }
      if (auto st = r.number("strength")) {
        if (*st < 0 || *st > 1)
          out.error(r.value_location("strength"),
                    fmt::format("'strength' must lie in [0, 1], not {}", detail::number_text(*st)));
        m.strength = *st;
      }
      if (const DocValue* opts = r.table_of("options"))
        for (std::size_t i = 0; i < opts->keys.size(); ++i) {
          if (opts->values[i].kind != DocValue::Kind::string) {
            out.error(Location{file.file, opts->values[i].pos}, "each option must map to a target option id");
            continue;
          }
          m.options.emplace_back(opts->keys[i], opts->values[i].text);
        }
      r.finish({"to", "from", "relation", "strength", "options"});
      cw->mappings.push_back(std::move(m));
    }
  top.finish({"format", "crosswalk", "map"});
  if (!out.has_errors()) result.value = cw;
  return result;
}

Loaded<Crosswalk> load_crosswalk(const std::filesystem::path& file) {
  return detail::load_file<Crosswalk>(
      file, [](std::string_view text, std::string name) { return parse_crosswalk(text, std::move(name)); });
}

void check_crosswalk(const Crosswalk& cw, const Model& from, const Model& to, Diagnostics& out) {
  auto check_model = [&](const std::string& id, const std::string& requirement, const Model& m, const Location& loc,
                         const char* side) {
    if (id != m.id) {
      out.error(loc, fmt::format("the crosswalk maps {} model '{}', not '{}'", side, id, m.id));
      return;
    }
    if (requirement.empty()) return;
    auto v = Version::parse(m.version);
    auto ok = v ? satisfies(*v, requirement) : std::nullopt;
    if (!ok) out.error(loc, fmt::format("'{}' is not a version requirement", requirement));
    else if (!*ok)
      out.error(loc, fmt::format("model '{}' is version {}, which does not meet \"{}\"", m.id, m.version, requirement));
  };
  check_model(cw.from_model, cw.from_version, from, cw.from_loc, "from");
  check_model(cw.to_model, cw.to_version, to, cw.to_loc, "to");
  if (out.has_errors()) return;
  for (const auto& m : cw.mappings) {
    std::size_t tq = to.find_question(m.to);
    if (tq == npos) {
      out.error(m.loc, fmt::format("model '{}' has no question '{}'", to.id, m.to));
      continue;
    }
    for (const auto& f : m.from)
      if (from.find_question(f) == npos)
        out.error(m.loc, fmt::format("model '{}' has no question '{}' (mapped to '{}')", from.id, f, m.to));
    if (m.options.empty()) continue;
    const Scale& ts = to.scales[to.questions[tq].scale];
    if (m.from.size() != 1 || from.find_question(m.from[0]) == npos) {
      out.error(m.loc, fmt::format("'options' maps one source question's options; '{}' has {} sources", m.to,
                                   m.from.size()));
      continue;
    }
    const Scale& fs = from.scales[from.questions[from.find_question(m.from[0])].scale];
    for (const auto& [a, b] : m.options) {
      if (fs.find_option(a) == npos)
        out.error(m.loc, fmt::format("'{}' is not an option of scale '{}' of question '{}'", a, fs.id, m.from[0]));
      if (ts.find_option(b) == npos)
        out.error(m.loc, fmt::format("'{}' is not an option of scale '{}' of question '{}'", b, ts.id, m.to));
    }
  }
}

namespace {

// The answer that stands for normalised value `n` on `scale`: a number on a
// range scale, else the applicable option nearest to it (the lower on a tie).
Answer answer_for(const Scale& scale, double n) {
  Answer a;
  if (scale.kind == Scale::Kind::range) {
    a.kind = Answer::Kind::number;
    a.number = scale.min + n * (scale.max - scale.min);
    return a;
  }
  const ScaleOption* best = nullptr;
  double best_distance = 2;
  for (const auto& o : scale.options) {
    if (o.not_applicable) continue;
    double d = std::fabs(scale.normalise(o.value) - n);
    if (d < best_distance - 1e-9 || (std::fabs(d - best_distance) <= 1e-9 && best && o.value < best->value)) {
      best = &o;
      best_distance = d;
    }
  }
  a.kind = Answer::Kind::option;
  a.option = best ? best->id : std::string();
  return a;
}

std::string na_option(const Scale& scale) {
  for (const auto& o : scale.options)
    if (o.not_applicable) return o.id;
  return scale.allows_not_applicable ? "na" : "";
}

double round4(double v) { return std::round(v * 10000.0) / 10000.0; }

}  // namespace

CrosswalkOutcome apply_crosswalk(const Crosswalk& cw, const Model& from, const Model& to, const Assessment& source) {
  using Json = nlohmann::ordered_json;
  CrosswalkOutcome outcome;
  Assessment& a = outcome.converted;
  a.model = to.id;
  a.subject = source.subject;
  a.date = source.date;
  a.assessor = source.assessor;
  a.aggregation = source.aggregation;
  a.file = source.file;

  std::vector<std::size_t> mapped(to.questions.size(), npos);
  for (std::size_t i = 0; i < cw.mappings.size(); ++i) mapped[to.find_question(cw.mappings[i].to)] = i;

  // Per target question: answered by anyone, and the confidences seen.
  std::vector<char> answered(to.questions.size(), 0);
  std::vector<double> confidence_sum(to.questions.size(), 0);
  std::vector<std::size_t> confidence_count(to.questions.size(), 0);

  for (const auto& r : source.respondents) {
    std::unordered_map<std::string, const Answer*> given;
    for (const auto& answer : r.answers) {
      std::size_t q = detail::answered_question(from, answer.question);
      if (q != npos) given.emplace(from.questions[q].id, &answer);  // an earlier id reads as today's
    }
    Respondent out{r.id, r.name, r.role, r.unit, {}, r.loc};
    for (std::size_t tq = 0; tq < to.questions.size(); ++tq) {
      if (mapped[tq] == npos) continue;
      const CrosswalkMapping& m = cw.mappings[mapped[tq]];
      const Scale& ts = to.scales[to.questions[tq].scale];
      double sum = 0;
      std::size_t values = 0, not_applicable = 0;
      std::string evidence, option;
      for (const auto& f : m.from) {
        auto it = given.find(f);
        if (it == given.end()) continue;
        const Question& fq = from.questions[from.find_question(f)];
        const Scale& fs = from.scales[fq.scale];
        auto bound = detail::bind_answer(*it->second, fq, fs, &from);
        if (bound.kind == detail::BoundAnswer::Kind::value) {
          sum += fs.normalise(bound.value);
          ++values;
          if (bound.option != npos) option = fs.options[bound.option].id;
        } else if (bound.kind == detail::BoundAnswer::Kind::not_applicable) {
          ++not_applicable;
        } else {
          continue;
        }
        for (const std::string* note : {&it->second->evidence, &it->second->comment})
          if (!note->empty()) evidence += (evidence.empty() ? "" : "; ") + f + ": " + *note;
      }
      Answer answer;
      answer.question = to.questions[tq].id;
      if (values > 0) {
        auto mapped_option = std::find_if(m.options.begin(), m.options.end(),
                                          [&](const auto& p) { return p.first == option; });
        if (!m.options.empty() && values == 1 && mapped_option != m.options.end()) {
          answer.kind = Answer::Kind::option;
          answer.option = mapped_option->second;
        } else {
          Answer near = answer_for(ts, sum / static_cast<double>(values));
          answer.kind = near.kind;
          answer.option = near.option;
          answer.number = near.number;
        }
      } else if (not_applicable > 0 && !na_option(ts).empty()) {
        answer.kind = Answer::Kind::option;
        answer.option = na_option(ts);
      } else {
        continue;  // nothing to convert for this respondent
      }
      answer.evidence = evidence.empty() ? std::string() : "via crosswalk " + cw.id + " (" + evidence + ")";
      out.answers.push_back(std::move(answer));
      answered[tq] = 1;
      double answered_share = static_cast<double>(values + not_applicable) / static_cast<double>(m.from.size());
      confidence_sum[tq] += m.strength * relation_factor(m.relation) * answered_share;
      ++confidence_count[tq];
    }
    a.respondents.push_back(std::move(out));
  }

  Json report;
  report["id"] = cw.id;
  report["from"] = Json{{"model", from.id}, {"version", from.version}, {"name", from.name.in(from.locale)}};
  report["to"] = Json{{"model", to.id}, {"version", to.version}};
  Json answers = Json::array();
  Json unanswered = Json::array();
  double total_confidence = 0;
  std::size_t converted = 0;
  for (std::size_t tq = 0; tq < to.questions.size(); ++tq) {
    if (!answered[tq]) {
      unanswered.push_back(to.questions[tq].id);
      continue;
    }
    const CrosswalkMapping& m = cw.mappings[mapped[tq]];
    double confidence = confidence_sum[tq] / static_cast<double>(confidence_count[tq]);
    total_confidence += confidence;
    ++converted;
    answers.push_back(Json{{"question", to.questions[tq].id},
                           {"from", m.from},
                           {"relation", to_string(m.relation)},
                           {"strength", m.strength},
                           {"confidence", round4(confidence)}});
  }
  report["converted"] = converted;
  report["unanswered"] = unanswered;
  report["confidence"] = converted ? round4(total_confidence / static_cast<double>(converted)) : 0.0;
  report["answers"] = answers;
  outcome.report = report.dump();
  return outcome;
}

std::filesystem::path find_crosswalk(const std::vector<std::filesystem::path>& model_dirs, const std::string& from,
                                     const std::string& to) {
  std::error_code ec;
  for (const auto& dir : model_dirs) {
    std::vector<std::filesystem::path> files;
    for (std::filesystem::directory_iterator it(dir / "crosswalks", ec), end; !ec && it != end; it.increment(ec))
      if (it->path().extension() == ".toml") files.push_back(it->path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      auto cw = load_crosswalk(f);
      if (cw.ok() && cw.value->from_model == from && cw.value->to_model == to) return f;
    }
  }
  return {};
}

}  // namespace mmf
