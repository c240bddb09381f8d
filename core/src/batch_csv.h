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

namespace mmf::detail {

class ScoringPlan;

// The message for a CSV row beyond max_respondents rows of its subject.
std::string too_many_rows(std::string_view subject);

class CsvBatch {
 public:
  // Called in input order with each block's CSV rows, problems and counts.
  using Sink = std::function<void(const std::string& rows, const std::vector<Diagnostic>& problems,
                                  const BatchStats& stats)>;

  CsvBatch(const Model& model, const LevelRule& rule, std::string rule_owner, std::string file, unsigned threads);
  ~CsvBatch();

  // Reads the header record (which spans `header_lines` lines); false (after
  // reporting) when the file cannot be scored.
  bool read_header(std::string_view header, std::uint32_t header_lines,
                   const std::function<void(const Diagnostic&)>& report);
  // Scores `pending` (what was read past the header) and the rest of `in`.
  void score(std::istream& in, std::string pending, const Sink& sink);

  // The header record at the start of `data`: its length, its line count, and
  // whether it is complete (ends in a newline).
  static std::size_t header_length(std::string_view data, std::uint32_t& lines, bool& complete);

 private:
  struct Column;
  struct Cell;
  struct Context;
  struct Job;

  bool bind_field(const Column& col, std::string_view field, Cell& cell) const;
  bool fast_record(const char*& p, const char* end, Context& ctx, std::string_view& subject) const;
  bool bind(Context& ctx, std::uint64_t line, std::vector<Diagnostic>* problems) const;
  std::size_t find_cut(std::string_view data, Context& ctx, bool& overflow) const;
  Diagnostic over_limit(std::string_view subject, std::uint64_t line) const;
  void run(Job& job, Context& ctx) const;
  void flush(Context& ctx, std::size_t rows, Job& job) const;
  void collect(Context& ctx, const std::vector<Cell>& cells, std::size_t count) const;
  Diagnostic rule_problem(const char* what) const;

  const Model& model_;
  const LevelRule& rule_;
  std::string rule_owner_;
  std::string file_;
  unsigned threads_;
  std::unique_ptr<ScoringPlan> plan_;
  std::vector<Column> columns_;
  std::size_t subject_ = npos;
  std::uint64_t first_line_ = 2;
  std::size_t level_width_ = 0;  // the longest level id
  struct LevelId {                // a level id, padded for a fixed-size copy
    char text[16];
    std::size_t size;
  };
  std::vector<LevelId> level_ids_;
};

}  // namespace mmf::detail
