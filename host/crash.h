// Naming the plugin that crashed or hung. install_crash_report() makes a fatal
// signal (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) write which plugin was
// running (mmf::plugin_in_call()) to a file descriptor before the process
// dies of it, as it would have. A plugin that crashes or hangs while it loads
// makes the command start again without it (restart_without_failed_plugins).
// `mmf serve` runs requests that use untrusted plugins in a child process
// (run_in_child) that reports to its parent and is killed at its deadline
// (docs/writing-plugins.md, "Isolation").
//
// Thread-safety: install_crash_report, restart_without_failed_plugins and
// set_max_children are called once, before other threads start;
// run_in_child may be called from many threads at once.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "mmf/plugin_host.h"

namespace mmf::host {

// Reports fatal signals to `fd`: "mmf: plugin 'NAME' crashed (SIGSEGV) in
// CALL\n" (CALL as "rule 'x.y'", "renderer 'pdf'"), or "mmf: crashed (SIGSEGV)\n" outside plugin code.
void install_crash_report(int fd);

// From now on, a plugin file that crashes while it loads, or whose loading
// takes longer than `load_timeout_ms`, is named on stderr and the process
// runs again (the same executable, `argv`, environment) with that file
// skipped: MMF_SKIP_PLUGINS lists the files skipped so far, which
// plugins_to_skip() reads for WorkspaceOptions::skip_plugins. `argv` must
// live as long as the process (main's does).
void restart_without_failed_plugins(char** argv, int load_timeout_ms);
std::vector<PluginRefusal> plugins_to_skip();

// Runs `work` in a child process and returns what it wrote; if the child dies
// of a signal, `crash` is set to the message, naming the plugin. `work` must
// not depend on other threads of this process (only the caller's is copied).
struct ChildLimits {
  int deadline_ms = 0;                // > 0: the child is stopped after this long
  std::function<bool()> cancelled;    // polled; true: the child is killed (its client left)
};
struct ChildOutcome {
  bool ok = false;
  std::string output;      // what work() returned
  std::string crash;       // why the child failed, when it did (without "mmf: ")
  bool timed_out = false;  // it ran past its deadline (crash names the plugin when it can)
  bool busy = false;       // not started: set_max_children() are running
  bool cancelled = false;  // killed because limits.cancelled() said so
};
ChildOutcome run_in_child(const std::function<std::string()>& work, const ChildLimits& limits = {});

// At most `n` children at once (default 64); beyond, run_in_child answers busy.
void set_max_children(int n);

}  // namespace mmf::host
