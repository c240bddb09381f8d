// Batch scoring: streaming readers for wide CSV and JSON Lines, and writers.
#include "mmf/batch.h"

#include <algorithm>
#include <unordered_map>
#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "mmf/compare.h"
#include "mmf/load.h"
#include "mmf/render.h"
#include "mmf/io.h"
#include "mmf/xlsx_input.h"
#include "check/answer_binding.h"
#include "batch/batch_csv.h"
#include "csv/csv_layout.h"
#include "render/render_csv.h"
#include "engine/scoring.h"

namespace mmf {

namespace fs = std::filesystem;

BatchScorer::BatchScorer(std::shared_ptr<const Model> model, const Registry& registry, BatchFormat format,
                         std::ostream& out, std::function<void(const Diagnostic&)> report)
    : model_(std::move(model)), registry_(registry), format_(format), out_(out), report_(std::move(report)) {}

void BatchScorer::emit_header() {
  if (header_written_ || format_ != BatchFormat::csv) return;
  header_written_ = true;
  out_ << detail::batch_csv_header(*model_);
}

void BatchScorer::write(const Result& r) {
  if (format_ == BatchFormat::jsonl) {
    out_ << render_json_line(r) << '\n';
    return;
  }
  emit_header();
  std::vector<detail::BatchRowWriter::Node> nodes;
  nodes.reserve(r.groups.size() + 1);
  nodes.push_back({r.overall.scored, r.overall.percent, r.overall.level});
  for (const auto& g : r.groups) nodes.push_back({g.scored, g.percent, g.level});
  std::string row;
  detail::BatchRowWriter(*model_).append(row, r.subject, nodes);
  out_ << row;
}

void BatchScorer::report_errors(const Diagnostics& diagnostics) {
  for (const auto& d : diagnostics.items())
    if (d.severity == Severity::error) report_(d);
}

void BatchScorer::add_assessment(const Assessment& a) {
  AssessOptions options;
  options.insights = format_ == BatchFormat::jsonl;
  options.ignore_model_version = ignore_model_version_;
  auto outcome = assess(model_, a, registry_, options);
  if (!outcome.ok()) {
    report_errors(outcome.diagnostics);
    ++stats_.skipped;
    return;
  }
  if (ignore_model_version_ && !a.model_version.empty())  // the one warning a batch passes on: scored across a version
    for (const auto& d : outcome.diagnostics.items())
      if (d.severity == Severity::warning && d.pos.line == a.model_version_loc.pos.line &&
          d.pos.column == a.model_version_loc.pos.column)
        report_(d);
  write(*outcome.result);
  ++stats_.scored;
  if (progress_ && (stats_.scored & 1023) == 0) progress_(stats_);
}

void BatchScorer::report_row(const Diagnostic& d) {
  if (reported_through_ > 0 && d.file == reading_ && d.pos.line <= reported_through_) return;
  report_(d);
}

void BatchScorer::add_csv(std::istream& in, const std::string& name) {
  const std::streampos in_start = in.tellg();
  const std::streampos out_start = out_.tellp();
  const BatchStats stats_before = stats_;
  const bool header_before = header_written_;
  detail::RecordStream records(in);
  detail::CsvLayout layout;
  if (!detail::read_csv_header(records, *model_, csv_, name, true, report_, layout)) {
    ++stats_.skipped;
    return;
  }
  const std::uint64_t data_offset = records.consumed();
  const std::uint64_t first_line = records.next_line(), first_row = records.row() + 1;
  const bool parallel = format_ == BatchFormat::csv && detail::bind_rule(*model_, registry_).rule;
  CsvPass pass = parallel
                     ? add_csv_parallel(in, records.take_buffer(), layout, first_line, first_row, name, CsvWay::ordered)
                     : add_csv_rows(records, layout, name, CsvWay::ordered);
  reading_ = name;
  while (pass != CsvPass::done) {
    // Read the rows again the next way, over what the last reading wrote.
    const bool rewound = in_start != std::streampos(-1) && out_start != std::streampos(-1) && truncate_ &&
                         truncate_(out_start);
    if (!rewound) {
      report_(Diagnostic{Severity::error, name, SourcePos{static_cast<std::uint32_t>(reported_through_ + 1), 1},
                         "the rows are not sorted by subject from here on; mmf then reads the file a second time, "
                         "which this input or output does not allow: sort the rows by subject, or read from a file "
                         "into a file (-o)"});
      ++stats_.skipped;
      break;
    }
    stats_ = stats_before;
    header_written_ = header_before;
    in.clear();
    in.seekg(in_start + static_cast<std::streamoff>(data_offset));
    if (pass == CsvPass::unordered && parallel) {
      pass = add_csv_parallel(in, std::string(), layout, first_line, first_row, name, CsvWay::remembered);
      continue;
    }
    detail::RecordStream again(in, layout.dialect, first_line, first_row - 1);
    pass = add_csv_rows(again, layout, name, pass == CsvPass::unordered ? CsvWay::remembered : CsvWay::grouped);
  }
  reported_through_ = 0;
}

BatchScorer::CsvPass BatchScorer::add_csv_parallel(std::istream& in, std::string pending,
                                                   const detail::CsvLayout& layout, std::uint64_t first_line,
                                                   std::uint64_t first_row, const std::string& name, CsvWay way) {
  unsigned threads = threads_ ? threads_ : std::max(1u, std::thread::hardware_concurrency());
  detail::CsvBatch batch(layout, detail::bind_rule(*model_, registry_), name, threads, first_line, first_row);
  const auto stop = batch.score(in, std::move(pending), way == CsvWay::remembered, [&](const std::string& rows,
                                                             const std::vector<Diagnostic>& problems,
                                                             const BatchStats& stats) {
    for (const auto& d : problems) report_row(d);
    if (!rows.empty()) {
      emit_header();
      out_.write(rows.data(), static_cast<std::streamsize>(rows.size()));
    }
    stats_.scored += stats.scored;
    stats_.skipped += stats.skipped;
    if (progress_) progress_(stats_);
  });
  if (stop == detail::CsvBatch::Stop::none) return CsvPass::done;
  reported_through_ = std::max(reported_through_, batch.reported_through());
  return stop == detail::CsvBatch::Stop::unordered ? CsvPass::unordered : CsvPass::apart;
}

BatchScorer::CsvPass BatchScorer::add_csv_rows(detail::RecordStream& records, const detail::CsvLayout& layout,
                                               const std::string& name, CsvWay way) {
  auto file = std::make_shared<const std::string>(name);
  const std::size_t width = layout.columns.size();
  auto error = [&](std::uint64_t line, std::uint32_t column, std::uint64_t row, std::string_view message) {
    report_row(detail::row_error(name, line, column, row, message));
  };
  const bool grouped = way == CsvWay::grouped;
  detail::SeenSubjects seen;
  detail::SubjectOrder order;
  std::string previous;  // the subject of the last run
  bool any_run = false;
  // Grouped: every subject in order of first appearance, its rows kept
  // compact (two bytes an answer) until the end.
  struct HeldRow {
    std::string id, unit;
    std::uint32_t line = 0;
    std::vector<std::uint16_t> codes;  // per question column: 0 empty, else option + 1, or one of:
    std::vector<double> numbers;       // the numbers of range answers, in column order
  };
  constexpr std::uint16_t number_code = 0xFFFF, not_applicable_code = 0xFFFE;
  struct HeldSubject {
    Assessment head;
    std::vector<HeldRow> rows;
  };
  std::vector<HeldSubject> held;
  std::unordered_map<std::string, std::size_t> subject_index;
  std::vector<std::size_t> question_columns;
  for (std::size_t i = 0; i < width; ++i)
    if (layout.columns[i].role == detail::CsvColumn::Role::question) question_columns.push_back(i);
  // A held row as the respondent it was.
  auto expand = [&](HeldRow& h) {
    Respondent resp;
    resp.id = std::move(h.id);
    resp.unit = std::move(h.unit);
    std::size_t next_number = 0;
    for (std::size_t k = 0; k < question_columns.size(); ++k) {
      const std::uint16_t code = h.codes[k];
      if (code == 0) continue;
      detail::CellMatch m;
      if (code == number_code) {
        m.kind = detail::CellMatch::Kind::value;
        m.value = h.numbers[next_number++];
      } else if (code == not_applicable_code) {
        m.kind = detail::CellMatch::Kind::not_applicable;
      } else {
        m.option = code - 1u;
      }
      Answer a = layout.answer(question_columns[k], {}, m);
      a.loc = a.key_loc = Location{file, SourcePos{h.line, 0}};
      resp.answers.push_back(std::move(a));
    }
    return resp;
  };
  Assessment current;
  auto begin = [&](Assessment& a, std::string subject, const detail::Record& r) {
    a.model = model_->id;
    a.subject = std::move(subject);
    a.date = layout.date != npos ? detail::csv_date(r.fields[layout.date]) : std::string();
    a.file = file;
  };
  auto flush = [&] {
    if (!current.respondents.empty()) add_assessment(current);
    current.respondents.clear();
  };
  detail::Record r;
  while (records.next(r)) {
    if (r.blank()) continue;
    const std::uint64_t line = records.line(), row = records.row();
    if (r.fields.size() != width) {
      error(line, 1, row, detail::row_width_mismatch(r.fields.size(), width));
      ++stats_.skipped;
      continue;
    }
    if (const std::size_t i = detail::oversize_cell(r); i != npos) {
      error(line, r.columns[i], row, layout.cell_too_long(i, r.fields[i].size()));
      ++stats_.skipped;
      continue;
    }
    Respondent resp;
    HeldRow compact;
    if (grouped) compact.codes.assign(question_columns.size(), 0);
    bool bad = false;
    for (std::size_t k = 0; k < question_columns.size(); ++k) {
      const std::size_t i = question_columns[k];
      const detail::CellMatch m = layout.match(i, r.fields[i]);
      if (m.kind == detail::CellMatch::Kind::empty) continue;
      if (m.kind == detail::CellMatch::Kind::invalid) {
        error(line, r.columns[i], row, layout.mismatch(i, r.fields[i]));
        bad = true;
        continue;
      }
      if (grouped) {
        if (m.option != npos) {
          compact.codes[k] = static_cast<std::uint16_t>(m.option + 1);
        } else if (m.kind == detail::CellMatch::Kind::not_applicable) {
          compact.codes[k] = not_applicable_code;
        } else {
          compact.codes[k] = number_code;
          compact.numbers.push_back(m.value);
        }
        continue;
      }
      Answer a = layout.answer(i, r.fields[i], m);
      a.loc = Location{file, SourcePos{static_cast<std::uint32_t>(line), r.columns[i]}};
      a.key_loc = a.loc;
      resp.answers.push_back(std::move(a));
    }
    if (bad) {
      ++stats_.skipped;
      continue;
    }
    std::string respondent = layout.respondent != npos ? detail::text_cell(r.fields[layout.respondent]) : "";
    resp.id = respondent.empty() ? fmt::format("row{}", row) : std::move(respondent);
    if (layout.unit != npos) resp.unit = detail::text_cell(r.fields[layout.unit]);
    std::string subject = detail::text_cell(r.fields[layout.subject]);
    if (grouped) {
      auto [it, fresh] = subject_index.emplace(subject, held.size());
      if (fresh) begin(held.emplace_back().head, subject, r);
      HeldSubject& h = held[it->second];
      if (h.rows.size() >= max_respondents) {
        error(line, 1, row, detail::too_many_rows(subject));
        ++stats_.skipped;
        continue;
      }
      compact.id = std::move(resp.id);
      compact.unit = std::move(resp.unit);
      compact.line = static_cast<std::uint32_t>(line);
      h.rows.push_back(std::move(compact));
      continue;
    }
    if (current.respondents.size() >= max_respondents && subject == current.subject) {
      error(line, 1, row, detail::too_many_rows(subject));
      ++stats_.skipped;
      continue;
    }
    if (!current.respondents.empty() && subject != current.subject) flush();
    if (current.respondents.empty()) {
      if (way == CsvWay::remembered && !seen.insert(subject)) {
        reported_through_ = std::max(reported_through_, line - 1);
        return CsvPass::apart;
      }
      if (way == CsvWay::ordered && any_run) {
        order.step(previous, subject, line);
        if (order.broken()) {
          reported_through_ = std::max(reported_through_, line - 1);
          return CsvPass::unordered;
        }
      }
      previous = subject;
      any_run = true;
      begin(current, std::move(subject), r);
    }
    current.respondents.push_back(std::move(resp));
  }
  for (HeldSubject& h : held) {
    for (HeldRow& row : h.rows) h.head.respondents.push_back(expand(row));
    std::vector<HeldRow>().swap(h.rows);
    add_assessment(h.head);
    h.head = Assessment{};
  }
  flush();
  return CsvPass::done;
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
      const std::string name = it->path().filename().string();
      // Not the lock files Excel ("~$x.xlsx") and LibreOffice (".~lock.x.xlsx#") leave beside an open workbook.
      if (name.rfind("~$", 0) == 0 || name.rfind(".~lock.", 0) == 0) continue;
      if (ext == ".toml" || ext == ".json" || ext == ".jsonl" || ext == ".csv" || ext == ".xlsx")
        files.push_back(it->path());
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
  Loaded<Assessment> a;
  if (ext == ".xlsx") {
    std::string error;
    auto bytes = read_file(input, max_input_bytes, error);
    if (!bytes) {
      report_(Diagnostic{Severity::error, input.string(), {}, error});
      ++stats_.skipped;
      return;
    }
    a = parse_assessment_xlsx(*bytes, input.string(), *model_);
  } else {
    a = load_assessment(input);
  }
  if (!a.ok()) {
    report_errors(a.diagnostics);
    ++stats_.skipped;
    return;
  }
  add_assessment(*a.value);
}

}  // namespace mmf
