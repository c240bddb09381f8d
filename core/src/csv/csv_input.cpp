// mmf-mapping/1 files, and one assessment from a CSV export.
#include "mmf/csv_input.h"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "base/quote.h"
#include "csv/csv_layout.h"
#include "load/doc.h"
#include "load/doc_reader.h"
#include "load/load_file.h"

namespace mmf {

namespace {

constexpr std::string_view kFormat = "mmf-mapping/1";

using detail::DocValue;
using detail::TableReader;

bool json_name(const std::string& name) {
  return name.size() >= 5 && name.compare(name.size() - 5, 5, ".json") == 0;
}

// [options] or [question_options.<id>]: cell text -> option id or number.
void read_options(const DocValue& table, const std::string& question, const Location& file, Diagnostics& out,
                  CsvMapping& mapping) {
  for (std::size_t i = 0; i < table.keys.size(); ++i) {
    const DocValue& v = table.values[i];
    CsvMapping::Option o;
    o.text = table.keys[i];
    o.question = question;
    o.loc = Location{file.file, v.pos};
    if (v.kind == DocValue::Kind::string) o.answer = v.text;
    else if (v.is_number()) o.answer = v.number();
    else {
      out.error(o.loc, fmt::format("the answer for '{}' must be an option id or a number, not {}", detail::excerpt(o.text),
                                   detail::describe(v.kind)));
      continue;
    }
    mapping.options.push_back(std::move(o));
  }
}

}  // namespace

Loaded<CsvMapping> parse_mapping(std::string_view text, std::string file_name, InputFormat format) {
  Loaded<CsvMapping> result;
  Diagnostics& out = result.diagnostics;
  Location file{std::make_shared<const std::string>(std::move(file_name)), {}};
  if (format == InputFormat::automatic) format = json_name(*file.file) ? InputFormat::json : InputFormat::toml;
  auto doc = format == InputFormat::json ? detail::parse_json_doc(text, file, out) : detail::parse_toml_doc(text, file, out);
  if (!doc.ok) return result;
  detail::check_limits(doc.root, file, out);
  auto mapping = std::make_shared<CsvMapping>();
  mapping->file = file.file;
  TableReader top(doc.root, "the mapping file", file, out);
  if (!top.expect_format(kFormat, "mapping file")) return result;
  if (auto model = top.string("model")) mapping->model = *model;
  if (auto rows = top.number("header_rows")) {
    if (*rows < 1 || *rows > 16 || *rows != static_cast<double>(static_cast<int>(*rows)))
      out.error(top.value_location("header_rows"),
                fmt::format("'header_rows' must be a whole number from 1 to 16, not {}", detail::number_text(*rows)));
    else mapping->header_rows = static_cast<std::size_t>(*rows);
  }
  if (auto s = top.string("subject")) mapping->subject = *s;
  if (auto s = top.string("respondent")) mapping->respondent = *s;
  if (auto s = top.string("unit")) mapping->unit = *s;
  if (auto s = top.string("date")) mapping->date = *s;
  if (auto list = top.strings("ignore")) mapping->ignore = *list;
  if (const DocValue* columns = top.table_of("columns"))
    for (std::size_t i = 0; i < columns->keys.size(); ++i) {
      const DocValue& v = columns->values[i];
      Location at{file.file, v.pos};
      if (v.kind != DocValue::Kind::string) {
        out.error(at, fmt::format("column '{}' must map to a question id, not {}", detail::excerpt(columns->keys[i]),
                                  detail::describe(v.kind)));
        continue;
      }
      mapping->columns.push_back(CsvMapping::Column{columns->keys[i], v.text, at});
    }
  if (const DocValue* options = top.table_of("options")) read_options(*options, "", file, out, *mapping);
  if (const DocValue* per_question = top.table_of("question_options"))
    for (std::size_t i = 0; i < per_question->keys.size(); ++i) {
      const DocValue& v = per_question->values[i];
      if (v.kind != DocValue::Kind::table) {
        out.error(Location{file.file, v.pos},
                  fmt::format("question_options.{} must be a table of cell text = option id, not {}",
                              per_question->keys[i], detail::describe(v.kind)));
        continue;
      }
      read_options(v, per_question->keys[i], file, out, *mapping);
    }
  top.finish({"format", "model", "header_rows", "subject", "respondent", "unit", "date", "ignore", "columns", "options",
              "question_options"});
  if (!out.has_errors()) result.value = mapping;
  return result;
}

Loaded<CsvMapping> load_mapping(const std::filesystem::path& file) {
  return detail::load_file<CsvMapping>(
      file, [](std::string_view text, std::string name) { return parse_mapping(text, std::move(name)); });
}

void check_mapping(const CsvMapping& mapping, const Model& model, Diagnostics& out) {
  const Location top{mapping.file, SourcePos{1, 1}};
  if (!mapping.model.empty() && mapping.model != model.id)
    out.error(top, fmt::format("this mapping is for model '{}', not '{}'", detail::excerpt(mapping.model), model.id));
  std::vector<std::string_view> ids;
  for (const Question& q : model.questions) ids.push_back(q.id);
  auto question = [&](const std::string& id, const Location& at) {
    std::size_t q = model.find_question(id);
    if (q == npos) {
      std::string hint = detail::suggest(id, ids);
      out.error(at, fmt::format("model '{}' has no question '{}'{}", model.id, detail::excerpt(id), hint.empty() ? "" : "; " + hint));
    }
    return q;
  };
  for (const auto& c : mapping.columns) question(c.question, c.loc);
  for (const auto& o : mapping.options) {
    const double* number = std::get_if<double>(&o.answer);
    const std::string id = number ? std::string() : std::get<std::string>(o.answer);
    auto fits = [&](const Scale& s) {
      if (s.kind == Scale::Kind::range)
        return number ? *number >= s.min && *number <= s.max : id == "na" && s.allows_not_applicable;
      return !number && s.find_option(id) != npos;
    };
    if (!o.question.empty()) {
      std::size_t q = question(o.question, o.loc);
      if (q == npos) continue;
      const Scale& s = model.scales[model.questions[q].scale];
      if (!fits(s))
        out.error(o.loc, fmt::format("'{}' cannot map to {} for question '{}' (scale '{}')", detail::excerpt(o.text),
                                     number ? detail::number_text(*number) : fmt::format("'{}'", detail::excerpt(id)),
                                     o.question, s.id));
      continue;
    }
    if (std::none_of(model.scales.begin(), model.scales.end(), fits))
      out.error(o.loc, fmt::format("'{}' maps to {}, which no scale of model '{}' has", detail::excerpt(o.text),
                                   number ? detail::number_text(*number) : fmt::format("'{}'", detail::excerpt(id)),
                                   model.id));
  }
}

Loaded<Assessment> parse_assessment_csv(std::string_view text, std::string file_name, const Model& model,
                                        const CsvOptions& options, std::string default_subject) {
  Loaded<Assessment> result;
  Diagnostics& out = result.diagnostics;
  auto file = std::make_shared<const std::string>(std::move(file_name));
  if (options.mapping) check_mapping(*options.mapping, model, out);
  if (out.has_errors()) return result;
  auto report = [&](const Diagnostic& d) { out.add(d); };
  std::istringstream in{std::string(text)};
  detail::RecordStream records(in);
  detail::CsvLayout layout;
  if (!detail::read_csv_header(records, model, options, *file, false, report, layout)) return result;
  auto a = std::make_shared<Assessment>();
  a->model = model.id;
  a->file = file;
  a->loc = Location{file, SourcePos{1, 1}};
  a->model_loc = a->loc;
  std::string subject_at;  // where the subject was first named
  detail::Record r;
  while (records.next(r)) {
    if (r.blank()) continue;
    const auto line = static_cast<std::uint32_t>(records.line());
    const std::uint64_t row = records.row();
    auto error = [&](std::uint32_t column, std::string_view message) {
      out.add(detail::row_error(*file, line, column, row, message));
    };
    if (r.fields.size() != layout.columns.size()) {
      error(1, detail::row_width_mismatch(r.fields.size(), layout.columns.size()));
      continue;
    }
    if (const std::size_t i = detail::oversize_cell(r); i != npos) {
      error(r.columns[i], layout.cell_too_long(i, r.fields[i].size()));
      continue;
    }
    if (a->respondents.size() >= max_respondents) {
      error(1, detail::too_many_rows_in_file());
      break;
    }
    Respondent resp;
    resp.loc = Location{file, SourcePos{line, 1}};
    for (std::size_t i = 0; i < layout.columns.size(); ++i) {
      if (layout.columns[i].role != detail::CsvColumn::Role::question) continue;
      const detail::CellMatch m = layout.match(i, r.fields[i]);
      if (m.kind == detail::CellMatch::Kind::empty) continue;
      if (m.kind == detail::CellMatch::Kind::invalid) {
        error(r.columns[i], layout.mismatch(i, r.fields[i]));
        continue;
      }
      Answer answer = layout.answer(i, r.fields[i], m);
      answer.loc = answer.key_loc = Location{file, SourcePos{line, r.columns[i]}};
      resp.answers.push_back(std::move(answer));
    }
    std::string id = layout.respondent != npos ? detail::text_cell(r.fields[layout.respondent]) : "";
    resp.id = id.empty() ? fmt::format("row{}", row) : std::move(id);
    if (layout.unit != npos) resp.unit = detail::text_cell(r.fields[layout.unit]);
    if (layout.subject != npos) {
      std::string subject = detail::text_cell(r.fields[layout.subject]);
      if (subject_at.empty()) {
        a->subject = subject;
        subject_at = fmt::format("row {}", row);
      } else if (subject != a->subject) {
        error(r.columns[layout.subject],
              fmt::format("the subject is '{}', but {} named '{}': one assessment has one subject (mmf batch scores "
                          "a file of several)",
                          detail::excerpt(subject), subject_at, detail::excerpt(a->subject)));
      }
    }
    if (a->date.empty() && layout.date != npos) a->date = detail::csv_date(r.fields[layout.date]);
    a->respondents.push_back(std::move(resp));
  }
  if (layout.subject == npos) a->subject = std::move(default_subject);
  if (a->respondents.empty() && !out.has_errors())
    out.error(Location{file, SourcePos{static_cast<std::uint32_t>(records.next_line()), 1}},
              "the file has a header but no rows of answers");
  if (!out.has_errors()) result.value = a;
  return result;
}

}  // namespace mmf
