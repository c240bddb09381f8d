// The command line's door: main() hands each group of commands the CLI11
// app, the options every command shares, and the slot the chosen command's
// work goes into; each group registers its own subcommands (one file per
// group) and runs them through mmf::Workspace. Exit statuses: 0 success,
// 2 invalid input or usage, 1 anything else.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "mmf/diagnostic.h"
#include <vector>

namespace CLI {
class App;
}

namespace mmf::host {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_invalid = 2;

// The status of a command its diagnostics stopped: 1 when a plugin's code
// failed (the fault is not the input's), else 2.
inline int exit_for(const Diagnostics& d) { return d.has_plugin_failures() ? exit_failure : exit_invalid; }

// The options before the command.
struct Context {
  std::vector<std::string> models_dirs;
  std::vector<std::string> plugin_dirs;
  std::string db;  // --db; empty: MMF_DB or the XDG default
  bool quiet = false;
  bool ignore_model_version = false;  // --ignore-model-version: score across an assessment's model_version
};

// What a group of commands registers into.
struct Cli {
  CLI::App& app;
  Context& ctx;
  std::function<int()> run;  // set by the callback of the command parsed
};

void add_model_commands(Cli& cli);  // models, plugins, formats, show, validate, template
void add_score_commands(Cli& cli);  // assess, crosswalk, roadmap, compare, benchmark
void add_batch_command(Cli& cli);   // batch
void add_store_commands(Cli& cli);  // store add|list|show|rm|export|backup|restore, history
void add_serve_command(Cli& cli);   // serve (host/serve/serve.cpp)

}  // namespace mmf::host
