// The fast path of `mmf batch` for wide CSV in, CSV out: the input is read in
// blocks, cut only where one subject's rows end, and the blocks are parsed,
// bound and scored on every core, then written back in input order. Answers
// are bound by column (the header is read once) and scored through the
// engine's ScoringPlan and score_bound() (the one guarded rule call), so a
// row costs no lookups by id and no allocation. Records are split by
// csv_record.h's field_end(), messages are csv_layout.h's row messages and
// rows are written by BatchRowWriter: the row path (batch.cpp) shares each,
// and tests/unit/test_batch.cpp compares the two.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <span>
#include <thread>

#include "batch/batch_csv.h"
#include "csv/csv_layout.h"
#include "csv/csv_record.h"
#include "mmf/load.h"
#include "render/render_csv.h"
#include "engine/scoring.h"

namespace mmf::detail {
namespace {

// Option ids of up to eight bytes compare as one integer.
std::uint64_t short_code(std::string_view s) {
  std::uint64_t code = 0;
  for (std::size_t i = 0; i < s.size(); ++i) code |= std::uint64_t{static_cast<unsigned char>(s[i])} << (8 * i);
  return code;
}

}  // namespace

struct CsvBatch::Column {
  std::size_t index = 0;  // in the layout
  std::size_t question = npos;
  const Scale* scale = nullptr;
  struct Option {
    std::uint64_t code;
    std::size_t length;
    std::size_t index;
    double value;
    bool not_applicable;
  };
  std::vector<Option> options;  // the scale's options with short ids
  bool all_short = true;        // every option id fits a code
  bool coded = false;           // a discrete scale whose ids are all shorter than eight bytes
  bool subject = false;         // the subject column

  // The option whose id is `f` exactly, found by its code; npos: ask the layout.
  std::size_t find(std::string_view f) const {
    if (f.size() > 8) return npos;
    std::uint64_t code = short_code(f);
    for (const Option& o : options)
      if (o.code == code && o.length == f.size()) return o.index;
    return npos;
  }
};

// A field bound to its question: a value or not applicable.
struct CsvBatch::Cell : BoundCell {};

struct CsvBatch::Context {
  Record record;
  std::vector<Cell> cells;  // sized to the header's width; the first cell_count hold this row's
  std::size_t cell_count = 0;
  std::vector<Cell> first;  // the first row of the current subject, kept aside (swapped with cells)
  std::size_t first_count = 0;
  bool collected = false;   // work.collected holds answers (reset after scoring)
  ScoringPlan::Work work;
  std::vector<BatchRowWriter::Node> nodes;  // the row to write: the root, then each group in group order
  std::string subject;
};

struct CsvBatch::Job {
  std::string input;
  bool capped = false;         // rows of capped_subject at the start are over max_respondents
  std::string capped_subject;
  std::uint64_t lines = 0;  // lines the input spans; problems count lines from 0 until written
  std::uint64_t rows = 0;   // records it holds, blank ones included
  std::string output;
  std::vector<Diagnostic> problems;
  std::vector<std::uint64_t> problem_rows;  // the record of each problem, counted from 0 (npos: not a row's)
  // Each run of one subject's rows, when subjects are remembered: its
  // subject's hash and its first line (from 0).
  std::vector<std::pair<std::uint64_t, std::uint64_t>> runs;
  // Otherwise the order of the runs' subjects within the job, and the first
  // and last run's subjects, to check the order across jobs.
  SubjectOrder order;
  bool any_run = false;
  std::string first_subject, last_subject;
  std::uint64_t first_run = 0;
  BatchStats stats;
  bool done = false;

  // A problem with the job's record `row` at `line` (both from 0), worded
  // as row_error() words it when the job is written.
  void row_problem(std::uint64_t line, std::uint32_t column, std::uint64_t row, std::string message) {
    problems.push_back(Diagnostic{Severity::error, {}, SourcePos{static_cast<std::uint32_t>(line), column},
                                  std::move(message)});
    problem_rows.push_back(row);
  }
  // A problem that is no row's (the rule failed).
  void problem(Diagnostic d) {
    problems.push_back(std::move(d));
    problem_rows.push_back(npos);
  }
};

CsvBatch::CsvBatch(const CsvLayout& layout, BoundRule rule, std::string file, unsigned threads,
                   std::uint64_t first_line, std::uint64_t first_row)
    : layout_(layout),
      model_(layout.model()),
      rule_(std::move(rule)),
      file_(std::move(file)),
      threads_(std::max(threads, 1u)),
      plan_(std::make_unique<ScoringPlan>(model_)),
      writer_(model_),
      subject_(layout.subject),
      delimiter_(layout.dialect.delimiter),
      first_line_(first_line),
      first_row_(first_row) {
  columns_.assign(layout.columns.size(), Column{});
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    Column& col = columns_[i];
    col.index = i;
    col.subject = i == subject_;
    if (layout.columns[i].role != CsvColumn::Role::question) continue;
    col.question = layout.columns[i].question;
    col.scale = &model_.scales[model_.questions[col.question].scale];
    for (std::size_t o = 0; o < col.scale->options.size(); ++o) {
      std::string_view id = col.scale->options[o].id;
      if (id.size() <= 8)
        col.options.push_back(Column::Option{short_code(id), id.size(), o, col.scale->options[o].value,
                                             col.scale->options[o].not_applicable});
      else col.all_short = false;
    }
    col.coded = col.scale->kind == Scale::Kind::discrete && col.all_short &&
                std::all_of(col.options.begin(), col.options.end(), [](const auto& o) { return o.length < 8; });
  }
}

CsvBatch::~CsvBatch() = default;

// Binds one non-empty field: its option found by code (the common case), else
// as the layout reads any cell.
CsvBatch::Bound CsvBatch::bind_field(const Column& col, std::string_view f, Cell& cell) const {
  if (col.scale->kind == Scale::Kind::discrete) {
    if (std::size_t o = col.find(f); o != npos) {
      const ScaleOption& option = col.scale->options[o];
      cell = Cell{{col.question, option.not_applicable, option.value, o}};
      return Bound::cell;
    }
  } else {
    double number = 0;
    auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), number);
    if (ec == std::errc() && end == f.data() + f.size() && std::isfinite(number) && number >= col.scale->min &&
        number <= col.scale->max) {
      cell = Cell{{col.question, false, number, npos}};
      return Bound::cell;
    }
  }
  const CellMatch m = layout_.match(col.index, f);
  switch (m.kind) {
    case CellMatch::Kind::empty: return Bound::none;
    case CellMatch::Kind::invalid: return Bound::invalid;
    case CellMatch::Kind::not_applicable: cell = Cell{{col.question, true, 0, m.option}}; return Bound::cell;
    case CellMatch::Kind::value: cell = Cell{{col.question, false, m.value, m.option}}; return Bound::cell;
  }
  return Bound::invalid;
}

// Binds the record's answers into ctx.cells; false when one is invalid. With
// `job`, each invalid answer is reported there (as record `row`), as the row
// path reports it.
bool CsvBatch::bind(Context& ctx, std::uint64_t line, std::uint64_t row, Job* job) const {
  ctx.cell_count = 0;
  if (ctx.cells.size() < columns_.size()) ctx.cells.resize(columns_.size());
  bool ok = true;
  const Record& r = ctx.record;
  if (const std::size_t i = oversize_cell(r); i != npos) {
    if (job) job->row_problem(line, r.columns[i], row, layout_.cell_too_long(i, r.fields[i].size()));
    return false;
  }
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const Column& col = columns_[i];
    std::string_view f = r.fields[i];
    if (col.question == npos || f.empty()) continue;
    Bound bound = bind_field(col, f, ctx.cells[ctx.cell_count]);
    if (bound == Bound::cell) ++ctx.cell_count;
    if (bound != Bound::invalid) continue;
    ok = false;
    if (!job) return false;
    job->row_problem(line, r.columns[i], row, layout_.mismatch(i, f));
  }
  return ok;
}

// The common record, split by parse_record()'s own field_end() and bound as
// it goes: one line, no quotes, no CR, the header's width, every answer
// valid. Anything else returns false, and the caller reads the record again
// with parse_record() and bind(), which handle (and report) everything. On
// success `p` is past the record.
bool CsvBatch::fast_record(const char*& p, const char* end, Context& ctx, std::string_view& subject) const {
  const std::size_t n = columns_.size();
  if (ctx.cells.size() < n) ctx.cells.resize(n);
  Cell* cells = ctx.cells.data();
  std::size_t count = 0;
  const char* f = p;
  const char* const limit = end - 8;  // the last place eight bytes can be read from
  const Column* col = columns_.data();
  const Column* const last = col + n - 1;
  const char delimiter = delimiter_;  // a local: stores to cells cannot alias it, so it stays in a register
  for (;; ++col) {
    if (f > limit || *f == '"') return false;  // eight bytes readable: an option's code is one load
    const char* const stop = field_end(f, end, delimiter);
    if (stop == end) return false;
    const auto len = static_cast<std::size_t>(stop - f);
    if (*stop != (col == last ? '\n' : delimiter)) return false;
    if (col->coded) {
      if (len > 0) {
        if (len >= 8) return false;
        const std::uint64_t code = swar::load8(f) & ((std::uint64_t{1} << (8 * len)) - 1);
        const Column::Option* o = col->options.data();
        const Column::Option* const none = o + col->options.size();
        while (o != none && o->code != code) ++o;
        if (o == none) return false;
        cells[count++] = Cell{{col->question, o->not_applicable, o->value, o->index}};
      }
    } else if (col->question != npos) {
      if (len > 0) {
        const Bound bound = bind_field(*col, std::string_view(f, len), cells[count]);
        if (bound == Bound::invalid) return false;
        if (bound == Bound::cell) ++count;
      }
    } else if (col->subject) {
      subject = trim_cell(std::string_view(f, len));
    }
    f += len + 1;
    if (col == last) break;
  }
  if (f - 2 >= p && f[-2] == '\r') return false;  // a CRLF line: the general path drops the CR
  // A record that could hold a cell over the limit: the general path refuses it.
  if (static_cast<std::size_t>(f - p) > max_string_bytes) return false;
  ctx.cell_count = count;
  p = f;
  return true;
}

std::size_t CsvBatch::find_cut(std::string_view data, Context& ctx, bool& overflow) const {
  const char* base = data.data();
  overflow = false;
  std::size_t run_rows = 0;   // valid rows of the last subject seen so far, walking back
  std::size_t last_end = 0;   // the end of the last complete record
  // Walks back over the last subject's rows (rows the batch skips do not
  // part a subject's rows) to the end of the previous subject's last row:
  // examine() gets the complete records last first, and returns that end.
  bool have_subject = false;
  auto examine = [&](std::size_t begin, std::size_t finish) -> std::size_t {
    parse_record(base + begin, base + finish, ctx.record, delimiter_);
    if (ctx.record.blank() || ctx.record.fields.size() != columns_.size() || !bind(ctx, 0, 0, nullptr)) return npos;
    std::string_view s = trim_cell(ctx.record.fields[subject_]);
    if (!have_subject) {
      ctx.subject.assign(s);
      have_subject = true;
      last_end = finish;
      run_rows = 1;
      return npos;
    }
    if (s != ctx.subject) return finish;
    // One subject over the limit: cut anyway; the rest of its rows are refused.
    if (++run_rows > max_respondents) {
      overflow = true;
      return last_end;
    }
    return npos;
  };
  if (std::memchr(base, '"', data.size())) {  // newlines may sit inside quotes: parse from the start
    std::vector<std::pair<std::size_t, std::size_t>> records;
    const char* p = base;
    const char* end = base + data.size();
    while (p < end) {
      Parsed parsed = parse_record(p, end, ctx.record, delimiter_);
      if (!parsed.complete) break;
      records.emplace_back(p - base, parsed.next - base);
      p = parsed.next;
    }
    for (auto r = records.rbegin(); r != records.rend(); ++r)
      if (std::size_t cut = examine(r->first, r->second); cut != npos) return cut;
    return npos;
  }
  // Without quotes every newline ends a record: find them backwards.
  const void* nl = memrchr(base, '\n', data.size());
  while (nl) {
    auto finish = static_cast<std::size_t>(static_cast<const char*>(nl) - base) + 1;
    const void* previous = finish > 1 ? memrchr(base, '\n', finish - 1) : nullptr;
    std::size_t begin = previous ? static_cast<std::size_t>(static_cast<const char*>(previous) - base) + 1 : 0;
    if (std::size_t cut = examine(begin, finish); cut != npos) return cut;
    nl = previous;
  }
  return npos;
}

void CsvBatch::collect(Context& ctx, const std::vector<Cell>& cells, std::size_t count) const {
  for (const Cell& c : std::span(cells.data(), count)) {
    Collected& collected = ctx.work.collected[c.question];
    if (c.not_applicable) collected.add_not_applicable(c.option);
    else collected.add_value(c.value, c.option);
  }
  ctx.collected = true;
}

void CsvBatch::flush(Context& ctx, std::size_t rows, Job& job) const {
  if (rows == 0) return;
  ScoringPlan::Work& work = ctx.work;
  auto ascending = [&] {
    for (std::size_t i = 1; i < ctx.first_count; ++i)
      if (ctx.first[i].question <= ctx.first[i - 1].question) return false;
    return true;
  };
  if (rows == 1 && ascending()) {
    plan_->score_one(ctx.first.data(), ctx.first_count, work);
  } else {
    if (rows == 1) collect(ctx, ctx.first, ctx.first_count);
    plan_->score(work, RespondentAggregation::mean);
  }
  std::optional<Diagnostic> failed = score_bound(rule_, model_, work.state);
  if (ctx.collected) {
    plan_->reset(work);
    ctx.collected = false;
  }
  if (failed) {
    job.problem(std::move(*failed));
    ++job.stats.skipped;
    return;
  }
  std::vector<BatchRowWriter::Node>& nodes = ctx.nodes;
  nodes.clear();
  auto node = [](const NodeScore& n) { return BatchRowWriter::Node{n.scored, n.percent(), n.level}; };
  nodes.push_back(node(work.state.root()));
  for (std::size_t g : model_.group_order) nodes.push_back(node(work.state.nodes[g]));
  writer_.append(job.output, ctx.subject, nodes);
  ++job.stats.scored;
}

void CsvBatch::run(Job& job, Context& ctx, bool remember) const {
  const char* p = job.input.data();
  const char* end = p + job.input.size();
  std::uint64_t line = 0, row = 0;
  std::size_t rows = 0;
  bool capped = job.capped;
  job.output.reserve(job.input.size() + job.input.size() / 4);
  plan_->reset(ctx.work);
  while (p < end) {
    const std::uint64_t at = line, record = row++;
    std::string_view s;
    if (fast_record(p, end, ctx, s)) {
      ++line;
    } else {
      Parsed parsed = parse_record(p, end, ctx.record, delimiter_);
      p = parsed.next;
      line += ctx.record.lines;
      if (ctx.record.blank()) continue;
      if (ctx.record.fields.size() != columns_.size()) {
        job.row_problem(at, 1, record, row_width_mismatch(ctx.record.fields.size(), columns_.size()));
        ++job.stats.skipped;
        continue;
      }
      if (!bind(ctx, at, record, &job)) {
        ++job.stats.skipped;
        continue;
      }
      s = trim_cell(ctx.record.fields[subject_]);
    }
    if (capped) {
      if (s == job.capped_subject) {
        job.row_problem(at, 1, record, too_many_rows(s));
        ++job.stats.skipped;
        continue;
      }
      capped = false;
    }
    if (rows > 0 && s != ctx.subject) {
      flush(ctx, rows, job);
      rows = 0;
    }
    if (rows >= max_respondents) {
      job.row_problem(at, 1, record, too_many_rows(s));
      ++job.stats.skipped;
      continue;
    }
    if (rows == 0) {  // keep the row aside: most subjects have one, scored without collecting
      if (remember) {
        job.runs.emplace_back(SeenSubjects::hash(s), at);
      } else if (job.any_run) {
        job.order.step(ctx.subject, s, at);
      } else {
        job.any_run = true;
        job.first_subject.assign(s);
        job.first_run = at;
      }
      ctx.subject.assign(s);
      std::swap(ctx.cells, ctx.first);
      ctx.first_count = ctx.cell_count;
    } else {
      if (rows == 1) collect(ctx, ctx.first, ctx.first_count);
      collect(ctx, ctx.cells, ctx.cell_count);
    }
    ++rows;
  }
  flush(ctx, rows, job);
  if (job.any_run) job.last_subject = ctx.subject;
  job.lines = line;
  job.rows = row;
}

CsvBatch::Stop CsvBatch::score(std::istream& in, std::string pending, bool remember, const Sink& sink) {
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
          run(*job, ctx, remember);
          lock.lock();
          job->done = true;
          job_done.notify_all();
        }
      });
  Context main_ctx;
  const std::size_t max_inflight = threads_ * 2;
  bool capped = false;               // the last job cut a subject at max_respondents rows
  std::string capped_subject;
  std::uint64_t line = first_line_;  // the line the next job to write starts on
  std::uint64_t row = first_row_;    // and its first record
  SeenSubjects seen;
  SubjectOrder order;              // across the jobs delivered, lines counted from the file's start
  std::string last_subject;        // the last run's, of the jobs delivered
  bool any_run = false;
  Stop why = Stop::none;
  bool apart = false;              // stopped: drop what is in flight
  // Passes a job on in input order; false when it stops there.
  auto deliver = [&](Job& job) {
    std::uint64_t stop = npos;  // the line (from the job's start) where reading stops
    for (const auto& [hash, at] : job.runs)
      if (!seen.insert_hash(hash)) {
        stop = at;
        why = Stop::apart;
        break;
      }
    if (!remember && job.any_run) {
      if (any_run) order.step(last_subject, job.first_subject, line + job.first_run);
      if (order.byte_break == npos && job.order.byte_break != npos) order.byte_break = line + job.order.byte_break;
      if (order.natural_break == npos && job.order.natural_break != npos)
        order.natural_break = line + job.order.natural_break;
      any_run = true;
      last_subject = job.last_subject;
      if (order.broken()) {
        stop = order.broken_at() - line;
        why = Stop::unordered;
      }
    }
    std::vector<Diagnostic> problems;
    for (std::size_t i = 0; i < job.problems.size(); ++i) {
      Diagnostic& d = job.problems[i];
      if (job.problem_rows[i] == npos) {
        if (stop == npos) problems.push_back(std::move(d));
        continue;
      }
      if (d.pos.line >= stop) continue;
      problems.push_back(row_error(file_, line + d.pos.line, d.pos.column, row + job.problem_rows[i], d.message));
    }
    if (stop != npos) {
      sink(std::string(), problems, BatchStats{});
      reported_through_ = line + stop - 1;
      apart = true;
      return false;
    }
    line += job.lines;
    row += job.rows;
    sink(job.output, problems, job.stats);
    return true;
  };
  auto write_done = [&](bool all) {
    std::unique_lock lock(mutex);
    while (!inflight.empty() && (all || apart || inflight.size() >= max_inflight || inflight.front()->done)) {
      job_done.wait(lock, [&] { return inflight.front()->done; });
      std::unique_ptr<Job> job = std::move(inflight.front());
      inflight.pop_front();
      if (apart) continue;  // wait for the jobs in flight, and drop them
      lock.unlock();
      deliver(*job);
      lock.lock();
    }
  };

  bool eof = false;
  auto fill = [&](std::size_t want) {
    std::size_t old = pending.size();
    pending.resize(old + want);
    in.read(pending.data() + old, static_cast<std::streamsize>(want));
    pending.resize(old + static_cast<std::size_t>(in.gcount()));
    if (static_cast<std::size_t>(in.gcount()) < want) eof = true;
  };
  while (!apart) {
    if (!eof && pending.size() < csv_block_bytes) fill(csv_block_bytes - pending.size());
    if (pending.empty()) break;
    bool overflow = false;
    std::size_t cut = eof ? pending.size() : find_cut(pending, main_ctx, overflow);
    if (cut == npos) {  // one subject's rows fill the block: read on
      fill(std::max(pending.size(), csv_block_bytes));
      continue;
    }
    auto job = std::make_unique<Job>();
    job->capped = capped;
    job->capped_subject = std::move(capped_subject);
    capped = overflow;
    capped_subject = overflow ? main_ctx.subject : std::string();
    job->input = std::move(pending);
    pending.assign(job->input, cut, std::string::npos);
    job->input.resize(cut);
    if (threads_ == 1) {
      run(*job, main_ctx, remember);
      deliver(*job);
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
  return why;
}

}  // namespace mmf::detail
