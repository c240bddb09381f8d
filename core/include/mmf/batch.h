// Batch scoring: many assessments of one model in one streaming pass — files,
// directories, JSON Lines, or a wide CSV as survey tools export it (see
// csv_input.h) — written as CSV rows or JSON Lines of results. Memory stays
// flat whatever the input's size while each subject's CSV rows are together:
// one assessment is held at a time. When a subject's rows come back later in
// the file (an export in timestamp order), the file is read again with every
// subject's rows held until its end, so that each subject is one assessment,
// in order of first appearance.
//
// Thread-safety: a BatchScorer is not thread-safe: use one
// per thread. set_threads() lets one BatchScorer score a wide CSV on several
// threads of its own; the registry it holds must stay read-only meanwhile.
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

#include "mmf/csv_input.h"
#include "mmf/diagnostic.h"
#include "mmf/engine.h"
#include "mmf/export.h"

namespace mmf {

namespace detail {
class CsvLayout;
class RecordStream;
}  // namespace detail

enum class BatchFormat { csv, jsonl };
struct OutputFormatInfo;
// The streamed format of a format table entry of View::batch.
MMF_CORE_EXPORT BatchFormat batch_format(const OutputFormatInfo& info);

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
  // How CSV inputs name their columns and answers.
  void set_csv_options(CsvOptions options) { csv_ = std::move(options); }
  // Scores assessments whose model_version the model does not meet, each
  // with a warning (CheckOptions::ignore_model_version).
  void set_ignore_model_version(bool ignore) { ignore_model_version_ = ignore; }
  // Takes back what was written to the output after `position` (the
  // output's tellp() before a CSV input), for a CSV input whose subjects'
  // rows are apart and is read again; false when that failed. Without it
  // such an input is reported and skipped.
  void set_truncate(std::function<bool(std::streampos position)> truncate) { truncate_ = std::move(truncate); }

 private:
  void write(const Result& result);
  void report_errors(const Diagnostics& diagnostics);  // each error, in order, to `report`
  void emit_header();
  // How a CSV file is read: while its subjects come in sorted order
  // (nothing remembered), remembering every subject seen, or holding every
  // subject's rows to the end. A reading that meets what its way cannot
  // handle stops, and the file is read again the next way.
  enum class CsvWay { ordered, remembered, grouped };
  enum class CsvPass { done, unordered, apart };
  // Through the engine, row by row.
  CsvPass add_csv_rows(detail::RecordStream& records, const detail::CsvLayout& layout, const std::string& name,
                       CsvWay way);
  CsvPass add_csv_parallel(std::istream& in, std::string pending, const detail::CsvLayout& layout,
                           std::uint64_t first_line, std::uint64_t first_row, const std::string& name, CsvWay way);
  void report_row(const Diagnostic& d);  // to `report`, unless the first reading reported it already

  std::shared_ptr<const Model> model_;
  const Registry& registry_;
  BatchFormat format_;
  std::ostream& out_;
  std::function<void(const Diagnostic&)> report_;
  std::function<void(const BatchStats&)> progress_;
  BatchStats stats_;
  bool header_written_ = false;
  unsigned threads_ = 0;
  CsvOptions csv_;
  std::function<bool(std::streampos)> truncate_;
  bool ignore_model_version_ = false;
  std::uint64_t reported_through_ = 0;  // rereading a CSV: its lines up to here were reported already
  std::string reading_;                 // the CSV being read again
};

}  // namespace mmf
