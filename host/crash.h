// Naming the plugin that crashed. install_crash_report() makes a fatal signal
// (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) write which plugin was running
// (mmf::plugin_in_call()) to a file descriptor before the process dies of
// it, as it would have. `mmf` reports to stderr; `mmf serve` runs requests
// that use untrusted plugins in a child process that reports to its parent
// (docs/writing-plugins.md, "Isolation").
#pragma once

#include <functional>
#include <string>

namespace mmf::host {

// Reports fatal signals to `fd`: "mmf: plugin 'NAME' crashed (SIGSEGV) in
// CALL\n" (CALL as "rule 'x.y'", "renderer 'pdf'"), or "mmf: crashed (SIGSEGV)\n" outside plugin code.
void install_crash_report(int fd);

// Runs `work` in a child process and returns what it wrote; if the child dies
// of a signal, `crash` is set to the message, naming the plugin. `work` must
// not depend on other threads of this process (only the caller's is copied).
struct ChildOutcome {
  bool ok = false;
  std::string output;  // what work() returned
  std::string crash;   // why the child died, when it did
};
ChildOutcome run_in_child(const std::function<std::string()>& work);

}  // namespace mmf::host
