// The fast path of `mmf batch` for wide CSV in, CSV out: the input is read in
// blocks, cut only where one subject's rows end, and the blocks are parsed,
// bound and scored on every core, then written back in input order. Answers
// are bound by column (the header is read once) and scored through a
// ScoringPlan, so a row costs no lookups by id and no allocation; messages
// and results are the same as the engine's (tests/test_batch.cpp compares).
#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <span>
#include <thread>

#include <fmt/format.h>

#include "answer_binding.h"
#include "batch_csv.h"
#include "csv_record.h"
#include "mmf/render.h"
#include "mmf/compare.h"
#include "mmf/load.h"
#include "render_common.h"
#include "scoring.h"

namespace mmf::detail {
namespace {

constexpr std::size_t block_bytes = std::size_t{256} << 10;

}  // namespace

namespace {

// Option ids of up to eight bytes compare as one integer.
std::uint64_t short_code(std::string_view s) {
  std::uint64_t code = 0;
  for (std::size_t i = 0; i < s.size(); ++i) code |= std::uint64_t{static_cast<unsigned char>(s[i])} << (8 * i);
  return code;
}

}  // namespace

struct CsvBatch::Column {
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

  std::size_t find(std::string_view f) const {
    if (f.size() <= 8) {
      std::uint64_t code = short_code(f);
      for (const Option& o : options)
        if (o.code == code && o.length == f.size()) return o.index;
      if (all_short) return npos;
    }
    return scale->find_option(f);
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
  std::string subject;
};

struct CsvBatch::Job {
  std::string input;
  bool capped = false;         // rows of capped_subject at the start are over max_respondents
  std::string capped_subject;
  std::uint64_t lines = 0;  // lines the input spans; problems count lines from 0 until written
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
      plan_(std::make_unique<ScoringPlan>(model)) {
  for (const Level& l : model.levels) {
    level_width_ = std::max(level_width_, l.id.size());
    LevelId id{};
    id.size = l.id.size();
    std::memcpy(id.text, l.id.data(), std::min(l.id.size(), sizeof id.text));
    level_ids_.push_back(id);
  }
}

CsvBatch::~CsvBatch() = default;

bool CsvBatch::read_header(std::string_view header_line, std::uint32_t header_lines,
                           const std::function<void(const Diagnostic&)>& report) {
  Record r;
  parse_record(header_line.data(), header_line.data() + header_line.size(), r);
  first_line_ = 1 + header_lines;
  columns_.assign(r.fields.size(), Column{});
  for (std::size_t i = 0; i < r.fields.size(); ++i) {
    std::string_view h = r.fields[i];
    if (h == "subject") {
      subject_ = i;
      columns_[i].subject = true;
    } else if (h == "respondent" || h == "unit" || h == "date") continue;
    else if ((columns_[i].question = model_.find_question(h)) == npos)
      report(Diagnostic{Severity::error, file_, SourcePos{1, r.columns[i]},
                        fmt::format("column '{}' is neither subject, respondent, unit, date nor a question of model '{}'",
                                    h, model_.id)});
    else {
      Column& col = columns_[i];
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
  if (subject_ == npos) {
    report(Diagnostic{Severity::error, file_, SourcePos{1, 1}, "the CSV header has no 'subject' column"});
    return false;
  }
  return true;
}

// Binds one non-empty answer; false when it is not valid for its scale.
bool CsvBatch::bind_field(const Column& col, std::string_view f, Cell& cell) const {
  const Scale& scale = *col.scale;
  if (scale.kind == Scale::Kind::discrete) {
    std::size_t o = col.find(f);
    if (o == npos) return false;
    const ScaleOption& option = scale.options[o];
    cell = Cell{{col.question, option.not_applicable, option.value, o}};
    return true;
  }
  double number = 0;
  auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), number);
  bool is_number = ec == std::errc() && end == f.data() + f.size();
  if (is_number && std::isfinite(number) && number >= scale.min && number <= scale.max) {
    cell = Cell{{col.question, false, number, npos}};
    return true;
  }
  if (!is_number && scale.allows_not_applicable && f == "na") {
    cell = Cell{{col.question, true, 0, npos}};
    return true;
  }
  return false;
}

// Binds the record's answers into ctx.cells; false when one is invalid. With
// `problems`, each invalid answer is reported there, as check_assessment would.
bool CsvBatch::bind(Context& ctx, std::uint64_t line, std::vector<Diagnostic>* problems) const {
  ctx.cell_count = 0;
  if (ctx.cells.size() < columns_.size()) ctx.cells.resize(columns_.size());
  bool ok = true;
  const Record& r = ctx.record;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    const Column& col = columns_[i];
    std::string_view f = r.fields[i];
    if (col.question == npos || f.empty()) continue;
    Cell cell{};
    if (bind_field(col, f, cell)) {
      ctx.cells[ctx.cell_count++] = cell;
      continue;
    }
    ok = false;
    if (!problems) return false;
    // The engine's own message, from the same binding the engine uses.
    const Question& question = model_.questions[col.question];
    auto bound = bind_answer(answer_from_cell(f, question, *col.scale), question, *col.scale);
    problems->push_back(Diagnostic{Severity::error, file_,
                                   SourcePos{static_cast<std::uint32_t>(line), r.columns[i]}, bound.error});
  }
  return ok;
}

namespace {

constexpr std::uint64_t ones = 0x0101010101010101ULL;
constexpr std::uint64_t highs = 0x8080808080808080ULL;
// The bytes of v that are zero have their high bit set (exact up to the first).
inline std::uint64_t zero_bytes(std::uint64_t v) { return (v - ones) & ~v & highs; }
inline std::uint64_t load8(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

}  // namespace

// The common record, read eight bytes at a time: one line, no quotes, no CR,
// the header's width, every answer valid. Anything else returns false, and
// the caller reads the record again with parse_record() and bind(), which
// handle (and report) everything. On success `p` is past the record.
bool CsvBatch::fast_record(const char*& p, const char* end, Context& ctx, std::string_view& subject) const {
  const std::size_t n = columns_.size();
  if (ctx.cells.size() < n) ctx.cells.resize(n);
  Cell* cells = ctx.cells.data();
  std::size_t count = 0;
  const char* f = p;
  const char* const limit = end - 8;  // the last place eight bytes can be read from
  const Column* col = columns_.data();
  const Column* const last = col + n - 1;
  for (;; ++col) {
    if (f > limit || *f == '"') return false;
    const std::uint64_t w = load8(f);
    const std::uint64_t stops = zero_bytes(w ^ (ones * ',')) | zero_bytes(w ^ (ones * '\n'));
    std::size_t len;
    if (stops) {
      len = static_cast<std::size_t>(std::countr_zero(stops)) / 8;
    } else {
      const char* s = f + 8;
      while (s < end && *s != ',' && *s != '\n') ++s;
      if (s == end) return false;
      len = static_cast<std::size_t>(s - f);
    }
    if (f[len] != (col == last ? '\n' : ',')) return false;
    if (col->coded) {
      if (len > 0) {
        if (len >= 8) return false;
        const std::uint64_t code = w & ((std::uint64_t{1} << (8 * len)) - 1);
        const Column::Option* o = col->options.data();
        const Column::Option* const none = o + col->options.size();
        while (o != none && o->code != code) ++o;
        if (o == none) return false;
        cells[count++] = Cell{{col->question, o->not_applicable, o->value, o->index}};
      }
    } else if (col->question != npos) {
      if (len > 0 && !bind_field(*col, std::string_view(f, len), cells[count++])) return false;
    } else if (col->subject) {
      subject = std::string_view(f, len);
    }
    f += len + 1;
    if (col == last) break;
  }
  if (f - 2 >= p && f[-2] == '\r') return false;  // a CRLF line: the general path drops the CR
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
    parse_record(base + begin, base + finish, ctx.record);
    if (ctx.record.blank() || ctx.record.fields.size() != columns_.size() || !bind(ctx, 0, nullptr)) return npos;
    std::string_view s = ctx.record.fields[subject_];
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
      Parsed parsed = parse_record(p, end, ctx.record);
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

std::string too_many_rows(std::string_view subject) {
  return fmt::format("subject '{}' has more than {} rows; mmf accepts up to {} respondents in one assessment", subject,
                     max_respondents, max_respondents);
}

Diagnostic CsvBatch::over_limit(std::string_view subject, std::uint64_t line) const {
  return Diagnostic{Severity::error, file_, SourcePos{static_cast<std::uint32_t>(line), 1}, too_many_rows(subject)};
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
  const char* failed = nullptr;
  try {
    PluginCall call(rule_owner_);
    rule_.assign(model_, work.state);
  } catch (const std::exception& e) {
    failed = e.what();
    job.problems.push_back(rule_problem(e.what()));
  } catch (...) {
    job.problems.push_back(rule_problem("unknown exception"));
    failed = "";
  }
  if (ctx.collected) {
    plan_->reset(work);
    ctx.collected = false;
  }
  if (failed) {
    ++job.stats.skipped;
    return;
  }
  // The row: subject, then percent and level of the root and of each group.
  std::string& out = job.output;
  out += csv_field(ctx.subject);
  const std::size_t room = (model_.group_order.size() + 1) * (tenths_max + level_width_ + 2) + sizeof(LevelId::text);
  out.resize(out.size() + room);
  char* p = out.data() + out.size() - room;
  auto put = [&](const NodeScore& n) {
    *p++ = ',';
    if (n.scored) p = write_tenths(p, n.percent());
    *p++ = ',';
    if (n.level != npos) {
      const LevelId& id = level_ids_[n.level];
      if (id.size <= sizeof id.text) std::memcpy(p, id.text, sizeof id.text);  // one fixed-size copy
      else std::memcpy(p, model_.levels[n.level].id.data(), id.size);
      p += id.size;
    }
  };
  put(work.state.root());
  for (std::size_t g : model_.group_order) put(work.state.nodes[g]);
  out.resize(static_cast<std::size_t>(p - out.data()));
  out += '\n';
  ++job.stats.scored;
}

void CsvBatch::run(Job& job, Context& ctx) const {
  const char* p = job.input.data();
  const char* end = p + job.input.size();
  std::uint64_t line = 0;
  std::size_t rows = 0;
  bool capped = job.capped;
  job.output.reserve(job.input.size() + job.input.size() / 4);
  plan_->reset(ctx.work);
  while (p < end) {
    std::uint64_t at = line;
    std::string_view s;
    if (fast_record(p, end, ctx, s)) {
      ++line;
    } else {
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
      s = ctx.record.fields[subject_];
    }
    if (capped) {
      if (s == job.capped_subject) {
        job.problems.push_back(over_limit(s, at));
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
      job.problems.push_back(over_limit(s, at));
      ++job.stats.skipped;
      continue;
    }
    if (rows == 0) {  // keep the row aside: most subjects have one, scored without collecting
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
  job.lines = line;
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
  bool capped = false;               // the last job cut a subject at max_respondents rows
  std::string capped_subject;
  std::uint64_t line = first_line_;  // the line the next job to write starts on
  auto deliver = [&](Job& job) {
    for (auto& d : job.problems) d.pos.line = static_cast<std::uint32_t>(d.pos.line + line);
    line += job.lines;
    sink(job.output, job.problems, job.stats);
  };
  auto write_done = [&](bool all) {
    std::unique_lock lock(mutex);
    while (!inflight.empty() && (all || inflight.size() >= max_inflight || inflight.front()->done)) {
      job_done.wait(lock, [&] { return inflight.front()->done; });
      std::unique_ptr<Job> job = std::move(inflight.front());
      inflight.pop_front();
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
  while (true) {
    if (!eof && pending.size() < block_bytes) fill(block_bytes - pending.size());
    if (pending.empty()) break;
    bool overflow = false;
    std::size_t cut = eof ? pending.size() : find_cut(pending, main_ctx, overflow);
    if (cut == npos) {  // one subject's rows fill the block: read on
      fill(std::max(pending.size(), block_bytes));
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
      run(*job, main_ctx);
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
}

}  // namespace mmf::detail
