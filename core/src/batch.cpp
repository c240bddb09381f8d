// Batch scoring: streaming readers for wide CSV and JSON Lines, and writers.
#include "mmf/batch.h"

#include <algorithm>
#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "mmf/compare.h"
#include "mmf/load.h"
#include "mmf/render.h"
#include "answer_binding.h"
#include "batch_csv.h"
#include "render_common.h"

namespace mmf {

namespace fs = std::filesystem;

CsvReader::CsvReader(std::istream& in) : in_(in) {}

bool CsvReader::next(std::vector<std::string>& fields, std::vector<std::uint32_t>& columns, std::uint64_t& line) {
  fields.clear();
  columns.clear();
  if (!std::getline(in_, buffer_)) return false;
  line = ++line_;
  std::string field;
  std::uint32_t column = 1;
  std::size_t i = 0;
  bool quoted = false, field_started = false;
  std::uint32_t field_column = 1;
  while (true) {
    if (i >= buffer_.size()) {
      if (quoted) {  // a newline inside quotes: the record goes on
        field += '\n';
        if (!std::getline(in_, buffer_)) break;
        ++line_;
        i = 0;
        column = 1;
        continue;
      }
      break;
    }
    char c = buffer_[i++];
    ++column;
    if (quoted) {
      if (c == '"') {
        if (i < buffer_.size() && buffer_[i] == '"') {
          field += '"';
          ++i;
          ++column;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c == ',') {
      fields.push_back(std::move(field));
      columns.push_back(field_column);
      field.clear();
      field_started = false;
      field_column = column;
    } else if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == '\r' && i == buffer_.size()) {
      // CRLF line ending
    } else {
      field += c;
      field_started = true;
    }
  }
  fields.push_back(std::move(field));
  columns.push_back(field_column);
  return true;
}

BatchScorer::BatchScorer(std::shared_ptr<const Model> model, const Registry& registry, BatchFormat format,
                         std::ostream& out, std::function<void(const Diagnostic&)> report)
    : model_(std::move(model)), registry_(registry), format_(format), out_(out), report_(std::move(report)) {}

void BatchScorer::emit_header() {
  if (header_written_ || format_ != BatchFormat::csv) return;
  header_written_ = true;
  out_ << "subject,percent,level";
  for (std::size_t g : model_->group_order) out_ << ',' << csv_field(model_->groups[g].id + ".percent") << ','
                                                  << csv_field(model_->groups[g].id + ".level");
  out_ << '\n';
}

void BatchScorer::write(const Result& r) {
  if (format_ == BatchFormat::jsonl) {
    out_ << to_json(r).dump() << '\n';
    return;
  }
  emit_header();
  const Model& m = *model_;
  auto level = [&](std::size_t l) { return l == npos ? std::string() : m.levels[l].id; };
  auto percent = [](const NodeResult& n) {
    std::string s;
    if (n.scored) append_tenths(s, n.percent);
    return s;
  };
  out_ << csv_field(r.subject) << ',' << percent(r.overall) << ',' << level(r.overall.level);
  for (const auto& g : r.groups) out_ << ',' << percent(g) << ',' << level(g.level);
  out_ << '\n';
}

void BatchScorer::report_errors(const Diagnostics& diagnostics) {
  for (const auto& d : diagnostics.items())
    if (d.severity == Severity::error) report_(d);
}

void BatchScorer::add_assessment(const Assessment& a) {
  AssessOptions options;
  options.insights = format_ == BatchFormat::jsonl;
  auto outcome = assess(model_, a, registry_, options);
  if (!outcome.ok()) {
    report_errors(outcome.diagnostics);
    ++stats_.skipped;
    return;
  }
  write(*outcome.result);
  ++stats_.scored;
  if (progress_ && (stats_.scored & 1023) == 0) progress_(stats_);
}

void BatchScorer::add_csv(std::istream& in, const std::string& name) {
  if (format_ == BatchFormat::csv && add_csv_parallel(in, name)) return;
  add_csv_rows(in, name);
}

bool BatchScorer::add_csv_parallel(std::istream& in, const std::string& name) {
  const LevelRule* rule = registry_.rules().find(model_->scoring.rule);
  if (!rule) return false;  // the engine reports it, row by row
  unsigned threads = threads_ ? threads_ : std::max(1u, std::thread::hardware_concurrency());
  detail::CsvBatch batch(*model_, *rule, registry_.rules().owner(model_->scoring.rule), name, threads);
  // The header: read until its record is complete.
  std::string data;
  std::uint32_t header_lines = 1;
  bool complete = false;
  std::size_t header = 0;
  while (true) {
    std::size_t old = data.size();
    data.resize(old + 65536);
    in.read(data.data() + old, 65536);
    data.resize(old + static_cast<std::size_t>(in.gcount()));
    header = detail::CsvBatch::header_length(data, header_lines, complete);
    if (complete || !in) break;
  }
  if (data.empty()) {
    report_(Diagnostic{Severity::error, name, SourcePos{1, 1},
                       "the CSV file is empty; it needs a header: subject, then one column per question id"});
    return true;
  }
  if (!batch.read_header(std::string_view(data).substr(0, header), header_lines, report_)) return true;
  batch.score(in, data.substr(header), [&](const std::string& rows, const std::vector<Diagnostic>& problems,
                                           const BatchStats& stats) {
    for (const auto& d : problems) report_(d);
    if (!rows.empty()) {
      emit_header();
      out_.write(rows.data(), static_cast<std::streamsize>(rows.size()));
    }
    stats_.scored += stats.scored;
    stats_.skipped += stats.skipped;
    if (progress_) progress_(stats_);
  });
  return true;
}

void BatchScorer::add_csv_rows(std::istream& in, const std::string& name) {
  auto file = std::make_shared<const std::string>(name);
  auto error = [&](std::uint64_t line, std::uint32_t column, std::string message) {
    report_(Diagnostic{Severity::error, name, SourcePos{static_cast<std::uint32_t>(line), column}, std::move(message)});
  };
  CsvReader reader(in);
  std::vector<std::string> fields;
  std::vector<std::uint32_t> columns;
  std::uint64_t line = 0;
  if (!reader.next(fields, columns, line)) {
    error(1, 1, "the CSV file is empty; it needs a header: subject, then one column per question id");
    return;
  }
  // The header: subject, optional respondent/unit/date, then question ids.
  std::size_t subject = npos, respondent = npos, unit = npos, date = npos;
  std::vector<std::size_t> question(fields.size(), npos);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string& h = fields[i];
    if (h == "subject") subject = i;
    else if (h == "respondent") respondent = i;
    else if (h == "unit") unit = i;
    else if (h == "date") date = i;
    else if ((question[i] = model_->find_question(h)) == npos)
      error(line, columns[i], fmt::format("column '{}' is neither subject, respondent, unit, date nor a question of "
                                          "model '{}'",
                                          h, model_->id));
  }
  if (subject == npos) {
    error(line, 1, "the CSV header has no 'subject' column");
    return;
  }
  const std::size_t width = fields.size();

  Assessment current;
  std::uint64_t rows_in_current = 0;
  auto flush = [&] {
    if (!current.respondents.empty()) add_assessment(current);
    current.respondents.clear();
    rows_in_current = 0;
  };
  while (reader.next(fields, columns, line)) {
    if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line
    if (fields.size() != width) {
      error(line, 1, fmt::format("the row has {} fields; the header has {}", fields.size(), width));
      ++stats_.skipped;
      continue;
    }
    Respondent r;
    r.id = respondent != npos ? fields[respondent] : "row" + std::to_string(line);
    if (unit != npos) r.unit = fields[unit];
    r.answers.reserve(width);
    for (std::size_t i = 0; i < width; ++i) {
      if (question[i] == npos || fields[i].empty()) continue;
      const Question& q = model_->questions[question[i]];
      Answer a = detail::answer_from_cell(fields[i], q, model_->scales[q.scale]);
      a.loc = Location{file, SourcePos{static_cast<std::uint32_t>(line), columns[i]}};
      a.key_loc = a.loc;
      r.answers.push_back(std::move(a));
    }
    Assessment row;
    row.model = model_->id;
    row.respondents.push_back(r);
    Diagnostics problems;
    check_assessment(row, *model_, problems);
    if (problems.has_errors()) {
      report_errors(problems);
      ++stats_.skipped;
      continue;
    }
    const std::string& s = fields[subject];
    if (rows_in_current >= max_respondents && s == current.subject) {
      error(line, 1, detail::too_many_rows(s));
      ++stats_.skipped;
      continue;
    }
    if (rows_in_current > 0 && s != current.subject) flush();
    if (rows_in_current == 0) {
      current.model = model_->id;
      current.subject = s;
      current.date = date != npos ? fields[date] : std::string();
      current.file = file;
    }
    current.respondents.push_back(std::move(r));
    ++rows_in_current;
  }
  flush();
}

void BatchScorer::add_jsonl(std::istream& in, const std::string& name) {
  std::string text;
  std::uint64_t line = 0;
  while (std::getline(in, text)) {
    ++line;
    if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto a = parse_assessment(text, name, InputFormat::json);
    if (!a.ok()) {
      for (const auto& d : a.diagnostics.items())
        if (d.severity == Severity::error) {
          Diagnostic moved = d;
          moved.pos.line = static_cast<std::uint32_t>(line);  // each line is its own document
          report_(moved);
        }
      ++stats_.skipped;
      continue;
    }
    for (auto& r : a.value->respondents)
      for (auto& answer : r.answers) answer.loc.pos.line = answer.key_loc.pos.line = static_cast<std::uint32_t>(line);
    a.value->model_loc.pos.line = static_cast<std::uint32_t>(line);
    add_assessment(*a.value);
  }
}

void BatchScorer::add_path(const fs::path& input) {
  std::error_code ec;
  if (fs::is_directory(input, ec)) {
    std::vector<fs::path> files;
    for (fs::directory_iterator it(input, ec), end; !ec && it != end; it.increment(ec)) {
      auto ext = it->path().extension();
      if (ext == ".toml" || ext == ".json" || ext == ".jsonl" || ext == ".csv") files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) add_path(f);
    return;
  }
  auto ext = input.extension();
  if (ext == ".csv" || ext == ".jsonl") {
    std::ifstream in(input, std::ios::binary);
    if (!in) {
      report_(Diagnostic{Severity::error, input.string(), {}, "cannot open"});
      ++stats_.skipped;
      return;
    }
    if (ext == ".csv") add_csv(in, input.string());
    else add_jsonl(in, input.string());
    return;
  }
  auto a = load_assessment(input);
  if (!a.ok()) {
    report_errors(a.diagnostics);
    ++stats_.skipped;
    return;
  }
  add_assessment(*a.value);
}

}  // namespace mmf
