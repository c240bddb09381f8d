// The host's commands. Each returns the process exit status:
// 0 success, 2 invalid input or usage, 1 anything else.
#pragma once

#include <string>
#include <vector>

namespace mmf::host {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_invalid = 2;

struct Context {
  std::vector<std::string> models_dirs;
  std::vector<std::string> plugin_dirs;
  bool quiet = false;
};

struct OutputOptions {
  std::string format;  // empty: text on a terminal, else json
  std::string output;  // empty: stdout
  std::string locale;
};

int run_models(const Context& ctx, const std::string& format);
int run_plugins(const Context& ctx, const std::string& format);
int run_show(const Context& ctx, const std::string& model, const std::string& locale, bool resolved);
int run_validate(const Context& ctx, const std::vector<std::string>& files, const std::string& model);
int run_template(const Context& ctx, const std::string& model, const OutputOptions& out);
int run_crosswalk(const Context& ctx, const std::string& assessment, const std::string& to, const std::string& map,
                  const std::string& target, const OutputOptions& out);
int run_roadmap(const Context& ctx, const std::string& assessment, const std::string& model, const std::string& target,
                std::size_t phases, const OutputOptions& out);
int run_compare(const Context& ctx, const std::vector<std::string>& files, const std::string& model,
                const std::string& by, const OutputOptions& out);
int run_assess(const Context& ctx, const std::string& model, const std::string& assessment, const std::string& target,
               const std::string& input_format, const OutputOptions& out);

}  // namespace mmf::host
