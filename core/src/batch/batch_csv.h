// The parallel wide-CSV path of BatchScorer (CSV in, CSV out). Internal.
#pragma once

#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mmf/batch.h"
#include "mmf/diagnostic.h"
#include "mmf/model.h"
#include "mmf/rule.h"
#include "render/render_csv.h"
#include "engine/scoring.h"

namespace mmf::detail {

class CsvLayout;

class CsvBatch {
 public:
  // Called in input order with each block's CSV rows, problems and counts.
  using Sink = std::function<void(const std::string& rows, const std::vector<Diagnostic>& problems,
                                  const BatchStats& stats)>;

  // The rows after the header bound in `layout` start at `first_line` and
  // are records `first_row` on; they are scored under `rule` (bind_rule(),
  // which must have found it).
  CsvBatch(const CsvLayout& layout, BoundRule rule, std::string file, unsigned threads, std::uint64_t first_line,
           std::uint64_t first_row);
  ~CsvBatch();

  // Why score() stopped before the end: the subjects are not sorted (the
  // file is to be read again, remembering each subject), or a subject's
  // rows came back after another's (to be read again, grouped).
  enum class Stop { none, unordered, apart };
  // Scores `pending` (what was read past the header) and the rest of `in`,
  // checking that the subjects come sorted, or with `remember`, that none
  // comes back. When it stops, everything before the row where it stopped
  // was passed to `sink`, nothing after it.
  Stop score(std::istream& in, std::string pending, bool remember, const Sink& sink);
  // After score() stopped: the last line whose problems were passed on.
  std::uint64_t reported_through() const { return reported_through_; }

 private:
  struct Column;
  struct Cell;
  struct Context;
  struct Job;
  enum class Bound { none, cell, invalid };

  Bound bind_field(const Column& col, std::string_view field, Cell& cell) const;
  bool fast_record(const char*& p, const char* end, Context& ctx, std::string_view& subject) const;
  bool bind(Context& ctx, std::uint64_t line, std::uint64_t row, Job* job) const;
  std::size_t find_cut(std::string_view data, Context& ctx, bool& overflow) const;
  void run(Job& job, Context& ctx, bool remember) const;
  void flush(Context& ctx, std::size_t rows, Job& job) const;
  void collect(Context& ctx, const std::vector<Cell>& cells, std::size_t count) const;

  const CsvLayout& layout_;
  const Model& model_;
  BoundRule rule_;
  std::string file_;
  unsigned threads_;
  std::unique_ptr<ScoringPlan> plan_;
  BatchRowWriter writer_;
  std::vector<Column> columns_;
  std::size_t subject_ = npos;
  char delimiter_ = ',';
  std::uint64_t first_line_ = 2, first_row_ = 2, reported_through_ = 0;
};

}  // namespace mmf::detail
