// The host's commands. Each returns the process exit status:
// 0 success, 2 invalid input or usage, 1 anything else.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mmf::host {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_invalid = 2;

struct Context {
  std::vector<std::string> models_dirs;
  std::vector<std::string> plugin_dirs;
  std::string db;  // --db; empty: MMF_DB or the XDG default
  bool quiet = false;
  bool ignore_model_version = false;  // --ignore-model-version: score across an assessment's model_version
};

// How CSV inputs are read (mmf batch, mmf assess): docs/csv-input.md.
struct CsvArgs {
  std::string subject_column, respondent_column, unit_column, date_column;  // empty: the mapping's, else the default
  std::size_t header_rows = 0;                                              // 0: the mapping's, else 1
  std::string map;                                                          // an mmf-mapping/1 file
};

struct OutputOptions {
  std::string format;  // empty: text on a terminal, else json
  std::string output;  // empty: stdout
  std::string locale;
};

int run_models(const Context& ctx, const std::string& format);
int run_plugins(const Context& ctx, const std::string& format);
int run_formats(const Context& ctx, const std::string& format);
int run_show(const Context& ctx, const std::string& model, const std::string& locale, bool resolved);
int run_validate(const Context& ctx, const std::vector<std::string>& files, const std::string& model);
int run_template(const Context& ctx, const std::string& model, const OutputOptions& out);
int run_crosswalk(const Context& ctx, const std::string& assessment, const std::string& to, const std::string& map,
                  const std::string& target, const OutputOptions& out);
int run_roadmap(const Context& ctx, const std::string& assessment, const std::string& model, const std::string& target,
                std::size_t phases, const OutputOptions& out);
int run_compare(const Context& ctx, const std::vector<std::string>& files, const std::string& model,
                const std::string& by, const OutputOptions& out);
int run_batch(const Context& ctx, const std::string& model, const std::vector<std::string>& inputs,
              const OutputOptions& out, const CsvArgs& csv, unsigned threads = 0, bool keep_going = false);
int run_benchmark(const Context& ctx, const std::string& assessment, const std::string& population,
                  const std::string& model, const OutputOptions& out);
int run_store_add(const Context& ctx, const std::vector<std::string>& files, const std::string& model);
int run_store_list(const Context& ctx, const std::string& subject, const std::string& model, const std::string& format);
int run_store_show(const Context& ctx, std::int64_t id, bool source);
int run_store_rm(const Context& ctx, const std::vector<std::int64_t>& ids);
int run_store_backup(const Context& ctx, const std::string& file);
int run_store_restore(const Context& ctx, const std::string& file);
int run_store_export(const Context& ctx, const OutputOptions& out);
int run_history(const Context& ctx, const std::string& subject, const std::string& model, const OutputOptions& out);
int run_assess(const Context& ctx, const std::string& model, const std::string& assessment, const std::string& target,
               const std::string& input_format, const OutputOptions& out, const CsvArgs& csv = {});

}  // namespace mmf::host
