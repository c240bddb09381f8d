// Batch scoring: many assessments of one model in one streaming pass — files,
// directories, JSON Lines, or a wide CSV as survey tools export it — written
// as CSV rows or JSON Lines of results. Memory stays flat whatever the input's
// size: one assessment (one subject's rows) is held at a time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "mmf/diagnostic.h"
#include "mmf/engine.h"
#include "mmf/export.h"

namespace mmf {

// RFC 4180 records from a stream: quoted fields, doubled quotes, CRLF, and
// newlines inside quotes. Each field's 1-based column is kept for messages.
class MMF_CORE_EXPORT CsvReader {
 public:
  explicit CsvReader(std::istream& in);
  // Reads the next record; false at the end of input. `line` is the line the
  // record starts on.
  bool next(std::vector<std::string>& fields, std::vector<std::uint32_t>& columns, std::uint64_t& line);

 private:
  std::istream& in_;
  std::uint64_t line_ = 0;
  std::string buffer_;
};

enum class BatchFormat { csv, jsonl };

struct BatchStats {
  std::uint64_t scored = 0;   // assessments scored
  std::uint64_t skipped = 0;  // rows, lines or files reported and skipped
};

// Scores every input against `model`, writing one output row per assessment.
// Problems are reported to `report` (one diagnostic at a time, as found), and
// the bad row, line or file is skipped. `progress` is called now and then.
class MMF_CORE_EXPORT BatchScorer {
 public:
  BatchScorer(std::shared_ptr<const Model> model, const Registry& registry, BatchFormat format, std::ostream& out,
              std::function<void(const Diagnostic&)> report);

  void add_path(const std::filesystem::path& input);     // a file or a directory of files
  void add_csv(std::istream& in, const std::string& name);
  void add_jsonl(std::istream& in, const std::string& name);
  void add_assessment(const Assessment& assessment);

  const BatchStats& stats() const { return stats_; }
  void on_progress(std::function<void(const BatchStats&)> progress) { progress_ = std::move(progress); }
  // Threads that score wide CSV (CSV out) in parallel; 0 (the default) uses
  // every core. Output order and messages do not depend on it.
  void set_threads(unsigned threads) { threads_ = threads; }

 private:
  void write(const Result& result);
  void report_errors(const Diagnostics& diagnostics);  // each error, in order, to `report`
  void emit_header();
  void add_csv_rows(std::istream& in, const std::string& name);  // through the engine, row by row
  bool add_csv_parallel(std::istream& in, const std::string& name);

  std::shared_ptr<const Model> model_;
  const Registry& registry_;
  BatchFormat format_;
  std::ostream& out_;
  std::function<void(const Diagnostic&)> report_;
  std::function<void(const BatchStats&)> progress_;
  BatchStats stats_;
  bool header_written_ = false;
  unsigned threads_ = 0;
};

}  // namespace mmf
