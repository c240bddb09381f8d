// The fast path of `mmf batch` for wide CSV in, CSV out: the input is read in
// blocks, cut only where one subject's rows end, and the blocks are parsed,
// bound and scored on every core, then written back in input order. Answers
// are bound by column (the header is read once) and scored through a
// ScoringPlan, so a row costs no lookups by id and no allocation; messages
// and results are the same as the engine's (tests/test_batch.cpp compares).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "answer_binding.h"
#include "batch_csv.h"
#include "mmf/render.h"
#include "mmf/compare.h"
#include "scoring.h"

namespace mmf::detail {
namespace {

constexpr std::size_t block_bytes = std::size_t{1} << 20;

// One CSV record. Fields are views into the block, or into `unquoted` for
// fields that had quotes (a deque: its strings never move).
struct Record {
  std::vector<std::string_view> fields;
  std::vector<std::uint32_t> columns;
  std::deque<std::string> unquoted;
  std::size_t used = 0;
  std::uint32_t lines = 1;  // physical lines the record spans

  bool blank() const { return fields.size() == 1 && fields[0].empty(); }
  std::string& scratch() {
    if (used == unquoted.size()) unquoted.emplace_back();
    std::string& s = unquoted[used++];
    s.clear();
    return s;
  }
};

struct Parsed {
  const char* next;  // just past the record's newline, or `end`
  bool complete;     // ended by a newline outside quotes
};

// Parses the record at `p` with the dialect of CsvReader: a quote opens a
// quoted field only as its first character; "" inside quotes is a quote;
// characters after the closing quote join the field; a CR before the newline
// is dropped.
Parsed parse_record(const char* p, const char* end, Record& r) {
  r.fields.clear();
  r.columns.clear();
  r.used = 0;
  r.lines = 1;
  const char* line_start = p;
  while (true) {
    const auto column = static_cast<std::uint32_t>(p - line_start + 1);
    if (p < end && *p == '"') {
      std::string& s = r.scratch();
      ++p;
      while (p < end) {
        char c = *p++;
        if (c == '"') {
          if (p < end && *p == '"') {
            s += '"';
            ++p;
          } else {
            break;
          }
        } else {
          if (c == '\n') {
            ++r.lines;
            line_start = p;
          }
          s += c;
        }
      }
      while (p < end && *p != ',' && *p != '\n') s += *p++;
      if (!s.empty() && s.back() == '\r' && (p == end || *p == '\n')) s.pop_back();
      r.fields.emplace_back(s);
    } else {
      const char* start = p;
      while (p < end && *p != ',' && *p != '\n') ++p;
      const char* stop = p;
      if (stop > start && stop[-1] == '\r' && (p == end || *p == '\n')) --stop;
      r.fields.emplace_back(start, static_cast<std::size_t>(stop - start));
    }
    r.columns.push_back(column);
    if (p == end) return {p, false};
    if (*p++ == '\n') return {p, true};
  }
}

// A field bound to its question: a value or not applicable.
struct Cell {
  std::size_t question;
  bool not_applicable;
  double value;
  std::size_t option;
};

}  // namespace

struct CsvBatch::Column {
  std::size_t question = npos;
  const Scale* scale = nullptr;
};

struct CsvBatch::Context {
  Record record;
  std::vector<Cell> cells;
  ScoringPlan::Work work;
  std::string subject;
};

struct CsvBatch::Job {
  std::string input;
  std::uint64_t first_line = 0;
  std::string output;
  std::vector<Diagnostic> problems;
  BatchStats stats;
  bool done = false;
};

CsvBatch::CsvBatch(const Model& model, const LevelRule& rule, std::string rule_owner, std::string file,
                   unsigned threads)
    : model_(model),
      rule_(rule),
      rule_owner_(std::move(rule_owner)),
      file_(std::move(file)),
      threads_(std::max(threads, 1u)),
      plan_(std::make_unique<ScoringPlan>(model)) {}

CsvBatch::~CsvBatch() = default;

bool CsvBatch::read_header(std::string_view header_line, std::uint32_t header_lines,
                           const std::function<void(const Diagnostic&)>& report) {
  Record r;
  parse_record(header_line.data(), header_line.data() + header_line.size(), r);
  first_line_ = 1 + header_lines;
  columns_.assign(r.fields.size(), Column{});
  for (std::size_t i = 0; i < r.fields.size(); ++i) {
    std::string_view h = r.fields[i];
    if (h == "subject") subject_ = i;
    else if (h == "respondent" || h == "unit" || h == "date") continue;
    else if ((columns_[i].question = model_.find_question(h)) == npos)
      report(Diagnostic{Severity::error, file_, SourcePos{1, r.columns[i]},
                        fmt::format("column '{}' is neither subject, respondent, unit, date nor a question of model '{}'",
                                    h, model_.id)});
    else
      columns_[i].scale = &model_.scales[model_.questions[columns_[i].question].scale];
  }
  if (subject_ == npos) {
    report(Diagnostic{Severity::error, file_, SourcePos{1, 1}, "the CSV header has no 'subject' column"});
    return false;
  }
  return true;
}

// Binds the record's answers into ctx.cells; false when one is invalid. With
// `problems`, each invalid answer is reported there, as check_assessment would.
bool CsvBatch::bind(Context& ctx, std::uint64_t line, std::vector<Diagnostic>* problems) const {
  ctx.cells.clear();
  bool ok = true;
  const Record& r = ctx.record;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const Column& col = columns_[i];
    std::string_view f = r.fields[i];
    if (col.question == npos || f.empty()) continue;
    const Scale& scale = *col.scale;
    if (scale.kind == Scale::Kind::discrete) {
      std::size_t o = scale.find_option(f);
      if (o != npos) {
        const ScaleOption& option = scale.options[o];
        ctx.cells.push_back(Cell{col.question, option.not_applicable, option.value, o});
        continue;
      }
    } else {
      double number = 0;
      auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), number);
      bool is_number = ec == std::errc() && end == f.data() + f.size();
      if (is_number && std::isfinite(number) && number >= scale.min && number <= scale.max) {
        ctx.cells.push_back(Cell{col.question, false, number, npos});
        continue;
      }
      if (!is_number && scale.allows_not_applicable && f == "na") {
        ctx.cells.push_back(Cell{col.question, true, 0, npos});
        continue;
      }
    }
    ok = false;
    if (!problems) return false;
    // The engine's own message, from the same binding the engine uses.
    Answer a;
    a.question = model_.questions[col.question].id;
    double number = 0;
    auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), number);
    if (scale.kind == Scale::Kind::range && ec == std::errc() && end == f.data() + f.size()) {
      a.kind = Answer::Kind::number;
      a.number = number;
    } else {
      a.kind = Answer::Kind::option;
      a.option = std::string(f);
    }
    auto bound = bind_answer(a, model_.questions[col.question], scale);
    problems->push_back(Diagnostic{Severity::error, file_,
                                   SourcePos{static_cast<std::uint32_t>(line), r.columns[i]}, bound.error});
  }
  return ok;
}

std::size_t CsvBatch::find_cut(std::string_view data, Context& ctx) const {
  // The complete records' bounds.
  std::vector<std::pair<std::size_t, std::size_t>> records;
  const char* base = data.data();
  const char* end = base + data.size();
  if (!std::memchr(base, '"', data.size())) {
    const char* p = base;
    while (const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p))) {
      const char* next = static_cast<const char*>(nl) + 1;
      records.emplace_back(p - base, next - base);
      p = next;
    }
  } else {
    const char* p = base;
    while (p < end) {
      Parsed parsed = parse_record(p, end, ctx.record);
      if (!parsed.complete) break;
      records.emplace_back(p - base, parsed.next - base);
      p = parsed.next;
    }
  }
  // Walk back over the last subject's rows (rows the batch skips do not part
  // a subject's rows) to the end of the previous subject's last row.
  bool have_subject = false;
  for (std::size_t k = records.size(); k-- > 0;) {
    parse_record(base + records[k].first, base + records[k].second, ctx.record);
    if (ctx.record.blank() || ctx.record.fields.size() != columns_.size() || !bind(ctx, 0, nullptr)) continue;
    std::string_view s = ctx.record.fields[subject_];
    if (!have_subject) {
      ctx.subject.assign(s);
      have_subject = true;
    } else if (s != ctx.subject) {
      return records[k].second;
    }
  }
  return npos;
}

Diagnostic CsvBatch::rule_problem(const char* what) const {
  return Diagnostic{Severity::error, model_.rule_loc.file ? *model_.rule_loc.file : std::string(), model_.rule_loc.pos,
                    call_failure(rule_owner_, fmt::format("rule '{}'", model_.scoring.rule), what)};
}

std::size_t CsvBatch::header_length(std::string_view data, std::uint32_t& lines, bool& complete) {
  Record r;
  Parsed parsed = parse_record(data.data(), data.data() + data.size(), r);
  lines = r.lines;
  complete = parsed.complete;
  return static_cast<std::size_t>(parsed.next - data.data());
}

void CsvBatch::flush(Context& ctx, std::size_t rows, Job& job) const {
  if (rows == 0) return;
  ScoringPlan::Work& work = ctx.work;
  plan_->score(work, RespondentAggregation::mean);
  const char* failed = nullptr;
  try {
    rule_.assign(model_, work.state);
  } catch (const std::exception& e) {
    failed = e.what();
    job.problems.push_back(rule_problem(e.what()));
  } catch (...) {
    job.problems.push_back(rule_problem("unknown exception"));
    failed = "";
  }
  if (failed) {
    ++job.stats.skipped;
    plan_->reset(work);
    return;
  }
  std::string& out = job.output;
  auto put = [&](const NodeScore& n) {
    out += ',';
    if (n.scored) fmt::format_to(std::back_inserter(out), "{}", round_to(n.percent(), 1));
    out += ',';
    if (n.level != npos) out += model_.levels[n.level].id;
  };
  out += csv_field(ctx.subject);
  put(work.state.root());
  for (std::size_t g : model_.group_order) put(work.state.nodes[g]);
  out += '\n';
  ++job.stats.scored;
  plan_->reset(work);
}

void CsvBatch::run(Job& job, Context& ctx) const {
  const char* p = job.input.data();
  const char* end = p + job.input.size();
  std::uint64_t line = job.first_line;
  std::size_t rows = 0;
  plan_->reset(ctx.work);
  while (p < end) {
    std::uint64_t at = line;
    Parsed parsed = parse_record(p, end, ctx.record);
    p = parsed.next;
    line += ctx.record.lines;
    if (ctx.record.blank()) continue;
    if (ctx.record.fields.size() != columns_.size()) {
      job.problems.push_back(Diagnostic{Severity::error, file_, SourcePos{static_cast<std::uint32_t>(at), 1},
                                        fmt::format("the row has {} fields; the header has {}",
                                                    ctx.record.fields.size(), columns_.size())});
      ++job.stats.skipped;
      continue;
    }
    if (!bind(ctx, at, &job.problems)) {
      ++job.stats.skipped;
      continue;
    }
    std::string_view s = ctx.record.fields[subject_];
    if (rows > 0 && s != ctx.subject) {
      flush(ctx, rows, job);
      rows = 0;
    }
    if (rows == 0) ctx.subject.assign(s);
    for (const Cell& c : ctx.cells) {
      Collected& collected = ctx.work.collected[c.question];
      if (c.not_applicable) collected.add_not_applicable(c.option);
      else collected.add_value(c.value, c.option);
    }
    ++rows;
  }
  flush(ctx, rows, job);
}

void CsvBatch::score(std::istream& in, std::string pending, const Sink& sink) {
  std::mutex mutex;
  std::condition_variable work_ready, job_done;
  std::deque<std::unique_ptr<Job>> inflight;  // in input order
  std::deque<Job*> todo;
  bool stopping = false;

  std::vector<std::thread> workers;
  if (threads_ > 1)
    for (unsigned t = 0; t < threads_; ++t)
      workers.emplace_back([&] {
        Context ctx;
        std::unique_lock lock(mutex);
        while (true) {
          work_ready.wait(lock, [&] { return stopping || !todo.empty(); });
          if (todo.empty()) return;
          Job* job = todo.front();
          todo.pop_front();
          lock.unlock();
          run(*job, ctx);
          lock.lock();
          job->done = true;
          job_done.notify_all();
        }
      });
  Context main_ctx;
  const std::size_t max_inflight = threads_ * 2;
  auto write_done = [&](bool all) {
    std::unique_lock lock(mutex);
    while (!inflight.empty() && (all || inflight.size() >= max_inflight || inflight.front()->done)) {
      job_done.wait(lock, [&] { return inflight.front()->done; });
      std::unique_ptr<Job> job = std::move(inflight.front());
      inflight.pop_front();
      lock.unlock();
      sink(job->output, job->problems, job->stats);
      lock.lock();
    }
  };

  std::uint64_t line = first_line_;
  bool eof = false;
  auto fill = [&](std::size_t want) {
    std::size_t old = pending.size();
    pending.resize(old + want);
    in.read(pending.data() + old, static_cast<std::streamsize>(want));
    pending.resize(old + static_cast<std::size_t>(in.gcount()));
    if (static_cast<std::size_t>(in.gcount()) < want) eof = true;
  };
  while (true) {
    if (!eof && pending.size() < block_bytes) fill(block_bytes - pending.size());
    if (pending.empty()) break;
    std::size_t cut = eof ? pending.size() : find_cut(pending, main_ctx);
    if (cut == npos) {  // one subject's rows fill the block: read on
      fill(std::max(pending.size(), block_bytes));
      continue;
    }
    auto job = std::make_unique<Job>();
    job->input = std::move(pending);
    pending.assign(job->input, cut, std::string::npos);
    job->input.resize(cut);
    job->first_line = line;
    line += static_cast<std::uint64_t>(std::count(job->input.begin(), job->input.end(), '\n'));
    if (threads_ == 1) {
      run(*job, main_ctx);
      sink(job->output, job->problems, job->stats);
      continue;
    }
    {
      std::lock_guard lock(mutex);
      todo.push_back(job.get());
      inflight.push_back(std::move(job));
    }
    work_ready.notify_one();
    write_done(false);
  }
  write_done(true);
  {
    std::lock_guard lock(mutex);
    stopping = true;
  }
  work_ready.notify_all();
  for (auto& w : workers) w.join();
}

}  // namespace mmf::detail
