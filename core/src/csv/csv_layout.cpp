// The shape of a CSV export: dialect, header rows, roles, and cell matching.
#include "csv/csv_layout.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "check/answer_binding.h"
#include "base/ids.h"
#include "base/fold.h"
#include "base/quote.h"
#include "mmf/load.h"

namespace mmf::detail {

namespace {

constexpr std::size_t ambiguous = npos;

bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// The text of each locale of `t`, the default first.
std::vector<std::string_view> all_texts(const Text& t) {
  std::vector<std::string_view> out;
  if (!t.value.empty()) out.push_back(t.value);
  for (const auto& [locale, text] : t.locales)
    if (!text.empty() && text != t.value) out.push_back(text);
  return out;
}

void add_folded(std::unordered_map<std::string, std::size_t>& map, std::string_view text, std::size_t index) {
  auto [it, fresh] = map.emplace(fold(text), index);
  if (!fresh && it->second != index) it->second = ambiguous;
}

}  // namespace

CsvDialect sniff_dialect(std::string_view sample) {
  // The delimiter under which the sample's complete records all have the
  // same number of fields, more than one, and the most of them; where none
  // is consistent (a lone header), the one that splits the first record most.
  struct Candidate {
    char delimiter;
    std::size_t first = 0;  // fields of the first record
    bool consistent = true;
  };
  Candidate candidates[] = {{','}, {';'}, {'\t'}};
  Record r;
  for (Candidate& c : candidates) {
    const char* p = sample.data();
    const char* end = p + sample.size();
    for (int n = 0; n < 20 && p < end; ++n) {
      Parsed parsed = parse_record(p, end, r, c.delimiter);
      if (!parsed.complete && n > 0) break;
      p = parsed.next;
      if (r.blank()) continue;
      if (c.first == 0) c.first = r.fields.size();
      else if (r.fields.size() != c.first) c.consistent = false;
    }
  }
  const Candidate* best = nullptr;
  for (const Candidate& c : candidates)
    if (c.consistent && c.first > 1 && (!best || c.first > best->first)) best = &c;
  if (!best)
    for (const Candidate& c : candidates)
      if (!best || c.first > best->first) best = &c;
  CsvDialect d;
  d.delimiter = best->delimiter;
  d.decimal_comma = d.delimiter == ';';
  return d;
}

RecordStream::RecordStream(std::istream& in) : in_(in) {
  fill();
  if (buffer_.compare(0, 3, "\xEF\xBB\xBF") == 0) at_ = consumed_ = 3;
  std::string_view sample(buffer_);
  dialect_ = sniff_dialect(sample.substr(at_, 64 * 1024));
}

bool RecordStream::fill() {
  if (eof_) return false;
  if (at_ > 0 && at_ >= buffer_.size() / 2) {
    buffer_.erase(0, at_);
    at_ = 0;
  }
  const std::size_t old = buffer_.size();
  buffer_.resize(old + csv_block_bytes);
  in_.read(buffer_.data() + old, static_cast<std::streamsize>(csv_block_bytes));
  const auto got = static_cast<std::size_t>(in_.gcount());
  buffer_.resize(old + got);
  if (got < csv_block_bytes) eof_ = true;
  return got > 0;
}

bool RecordStream::next(Record& r) {
  while (true) {
    if (at_ >= buffer_.size() && !fill()) return false;
    const char* begin = buffer_.data() + at_;
    Parsed parsed = parse_record(begin, buffer_.data() + buffer_.size(), r, dialect_.delimiter);
    if (!parsed.complete && !eof_) {
      fill();
      continue;
    }
    line_ = next_line_;
    next_line_ += r.lines;
    ++row_;
    const auto used = static_cast<std::size_t>(parsed.next - begin);
    consumed_ += used;
    at_ += used;
    return true;
  }
}

std::string RecordStream::take_buffer() {
  std::string rest = buffer_.substr(at_);
  buffer_.clear();
  at_ = 0;
  return rest;
}

std::string row_prefix(std::uint64_t row) { return fmt::format("row {}: ", row); }

Diagnostic row_error(const std::string& file, std::uint64_t line, std::uint32_t column, std::uint64_t row,
                     std::string_view message) {
  std::string text = row_prefix(row);
  text += message;
  return Diagnostic{Severity::error, file, SourcePos{static_cast<std::uint32_t>(line), column}, std::move(text)};
}

std::string row_width_mismatch(std::size_t fields, std::size_t width) {
  return fmt::format("the row has {} fields; the header has {}", fields, width);
}

std::size_t oversize_cell(const Record& r) {
  for (std::size_t i = 0; i < r.fields.size(); ++i)
    if (r.fields[i].size() > max_string_bytes) return i;
  return npos;
}

std::string cell_size_limit(std::size_t bytes) {
  return fmt::format("a cell of {} bytes; mmf accepts cells of up to {} bytes", bytes, max_string_bytes);
}

std::string too_many_rows(std::string_view subject) {
  return fmt::format("subject '{}' has more than {} rows; mmf accepts up to {} respondents in one assessment",
                     excerpt(subject),
                     max_respondents, max_respondents);
}

std::string too_many_rows_in_file() {
  return fmt::format("the file has more than {} rows; mmf accepts up to {} respondents in one assessment",
                     max_respondents, max_respondents);
}

std::string_view trim_cell(std::string_view cell) { return trim(cell); }

std::string text_cell(std::string_view cell) { return to_utf8(trim(cell)); }

std::string csv_date(std::string_view raw) {
  std::string_view cell = trim(raw);
  int n[3] = {0, 0, 0};
  std::size_t digits[3] = {0, 0, 0};
  char separator = 0;
  std::size_t part = 0, i = 0;
  for (; i < cell.size() && part < 3; ++i) {
    const char c = cell[i];
    if (c >= '0' && c <= '9') {
      if (++digits[part] > 4) return {};
      n[part] = n[part] * 10 + (c - '0');
    } else if ((c == '-' || c == '/' || c == '.') && part < 2 && digits[part] > 0 && (!separator || c == separator)) {
      separator = c;
      ++part;
    } else {
      break;
    }
  }
  if (part != 2 || digits[2] == 0 || (i < cell.size() && cell[i] != ' ' && cell[i] != 'T')) return {};
  int year, month, day;
  if (digits[0] == 4 && separator != '.') year = n[0], month = n[1], day = n[2];    // 2026-11-03, 2026/11/03
  else if (digits[2] == 4 && separator == '.') day = n[0], month = n[1], year = n[2];  // 03.11.2026
  else if (digits[2] == 4 && separator == '/') month = n[0], day = n[1], year = n[2];  // 11/3/2026
  else return {};
  if (month < 1 || month > 12 || day < 1 || day > 31) return {};
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
bool digit(char c) { return c >= '0' && c <= '9'; }

// Whether `a` sorts strictly before `b`; their first `same` bytes are equal
// (the comparison starts there, at the start of a digit run when natural).
bool sorts_before(std::string_view a, std::string_view b, bool natural, std::size_t same) {
  if (natural)
    while (same > 0 && digit(a[same - 1])) --same;
  std::size_t i = same, j = same;
  while (i < a.size() && j < b.size()) {
    if (natural && digit(a[i]) && digit(b[j])) {
      std::size_t ei = i, ej = j;
      while (ei < a.size() && digit(a[ei])) ++ei;
      while (ej < b.size() && digit(b[ej])) ++ej;
      std::string_view x = a.substr(i, ei - i), y = b.substr(j, ej - j);
      while (x.size() > 1 && x.front() == '0') x.remove_prefix(1);
      while (y.size() > 1 && y.front() == '0') y.remove_prefix(1);
      if (x.size() != y.size()) return x.size() < y.size();
      if (x != y) return x < y;
      i = ei;
      j = ej;
      continue;
    }
    const char x = lower(a[i]), y = lower(b[j]);
    if (x != y) return static_cast<unsigned char>(x) < static_cast<unsigned char>(y);
    ++i;
    ++j;
  }
  if (i == a.size() && j == b.size()) return a < b;  // equal but for case or leading zeros: bytes decide
  return i == a.size();
}

}  // namespace

void SubjectOrder::step(std::string_view previous, std::string_view subject, std::uint64_t line) {
  if (broken()) return;
  // Consecutive subjects share most of their bytes ("Alliance 0041", "Alliance 0042"): skip them once.
  const std::size_t n = std::min(previous.size(), subject.size());
  const std::size_t same =
      static_cast<std::size_t>(std::mismatch(previous.begin(), previous.begin() + n, subject.begin()).first -
                               previous.begin());
  if (byte_break == npos && !sorts_before(previous, subject, false, same)) byte_break = line;
  if (natural_break == npos && !sorts_before(previous, subject, true, same)) natural_break = line;
}

std::uint64_t SeenSubjects::hash(std::string_view subject) {
  const std::uint64_t h = std::hash<std::string_view>{}(subject);
  return h ? h : 1;
}

bool SeenSubjects::insert_hash(std::uint64_t h) {
  if ((count_ + 1) * 2 > slots_.size()) {
    std::vector<std::uint64_t> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(64, old.size() * 2), 0);
    count_ = 0;
    for (std::uint64_t v : old)
      if (v) {
        std::size_t at = v & (slots_.size() - 1);
        while (slots_[at]) at = (at + 1) & (slots_.size() - 1);
        slots_[at] = v;
        ++count_;
      }
  }
  std::size_t at = h & (slots_.size() - 1);
  while (slots_[at]) {
    if (slots_[at] == h) return false;
    at = (at + 1) & (slots_.size() - 1);
  }
  slots_[at] = h;
  ++count_;
  return true;
}

// ---- cells ----------------------------------------------------------------

const CsvLayout::Lookup* CsvLayout::lookup_for(std::size_t question) const {
  auto it = question_lookup_.find(question);
  return it == question_lookup_.end() ? nullptr : &it->second;
}

CellMatch CsvLayout::match(std::size_t column, std::string_view raw) const {
  CellMatch m;
  std::string_view cell = trim(raw);
  if (cell.empty()) return m;
  const Question& q = model_->questions[columns[column].question];
  const Scale& scale = model_->scales[q.scale];
  const Lookup* own = lookup_for(columns[column].question);
  const Lookup& common = scale_lookup_[q.scale];
  auto option = [&](std::size_t o) {
    const ScaleOption& opt = scale.options[o];
    m.kind = opt.not_applicable ? CellMatch::Kind::not_applicable : CellMatch::Kind::value;
    m.value = opt.value;
    m.option = o;
    return m;
  };
  m.kind = CellMatch::Kind::invalid;
  if (scale.kind == Scale::Kind::discrete) {
    if (std::size_t o = scale.find_option(cell); o != npos) return option(o);
    const std::string folded = fold(cell);
    for (const Lookup* l : {own, &common}) {
      if (!l) continue;
      if (auto it = l->options.find(folded); it != l->options.end())
        return it->second == ambiguous ? m : option(it->second);
    }
    return m;
  }
  std::string number(cell);
  if (dialect.decimal_comma && number.find('.') == std::string::npos) std::replace(number.begin(), number.end(), ',', '.');
  double value = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  const bool is_number = ec == std::errc() && end == number.data() + number.size();
  auto in_range = [&](double v) {
    if (!std::isfinite(v) || v < scale.min || v > scale.max) return m;
    m.kind = CellMatch::Kind::value;
    m.value = v;
    return m;
  };
  if (is_number) return in_range(value);
  const std::string folded = fold(cell);
  if (scale.allows_not_applicable && folded == "na") {
    m.kind = CellMatch::Kind::not_applicable;
    return m;
  }
  for (const Lookup* l : {own, &common}) {
    if (!l) continue;
    if (auto it = l->numbers.find(folded); it != l->numbers.end()) return in_range(it->second);
    if (auto it = l->options.find(folded); it != l->options.end() && scale.allows_not_applicable) {
      m.kind = CellMatch::Kind::not_applicable;  // a range scale's only mapped option is "na"
      return m;
    }
  }
  return m;
}

std::string CsvLayout::mismatch(std::size_t column, std::string_view raw) const {
  const CsvColumn& col = columns[column];
  const Question& q = model_->questions[col.question];
  const Scale& scale = model_->scales[q.scale];
  std::string_view cell = trim(raw);
  std::string where = fmt::format("column {} '{}': ", column + 1, excerpt(col.name));
  if (scale.kind == Scale::Kind::range) {
    Answer a = answer_from_cell(cell, q, scale);
    if (dialect.decimal_comma && a.kind == Answer::Kind::option) {
      std::string n(cell);
      std::replace(n.begin(), n.end(), ',', '.');
      Answer b = answer_from_cell(n, q, scale);
      if (b.kind == Answer::Kind::number) a = b;
    }
    if (a.kind == Answer::Kind::option) a.option = excerpt(a.option);
    return where + bind_answer(a, q, scale).error;
  }
  std::string options;
  for (const ScaleOption& o : scale.options) {
    options += options.empty() ? "" : ", ";
    options += o.label.empty() ? o.id : fmt::format("{} \"{}\"", o.id, o.label.value);
  }
  const std::string folded = fold(cell);
  for (const Lookup* l : {lookup_for(col.question), &scale_lookup_[q.scale]})
    if (l)
      if (auto it = l->options.find(folded); it != l->options.end() && it->second == ambiguous)
        return where + fmt::format("'{}' names more than one option of question '{}' ({}); write the option id",
                                   excerpt(cell), q.id, options);
  return where + fmt::format("'{}' is not an option of question '{}' (answer with an id or a label: {})", excerpt(cell),
                             q.id, options);
}

std::string CsvLayout::cell_too_long(std::size_t column, std::size_t bytes) const {
  return fmt::format("column {} '{}': {}", column + 1, excerpt(columns[column].name), cell_size_limit(bytes));
}

Answer CsvLayout::answer(std::size_t column, std::string_view, const CellMatch& match) const {
  const Question& q = model_->questions[columns[column].question];
  const Scale& scale = model_->scales[q.scale];
  Answer a;
  a.question = q.id;
  if (match.option != npos) {
    a.kind = Answer::Kind::option;
    a.option = scale.options[match.option].id;
  } else if (match.kind == CellMatch::Kind::not_applicable) {
    a.kind = Answer::Kind::option;
    a.option = "na";
  } else {
    a.kind = Answer::Kind::number;
    a.number = match.value;
  }
  return a;
}

// ---- the header -----------------------------------------------------------

class LayoutBinder {
 public:
  LayoutBinder(const Model& model, const CsvOptions& options, const std::string& file,
               const std::function<void(const Diagnostic&)>& report, CsvLayout& layout)
      : model_(model), options_(options), file_(file), report_(report), layout_(layout) {}

  bool bind(const std::vector<std::vector<std::pair<std::string, SourcePos>>>& header, bool need_subject);

 private:
  void error(SourcePos pos, std::string message) {
    ok_ = false;
    report_(Diagnostic{Severity::error, file_, pos, std::move(message)});
  }
  std::string role_name(const std::string CsvOptions::*option, const std::string CsvMapping::*in_mapping,
                        const char* fallback) const {
    if (!(options_.*option).empty()) return options_.*option;
    if (options_.mapping && !(options_.mapping.get()->*in_mapping).empty()) return options_.mapping.get()->*in_mapping;
    return fallback;
  }
  void build_lookups();
  void index_questions();
  std::size_t find_question(const std::vector<std::string>& folded, std::size_t column);
  std::string resemblance(const std::vector<std::string>& folded) const;

  const Model& model_;
  const CsvOptions& options_;
  const std::string& file_;
  const std::function<void(const Diagnostic&)>& report_;
  CsvLayout& layout_;
  bool ok_ = true;
  std::unordered_map<std::string, std::size_t> by_folded_id_, by_text_, mapped_;
  std::vector<std::string> folded_ids_, folded_texts_;
};

void LayoutBinder::build_lookups() {
  layout_.scale_lookup_.assign(model_.scales.size(), {});
  for (std::size_t s = 0; s < model_.scales.size(); ++s) {
    const Scale& scale = model_.scales[s];
    auto& options = layout_.scale_lookup_[s].options;
    for (std::size_t o = 0; o < scale.options.size(); ++o) {
      add_folded(options, scale.options[o].id, o);
      for (std::string_view label : all_texts(scale.options[o].label)) add_folded(options, label, o);
    }
  }
  if (!options_.mapping) return;
  // A mapping's texts come before the model's own: they are what this export writes.
  auto apply = [&](CsvLayout::Lookup& lookup, const Scale& scale, const CsvMapping::Option& m) {
    const std::string folded = fold(m.text);
    if (const double* number = std::get_if<double>(&m.answer)) {
      if (scale.kind == Scale::Kind::range) lookup.numbers[folded] = *number;
      return;
    }
    const std::string& id = std::get<std::string>(m.answer);
    if (scale.kind == Scale::Kind::range) {
      if (id == "na") lookup.options[folded] = 0;
    } else if (std::size_t o = scale.find_option(id); o != npos) {
      lookup.options[folded] = o;
    }
  };
  for (const auto& m : options_.mapping->options) {
    if (m.question.empty()) {
      for (std::size_t s = 0; s < model_.scales.size(); ++s) apply(layout_.scale_lookup_[s], model_.scales[s], m);
    } else if (std::size_t q = model_.find_question(m.question); q != npos) {
      apply(layout_.question_lookup_[q], model_.scales[model_.questions[q].scale], m);
    }
  }
}

void LayoutBinder::index_questions() {
  for (std::size_t q = 0; q < model_.questions.size(); ++q) {
    const Question& question = model_.questions[q];
    folded_ids_.push_back(fold(question.id));
    add_folded(by_folded_id_, question.id, q);
    auto texts = all_texts(question.text);
    folded_texts_.push_back(texts.empty() ? std::string() : fold(texts.front()));
    for (std::string_view t : texts) add_folded(by_text_, t, q);
  }
  if (options_.mapping)
    for (const auto& c : options_.mapping->columns)
      if (std::size_t q = model_.find_question(c.question); q != npos) mapped_[fold(c.header)] = q;
}

// The question a column names (npos: none), by the mapping, then exact id,
// then id or text folded; each header row's text is tried, the last first.
std::size_t LayoutBinder::find_question(const std::vector<std::string>& folded, std::size_t column) {
  const CsvColumn& col = layout_.columns[column];
  for (const std::string& f : folded)
    if (auto it = mapped_.find(f); it != mapped_.end()) return it->second;
  std::size_t exact = model_.find_question(col.name);
  if (exact != npos) return exact;
  for (const std::string& f : folded)
    for (const auto* index : {&by_folded_id_, &by_text_})
      if (auto it = index->find(f); it != index->end()) {
        if (it->second != ambiguous) return it->second;
        error(col.pos, fmt::format("column {} '{}' names more than one question of model '{}'; name it by question "
                                   "id, or map it in a mapping file (--map)",
                                   column + 1, excerpt(col.name), model_.id));
        return npos;
      }
  return npos;
}

// "did you mean 'c1'?" for a header that is close to a question's id or
// text; "" when it is not; "it has the shape of the model's question ids"
// for an id-like header that shares a question id's prefix.
std::string LayoutBinder::resemblance(const std::vector<std::string>& folded) const {
  for (const std::string& f : folded) {
    for (std::size_t q = 0; q < folded_ids_.size(); ++q) {
      const std::string& id = folded_ids_[q];
      const std::size_t id_limit = id.size() >= 4 ? 2 : 1;
      if (edit_distance(f, id, id_limit) <= id_limit)
        return fmt::format("did you mean '{}'?", model_.questions[q].id);
      const std::string& text = folded_texts_[q];
      const std::size_t text_limit = std::max<std::size_t>(2, text.size() / 10);
      if (text.size() >= 12 && edit_distance(f, text, text_limit) <= text_limit)
        return fmt::format("did you mean question '{}' (\"{}\")?", model_.questions[q].id,
                           excerpt(model_.questions[q].text.value));
    }
    const bool id_shaped = !f.empty() && std::all_of(f.begin(), f.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
    const auto dash = f.find('-');
    if (id_shaped && dash != std::string::npos && dash > 0) {
      const std::string_view prefix = std::string_view(f).substr(0, dash + 1);
      for (std::size_t q = 0; q < folded_ids_.size(); ++q)
        if (folded_ids_[q].compare(0, prefix.size(), prefix) == 0)
          return fmt::format("it has the shape of the model's question ids (such as '{}')", model_.questions[q].id);
    }
  }
  return {};
}

bool LayoutBinder::bind(const std::vector<std::vector<std::pair<std::string, SourcePos>>>& header, bool need_subject) {
  layout_.model_ = &model_;
  layout_.header_records = static_cast<std::uint32_t>(header.size());
  std::size_t width = 0;
  for (const auto& row : header) width = std::max(width, row.size());
  layout_.columns.assign(width, CsvColumn{});
  build_lookups();
  index_questions();

  struct RoleName {
    CsvColumn::Role role;
    std::size_t CsvLayout::*index;
    std::string name;
    const char* what;
    const char* option;
  };
  const RoleName roles[] = {
      {CsvColumn::Role::subject, &CsvLayout::subject,
       role_name(&CsvOptions::subject_column, &CsvMapping::subject, "subject"), "subject", "--subject-column"},
      {CsvColumn::Role::respondent, &CsvLayout::respondent,
       role_name(&CsvOptions::respondent_column, &CsvMapping::respondent, "respondent"), "respondent",
       "--respondent-column"},
      {CsvColumn::Role::unit, &CsvLayout::unit, role_name(&CsvOptions::unit_column, &CsvMapping::unit, "unit"), "unit",
       "--unit-column"},
      {CsvColumn::Role::date, &CsvLayout::date, role_name(&CsvOptions::date_column, &CsvMapping::date, "date"), "date",
       "--date-column"},
  };
  std::vector<std::string> ignore;
  if (options_.mapping)
    for (const auto& name : options_.mapping->ignore) ignore.push_back(fold(name));
  std::vector<std::size_t> owner(model_.questions.size(), npos);
  std::vector<std::size_t> ignored;
  for (std::size_t i = 0; i < width; ++i) {
    CsvColumn& col = layout_.columns[i];
    std::vector<std::string> folded;  // each header row's text, the last row first
    for (auto row = header.rbegin(); row != header.rend(); ++row) {
      if (i >= row->size()) continue;
      std::string_view text = trim((*row)[i].first);
      if (text.empty()) continue;
      folded.push_back(fold(text));
      // Google Forms writes a grid's rows as "Grid title [Row text]",
      // Qualtrics a matrix's as "Matrix title - Row text".
      if (text.back() == ']')
        if (auto open = text.rfind(" ["); open != std::string_view::npos)
          folded.push_back(fold(text.substr(open + 2, text.size() - open - 3)));
      if (auto dash = text.rfind(" - "); dash != std::string_view::npos) folded.push_back(fold(text.substr(dash + 3)));
    }
    for (const auto& row : header) {
      if (i >= row.size()) continue;
      std::string_view text = trim(row[i].first);
      if (text.empty()) continue;
      if (col.name.empty()) col.pos = row[i].second;
      col.name += col.name.empty() ? "" : " | ";
      col.name += text;
    }
    if (col.name.empty()) {
      col.pos = header.front().size() > i ? header.front()[i].second : SourcePos{1, 1};
      ignored.push_back(i);
      continue;
    }
    bool is_role = false;
    for (const RoleName& r : roles) {
      if (std::find(folded.begin(), folded.end(), fold(r.name)) == folded.end()) continue;
      std::size_t& index = layout_.*r.index;
      if (index != npos) {
        error(col.pos, fmt::format("columns {} '{}' and {} '{}' both name the {}; name one with {} NAME", index + 1,
                                   excerpt(layout_.columns[index].name), i + 1, excerpt(col.name), r.what, r.option));
      } else {
        index = i;
        col.role = r.role;
      }
      is_role = true;
      break;
    }
    if (is_role) continue;
    if (std::any_of(folded.begin(), folded.end(),
                    [&](const std::string& f) { return std::find(ignore.begin(), ignore.end(), f) != ignore.end(); }))
      continue;
    const std::size_t q = find_question(folded, i);
    if (q == npos) {
      if (std::string hint = resemblance(folded); !hint.empty())
        error(col.pos, fmt::format("column {} '{}' names no question of model '{}'; {}", i + 1, excerpt(col.name),
                                   model_.id, hint));
      else ignored.push_back(i);
      continue;
    }
    if (owner[q] != npos) {
      error(col.pos, fmt::format("columns {} '{}' and {} '{}' both answer question '{}'", owner[q] + 1,
                                 excerpt(layout_.columns[owner[q]].name), i + 1, excerpt(col.name),
                                 model_.questions[q].id));
      continue;
    }
    owner[q] = i;
    col.role = CsvColumn::Role::question;
    col.question = q;
  }
  const bool any_question = std::any_of(owner.begin(), owner.end(), [](std::size_t o) { return o != npos; });
  if (!any_question && ok_)
    error(SourcePos{1, 1},
          fmt::format("no column names a question of model '{}' by its id or its text; name the columns so, or map "
                      "them in a mapping file (--map)",
                      model_.id));
  if (need_subject && layout_.subject == npos)
    error(SourcePos{1, 1}, fmt::format("no column is named '{}', the subject; name the subject column with "
                                       "--subject-column NAME or in a mapping file",
                                       excerpt(roles[0].name)));
  if (!ignored.empty() && ok_) {
    std::string list;
    for (std::size_t i : ignored) {
      list += list.empty() ? "" : ", ";
      const std::string& name = layout_.columns[i].name;
      list += name.empty() ? fmt::format("{} (no header)", i + 1) : fmt::format("{} '{}'", i + 1, excerpt(name));
    }
    report_(Diagnostic{Severity::warning, file_, layout_.columns[ignored.front()].pos,
                       fmt::format("ignoring {} column{} that name{} no question of model '{}': {}", ignored.size(),
                                   ignored.size() == 1 ? "" : "s", ignored.size() == 1 ? "s" : "", model_.id, list)});
  }
  return ok_;
}

bool bind_csv_layout(const std::vector<std::vector<std::pair<std::string, SourcePos>>>& header, const Model& model,
                     const CsvOptions& options, const std::string& file, bool need_subject,
                     const std::function<void(const Diagnostic&)>& report, CsvLayout& layout) {
  return LayoutBinder(model, options, file, report, layout).bind(header, need_subject);
}

bool read_csv_header(RecordStream& records, const Model& model, const CsvOptions& options, const std::string& file,
                     bool need_subject, const std::function<void(const Diagnostic&)>& report, CsvLayout& layout) {
  std::size_t rows = options.header_rows;
  if (rows == 0 && options.mapping) rows = options.mapping->header_rows;
  if (rows == 0) rows = 1;
  std::vector<std::vector<std::pair<std::string, SourcePos>>> header;
  Record r;
  while (header.size() < rows && records.next(r)) {
    if (header.empty() && r.blank()) continue;
    if (const std::size_t i = oversize_cell(r); i != npos) {
      report(row_error(file, records.line(), r.columns[i], records.row(),
                       fmt::format("column {}: {}", i + 1, cell_size_limit(r.fields[i].size()))));
      return false;
    }
    auto& row = header.emplace_back();
    for (std::size_t i = 0; i < r.fields.size(); ++i)
      row.emplace_back(to_utf8(r.fields[i]), SourcePos{static_cast<std::uint32_t>(records.line()), r.columns[i]});
  }
  if (header.empty()) {
    report(Diagnostic{Severity::error, file, SourcePos{1, 1},
                      "the CSV file is empty; it needs a header row that names the subject column and the questions"});
    return false;
  }
  if (header.size() < rows) {
    report(Diagnostic{Severity::error, file, SourcePos{static_cast<std::uint32_t>(records.next_line()), 1},
                      fmt::format("the file ends within its {} header rows", rows)});
    return false;
  }
  layout.dialect = records.dialect();
  return bind_csv_layout(header, model, options, file, need_subject, report, layout);
}

}  // namespace mmf::detail
