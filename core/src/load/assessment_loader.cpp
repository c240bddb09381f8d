// Reads an assessment file (formats-v1 §4), TOML or JSON, into an Assessment.
// Checks against a model live in assessment_check.cpp.
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "base/quote.h"
#include "load/doc.h"
#include "load/doc_reader.h"
#include "load/load_file.h"
#include "mmf/io.h"
#include "mmf/load.h"

namespace mmf {
namespace {

using detail::DocValue;
using detail::TableReader;

constexpr std::string_view kAssessmentFormat = "mmf-assessment/1";

bool is_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

class AssessmentReader {
 public:
  AssessmentReader(const DocValue& root, Location file, Diagnostics& out)
      : root_(root), file_(std::move(file)), out_(out), a_(std::make_shared<Assessment>()) {
    a_->file = file_.file;
    a_->loc = Location{file_.file, SourcePos{1, 1}};
  }

  std::shared_ptr<Assessment> read() {
    TableReader top(root_, "the assessment", file_, out_);
    if (!read_format(top)) return nullptr;
    if (auto m = top.string("model", true)) {
      a_->model = *m;
      a_->model_loc = top.value_location("model");
    }
    if (auto v = top.string("model_version")) {
      a_->model_version = *v;
      a_->model_version_loc = top.value_location("model_version");
    }
    if (auto s = top.string("subject", true)) {
      a_->subject = *s;
      if (s->empty()) out_.warning(top.value_location("subject"), "'subject' is empty: say what was assessed");
    }
    read_date(top);
    if (auto s = top.string("assessor")) a_->assessor = *s;
    if (auto t = top.string("target")) {
      a_->target = *t;
      a_->target_loc = top.value_location("target");
    }
    read_aggregation(top);
    const DocValue* answers = top.get("answers");
    const DocValue* respondents = top.get("respondents");
    if (answers && respondents)
      out_.error(top.key_location("respondents"), "give either [answers] (one respondent) or [[respondents]], not both");
    if (answers) {
      Respondent r;
      r.loc = top.key_location("answers");
      read_answers(*answers, r, "[answers]");
      a_->respondents.push_back(std::move(r));
    } else if (respondents) {
      read_respondents(*respondents);
    } else {
      out_.warning(top.here(), "the assessment has no [answers] and no [[respondents]]");
    }
    top.finish({"format", "model", "model_version", "subject", "date", "assessor", "target", "aggregation",
                "answers", "respondents"});
    if (out_.has_errors()) return nullptr;
    return a_;
  }

 private:
  Location at(SourcePos p) const { return Location{file_.file, p}; }

  bool read_format(TableReader& top) {
    const DocValue* v = top.get("format");
    if (!v) {
      out_.error(top.here(), fmt::format("missing 'format'; an assessment starts with format = \"{}\"",
                                         kAssessmentFormat));
      return true;
    }
    if (v->kind == DocValue::Kind::string && v->text == kAssessmentFormat) return true;
    if (v->kind != DocValue::Kind::string)
      out_.error(at(v->pos), fmt::format("'format' must be the string \"{}\", not {}", kAssessmentFormat,
                                         detail::describe(v->kind)));
    else if (v->text.rfind("mmf-model/", 0) == 0)
      out_.error(at(v->pos), fmt::format("this is a model (format \"{}\"), not an assessment", v->text));
    else
      out_.error(at(v->pos), fmt::format("unsupported format \"{}\"; expected \"{}\"", v->text, kAssessmentFormat));
    return false;
  }

  void read_date(TableReader& top) {
    const DocValue* v = top.get("date");
    if (!v) return;
    if (v->kind == DocValue::Kind::date) {
      a_->date = v->text;
    } else if (v->kind == DocValue::Kind::string && is_iso_date(v->text)) {
      a_->date = v->text;
    } else if (v->kind == DocValue::Kind::string) {
      out_.error(at(v->pos), fmt::format("'date' must be a date such as 2026-11-01, not \"{}\"", v->text));
    } else {
      out_.error(at(v->pos), fmt::format("'date' must be a date such as 2026-11-01, not {}", detail::describe(v->kind)));
    }
  }

  void read_aggregation(TableReader& top) {
    auto s = top.string("aggregation");
    if (!s) return;
    static const std::pair<std::string_view, RespondentAggregation> choices[] = {
        {"mean", RespondentAggregation::mean},
        {"median", RespondentAggregation::median},
        {"min", RespondentAggregation::min},
        {"max", RespondentAggregation::max}};
    for (const auto& [name, value] : choices)
      if (name == *s) {
        a_->aggregation = value;
        return;
      }
    out_.error(top.value_location("aggregation"),
               fmt::format("'aggregation' must be one of mean, median, min, max, not '{}'", detail::excerpt(*s)));
  }

  // Reads an answer's value (not its evidence): an option id, a number, or nothing.
  void read_value(const DocValue& v, Answer& answer) {
    answer.loc = at(v.pos);
    switch (v.kind) {
      case DocValue::Kind::string:
        answer.kind = v.text.empty() ? Answer::Kind::empty : Answer::Kind::option;
        answer.option = v.text;
        return;
      case DocValue::Kind::integer:
      case DocValue::Kind::floating:
        if (!std::isfinite(v.number())) {
          out_.error(answer.loc, fmt::format("answer to '{}' must be a finite number, not {}", detail::excerpt(answer.question),
                                             v.number()));
          return;
        }
        answer.kind = Answer::Kind::number;
        answer.number = v.number();
        return;
      case DocValue::Kind::null:
        answer.kind = Answer::Kind::empty;
        return;
      default:
        out_.error(answer.loc, fmt::format("answer to '{}' must be an option id, a number, or a table with 'answer', "
                                           "not {}",
                                           detail::excerpt(answer.question), detail::describe(v.kind)));
    }
  }

  void read_answers(const DocValue& t, Respondent& r, const std::string& what) {
    if (t.kind != DocValue::Kind::table) {
      out_.error(at(t.pos), fmt::format("{} must be a table of question id = answer, not {}", what,
                                        detail::describe(t.kind)));
      return;
    }
    r.answers.reserve(t.keys.size());
    for (std::size_t i = 0; i < t.keys.size(); ++i) {
      Answer answer;
      answer.question = t.keys[i];
      answer.key_loc = at(t.key_positions[i]);
      const DocValue& v = t.values[i];
      if (v.kind == DocValue::Kind::table) {
        TableReader ar(v, fmt::format("the answer to '{}'", detail::excerpt(answer.question)), file_, out_);
        if (const DocValue* inner = ar.get("answer")) read_value(*inner, answer);
        else {
          answer.loc = at(v.pos);
          answer.kind = Answer::Kind::empty;
        }
        if (auto e = ar.string("evidence")) answer.evidence = *e;
        if (auto c = ar.string("comment")) answer.comment = *c;
        ar.finish({"answer", "evidence", "comment"});
      } else {
        read_value(v, answer);
      }
      r.answers.push_back(std::move(answer));
    }
  }

  void read_respondents(const DocValue& list) {
    if (list.kind != DocValue::Kind::array) {
      out_.error(at(list.pos), fmt::format("'respondents' must be an array of tables ([[respondents]]), not {}",
                                           detail::describe(list.kind)));
      return;
    }
    if (list.items.size() > max_respondents) {
      out_.error(at(list.pos), fmt::format("the assessment has {} respondents; mmf accepts up to {} in one assessment",
                                           list.items.size(), max_respondents));
      return;
    }
    std::unordered_map<std::string, Location> seen;
    for (const auto& item : list.items) {
      if (item.kind != DocValue::Kind::table) {
        out_.error(at(item.pos), fmt::format("each respondent must be a table, not {}", detail::describe(item.kind)));
        continue;
      }
      TableReader rr(item, "a respondent", file_, out_);
      Respondent r;
      r.loc = rr.here();
      if (auto id = rr.string("id")) {
        r.id = *id;
        auto [it, inserted] = seen.emplace(*id, rr.value_location("id"));
        if (!inserted)
          out_.error(rr.value_location("id"), fmt::format("duplicate respondent id '{}' (first at line {}, column {})",
                                                          detail::excerpt(*id), it->second.pos.line,
                                                          it->second.pos.column));
      } else {
        r.id = fmt::format("r{}", a_->respondents.size() + 1);
      }
      if (auto s = rr.string("name")) r.name = *s;
      if (auto s = rr.string("role")) r.role = *s;
      if (auto s = rr.string("unit")) r.unit = *s;
      if (const DocValue* answers = rr.get("answers"))
        read_answers(*answers, r, fmt::format("the answers of respondent '{}'", detail::excerpt(r.id)));
      else
        out_.warning(rr.here(), fmt::format("respondent '{}' has no 'answers'", detail::excerpt(r.id)));
      rr.finish({"id", "name", "role", "unit", "answers"});
      a_->respondents.push_back(std::move(r));
    }
  }

  const DocValue& root_;
  Location file_;
  Diagnostics& out_;
  std::shared_ptr<Assessment> a_;
};

bool looks_like_json(std::string_view text) {
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{' || c == '[';
  }
  return false;
}

}  // namespace

Loaded<Assessment> parse_assessment(std::string_view text, std::string file_name, InputFormat format) {
  Loaded<Assessment> result;
  Location file{std::make_shared<const std::string>(std::move(file_name)), SourcePos{}};
  if (format == InputFormat::automatic) {
    const std::string& name = *file.file;
    bool json_name = name.size() >= 5 && name.compare(name.size() - 5, 5, ".json") == 0;
    bool toml_name = name.size() >= 5 && name.compare(name.size() - 5, 5, ".toml") == 0;
    format = json_name || (!toml_name && looks_like_json(text)) ? InputFormat::json : InputFormat::toml;
  }
  auto doc = format == InputFormat::json ? detail::parse_json_doc(text, file, result.diagnostics)
                                         : detail::parse_toml_doc(text, file, result.diagnostics);
  if (!doc.ok) return result;
  AssessmentReader reader(doc.root, file, result.diagnostics);
  result.value = reader.read();
  return result;
}

Loaded<Assessment> load_assessment(const std::filesystem::path& file) {
  return detail::load_file<Assessment>(
      file, [](std::string_view text, std::string name) { return parse_assessment(text, std::move(name)); });
}

FileKind sniff_kind(const std::filesystem::path& file) {
  std::string error;
  auto text = read_file(file, max_input_bytes, error);
  if (!text) return FileKind::unknown;
  // Cheap: look for the format string rather than parsing the file twice.
  auto model = text->find("\"mmf-model/");
  auto assessment = text->find("\"mmf-assessment/");
  if (model != std::string::npos && (assessment == std::string::npos || model < assessment)) return FileKind::model;
  if (assessment != std::string::npos) return FileKind::assessment;
  // No format line: judge by the tables a model must have.
  if (text->find("[model]") != std::string::npos || text->find("\"model\": {") != std::string::npos)
    return FileKind::model;
  return FileKind::unknown;
}

}  // namespace mmf
