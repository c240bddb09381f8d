// A filled questionnaire workbook read back as an assessment of one
// respondent: the cover sheet's named cells give the subject and who
// answered, each question sheet's named columns the answers, chosen by
// label (in any of the model's languages) or option id. Every error names
// the sheet and the cell.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "mmf/xlsx_input.h"
#include "base/fold.h"
#include "base/ids.h"
#include "base/quote.h"
#include "check/answer_binding.h"
#include "xlsx/questionnaire.h"
#include "xlsx/workbook_reader.h"

namespace mmf {

using namespace detail;
namespace qn = detail::questionnaire;

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

class Reader {
 public:
  Reader(std::string_view bytes, std::string file, const Model& model)
      : bytes_(bytes), file_(std::make_shared<const std::string>(std::move(file))), model_(model) {}

  Loaded<Assessment> read();

 private:
  void error(std::string message) { out_.diagnostics.error(Location{file_, {}}, std::move(message)); }
  void cell_error(const std::string& sheet, std::uint32_t row, std::uint32_t col, std::string message) {
    error(fmt::format("sheet '{}', cell {}: {}", excerpt(sheet), cell_name(row, col), message));
  }

  // The cell a name marks, or nullptr (absent, blank, or an error reported).
  const CellValue* named_cell(const char* name, std::string* sheet = nullptr, std::uint32_t* row = nullptr,
                              std::uint32_t* col = nullptr);
  // A named cell's text, "" when blank; a number as typed.
  std::string named_text(const char* name);
  // The text of a cell holding evidence, a comment or a cover field.
  std::optional<std::string> text_of(const CellValue& v, const std::string& sheet, std::uint32_t row, std::uint32_t col);
  std::optional<NamedRange> column(const std::string& name, bool required);
  void read_sheet(int k);
  bool bind(Answer& a, const Question& q, const CellValue& v, const std::string& sheet, std::uint32_t row,
            std::uint32_t col);

  std::string_view bytes_;
  std::shared_ptr<const std::string> file_;
  const Model& model_;
  std::optional<Workbook> book_;
  Loaded<Assessment> out_;
  Respondent respondent_;
  std::map<std::size_t, std::string> answered_at_;  // question -> "sheet 'S', cell A5"
  // Per scale, built on first use: every option's id and labels, folded, to
  // the option (ambiguous_option where two options share a text).
  static constexpr std::size_t ambiguous_option = npos - 1;
  std::vector<std::optional<std::unordered_map<std::string, std::size_t>>> lookups_;
  const std::unordered_map<std::string, std::size_t>& lookup(std::size_t scale);
};

const std::unordered_map<std::string, std::size_t>& Reader::lookup(std::size_t s) {
  if (lookups_.empty()) lookups_.resize(model_.scales.size());
  if (lookups_[s]) return *lookups_[s];
  auto& map = lookups_[s].emplace();
  const Scale& scale = model_.scales[s];
  for (std::size_t o = 0; o < scale.options.size(); ++o) {
    const ScaleOption& option = scale.options[o];
    auto add = [&](std::string_view text) {
      auto [it, fresh] = map.emplace(fold(text), o);
      if (!fresh && it->second != o) it->second = ambiguous_option;
    };
    add(option.id);
    add(option.label.value);
    for (const auto& [locale, label] : option.label.locales) add(label);
  }
  return map;
}

const CellValue* Reader::named_cell(const char* name, std::string* sheet, std::uint32_t* row, std::uint32_t* col) {
  auto range = book_->name(name);
  if (!range) return nullptr;
  if (!range->error.empty()) {
    error(fmt::format("the workbook's name {} {}: write a new questionnaire with mmf template {} --format xlsx", name,
                      range->error, model_.id));
    return nullptr;
  }
  std::string why;
  const auto* cells = book_->cells(range->sheet, why);
  if (!cells) {
    error(why);
    return nullptr;
  }
  if (sheet) *sheet = range->sheet;
  if (row) *row = range->range.first_row;
  if (col) *col = range->range.first_col;
  auto it = cells->find({range->range.first_row, range->range.first_col});
  return it == cells->end() ? nullptr : &it->second;
}

std::optional<std::string> Reader::text_of(const CellValue& v, const std::string& sheet, std::uint32_t row,
                                           std::uint32_t col) {
  if (v.kind == CellValue::Kind::error) {
    cell_error(sheet, row, col, fmt::format("holds the error value {}, where text belongs", excerpt(v.text)));
    return std::nullopt;
  }
  std::string text = v.kind == CellValue::Kind::text      ? std::string(trim(v.text))
                     : v.kind == CellValue::Kind::boolean ? std::string(v.number != 0 ? "TRUE" : "FALSE")
                                                          : number_text(v.number);
  if (text.size() > max_string_bytes) {
    cell_error(sheet, row, col, fmt::format("holds {} bytes of text, over the limit of {} KiB", text.size(),
                                            max_string_bytes / 1024));
    return std::nullopt;
  }
  return text;
}

std::string Reader::named_text(const char* name) {
  std::string sheet;
  std::uint32_t row = 0, col = 0;
  const CellValue* v = named_cell(name, &sheet, &row, &col);
  if (!v) return {};
  if (name == std::string_view(qn::date_name) && v->kind == CellValue::Kind::number) {
    std::string date = serial_date(v->number, book_->date1904());
    if (date.empty()) cell_error(sheet, row, col, "is not a date (write it as YYYY-MM-DD)");
    return date;
  }
  return text_of(*v, sheet, row, col).value_or("");
}

std::optional<NamedRange> Reader::column(const std::string& name, bool required) {
  auto range = book_->name(name);
  if (!range) {
    if (required) error(fmt::format("the workbook has no name {}: its question sheet lost a column mmf reads", name));
    return std::nullopt;
  }
  if (!range->error.empty()) {
    error(fmt::format("the workbook's name {} {}", name, range->error));
    return std::nullopt;
  }
  return range;
}

Loaded<Assessment> Reader::read() {
  std::string why;
  book_ = Workbook::open(bytes_, why);
  if (!book_) {
    error(why);
    return std::move(out_);
  }
  if (!book_->name(qn::model_name)) {
    error(fmt::format("this workbook is not an mmf questionnaire (it has no cell named {}); write one with "
                      "mmf template {} --format xlsx",
                      qn::model_name, model_.id));
    return std::move(out_);
  }
  auto a = std::make_shared<Assessment>();
  a->file = file_;
  a->model_loc = a->model_version_loc = a->target_loc = a->loc = Location{file_, {}};
  std::string sheet;
  std::uint32_t row = 0, col = 0;
  const CellValue* model_cell = named_cell(qn::model_name, &sheet, &row, &col);
  a->model = model_cell ? text_of(*model_cell, sheet, row, col).value_or("") : "";
  if (!out_.diagnostics.has_errors() && a->model != model_.id) {
    cell_error(sheet, row, col,
               a->model.empty() ? fmt::format("names no model; this is read against model '{}'", model_.id)
                                : fmt::format("the questionnaire is for model '{}', not '{}'", excerpt(a->model),
                                              model_.id));
    return std::move(out_);
  }
  a->model_version = named_text(qn::model_version_name);
  a->subject = named_text(qn::subject_name);
  a->date = named_text(qn::date_name);
  a->assessor = named_text(qn::assessor_name);
  a->target = named_text(qn::target_name);
  respondent_.id = named_text(qn::respondent_name);
  respondent_.name = named_text(qn::person_name);
  respondent_.role = named_text(qn::role_name);
  respondent_.unit = named_text(qn::unit_name);
  respondent_.loc = Location{file_, {}};
  int sheets = 0;
  for (int k = 1; book_->name(qn::ids_prefix + std::to_string(k)); ++k, ++sheets) read_sheet(k);
  if (sheets == 0)
    error(fmt::format("the workbook has no question sheet (no name {}1): write a new questionnaire with "
                      "mmf template {} --format xlsx",
                      qn::ids_prefix, model_.id));
  if (out_.diagnostics.has_errors()) return std::move(out_);
  a->respondents.push_back(std::move(respondent_));
  out_.value = std::move(a);
  return std::move(out_);
}

void Reader::read_sheet(int k) {
  const std::string n = std::to_string(k);
  auto ids = column(qn::ids_prefix + n, true);
  auto answers = column(qn::answers_prefix + n, true);
  auto evidence = column(qn::evidence_prefix + n, false);
  auto comments = column(qn::comments_prefix + n, false);
  if (!ids || !answers) return;
  std::string why;
  const auto* id_cells = book_->cells(ids->sheet, why);
  const auto* answer_cells = id_cells ? book_->cells(answers->sheet, why) : nullptr;
  if (!answer_cells) return error(why);
  auto at = [&](const Workbook::Cells* cells, std::uint32_t r, std::uint32_t c) -> const CellValue* {
    auto it = cells->find({r, c});
    return it == cells->end() ? nullptr : &it->second;
  };
  auto note = [&](const std::optional<NamedRange>& range, std::uint32_t offset) -> std::optional<std::string> {
    if (!range) return std::string();
    std::string w;
    const auto* cells = book_->cells(range->sheet, w);
    if (!cells) {
      error(w);
      return std::nullopt;
    }
    const std::uint32_t r = range->range.first_row + offset;
    const CellValue* v = at(cells, r, range->range.first_col);
    return v ? text_of(*v, range->sheet, r, range->range.first_col) : std::string();
  };
  for (std::uint32_t r = ids->range.first_row; r <= ids->range.last_row; ++r) {
    const CellValue* id_cell = at(id_cells, r, ids->range.first_col);
    if (!id_cell) continue;
    auto id = text_of(*id_cell, ids->sheet, r, ids->range.first_col);
    if (!id || id->empty()) continue;  // a heading row, or a row the consultant added
    std::size_t q = answered_question(model_, *id);
    if (q == npos) {
      cell_error(ids->sheet, r, ids->range.first_col,
                 fmt::format("'{}' is not a question of model '{}' {}", excerpt(*id), model_.id, model_.version));
      continue;
    }
    const std::uint32_t offset = r - ids->range.first_row;
    const std::uint32_t ar = answers->range.first_row + offset, ac = answers->range.first_col;
    Answer a;
    a.question = model_.questions[q].id;
    a.loc = a.key_loc = Location{file_, {}};
    const CellValue* v = at(answer_cells, ar, ac);
    if (v && !bind(a, model_.questions[q], *v, answers->sheet, ar, ac)) continue;
    auto ev = note(evidence, offset);
    auto cm = note(comments, offset);
    if (!ev || !cm) continue;
    a.evidence = std::move(*ev);
    a.comment = std::move(*cm);
    if (a.kind == Answer::Kind::empty && a.evidence.empty() && a.comment.empty()) continue;
    const std::string here = fmt::format("sheet '{}', cell {}", excerpt(ids->sheet), cell_name(r, ids->range.first_col));
    if (auto [it, fresh] = answered_at_.emplace(q, here); !fresh) {
      error(fmt::format("{}: question '{}' is answered twice (also at {})", here, a.question, it->second));
      continue;
    }
    respondent_.answers.push_back(std::move(a));
  }
}

bool Reader::bind(Answer& a, const Question& q, const CellValue& v, const std::string& sheet, std::uint32_t row,
                  std::uint32_t col) {
  const Scale& scale = model_.scales[q.scale];
  if (v.kind == CellValue::Kind::error) {
    cell_error(sheet, row, col, fmt::format("holds the error value {}, not an answer", excerpt(v.text)));
    return false;
  }
  std::string text = v.kind == CellValue::Kind::number ? number_text(v.number) : std::string(trim(v.text));
  if (text.empty()) return true;
  if (scale.kind == Scale::Kind::range) {
    // A number, typed as one or as text (with a decimal comma, as German Calc writes it).
    std::optional<double> number;
    if (v.kind == CellValue::Kind::number) number = v.number;
    else if (std::string t = text; !t.empty()) {
      std::replace(t.begin(), t.end(), ',', '.');
      double parsed = 0;
      auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), parsed);
      if (ec == std::errc() && end == t.data() + t.size()) number = parsed;
    }
    if (number) {
      if (!(*number >= scale.min && *number <= scale.max)) {
        cell_error(sheet, row, col, fmt::format("{} is outside the answers to '{}' (a number from {} to {})",
                                                number_text(*number), q.id, number_text(scale.min),
                                                number_text(scale.max)));
        return false;
      }
      a.kind = Answer::Kind::number;
      a.number = *number;
      return true;
    }
  }
  const std::string folded = fold(text);
  const auto& options = lookup(q.scale);
  auto it = options.find(folded);
  const std::size_t found = it == options.end() ? npos : it->second;
  const bool ambiguous = found == ambiguous_option;
  if (found == npos && scale.kind == Scale::Kind::range) {
    if (folded == "na" && scale.allows_not_applicable) {
      a.kind = Answer::Kind::option;
      a.option = "na";
      return true;
    }
    cell_error(sheet, row, col, fmt::format("'{}' is not an answer to '{}' (a number from {} to {}{})", excerpt(text),
                                            q.id, number_text(scale.min), number_text(scale.max),
                                            scale.allows_not_applicable ? ", or na" : ""));
    return false;
  }
  if (found == npos || ambiguous) {  // neither an id nor a label, or the label of two options
    std::string choices;
    for (const ScaleOption& o : scale.options)
      choices += fmt::format("{}\"{}\"", choices.empty() ? "" : ", ", o.label.empty() ? o.id : o.label.value);
    cell_error(sheet, row, col,
               fmt::format("'{}' {} of question '{}' (choose one of: {})", excerpt(text),
                           ambiguous ? "names more than one answer" : "is not an answer", q.id, choices));
    return false;
  }
  a.kind = Answer::Kind::option;
  a.option = scale.options[found].id;  // found is an option here: ambiguous_option was refused above
  return true;
}

}  // namespace

Loaded<Assessment> parse_assessment_xlsx(std::string_view bytes, std::string file_name, const Model& model) {
  return Reader(bytes, std::move(file_name), model).read();
}

}  // namespace mmf
