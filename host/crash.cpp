#include "crash.h"

#include <csignal>
#include <cstring>

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mmf/plugin_host.h"

namespace mmf::host {
namespace {

int report_fd = 2;

const char* signal_name(int sig) {
  switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGABRT: return "SIGABRT";
    default: return "a signal";
  }
}

void write_all(int fd, const char* s) {
  std::size_t n = std::strlen(s);
  while (n > 0) {
    ssize_t w = ::write(fd, s, n);
    if (w <= 0) return;
    s += w;
    n -= static_cast<std::size_t>(w);
  }
}

// Async-signal-safe: only write(), strlen() and the marker's static buffer.
void on_fatal_signal(int sig) {
  const char* plugin = plugin_in_call();
  if (plugin) {
    write_all(report_fd, "mmf: plugin '");
    write_all(report_fd, plugin);
    write_all(report_fd, "' crashed (");
    write_all(report_fd, signal_name(sig));
    write_all(report_fd, ") in ");
    const char* call = plugin_call_in_progress();
    write_all(report_fd, call ? call : "a call");
    write_all(report_fd, "\n");
  } else {
    write_all(report_fd, "mmf: crashed (");
    write_all(report_fd, signal_name(sig));
    write_all(report_fd, ")\n");
  }
  std::signal(sig, SIG_DFL);  // and die of it, as without the report
  std::raise(sig);
}

}  // namespace

void install_crash_report(int fd) {
  report_fd = fd;
  struct sigaction action {};
  action.sa_handler = on_fatal_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND | SA_NODEFER;
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) sigaction(sig, &action, nullptr);
}

ChildOutcome run_in_child(const std::function<std::string()>& work) {
  ChildOutcome outcome;
  int out[2], err[2];
  if (::pipe(out) != 0) {
    outcome.crash = "cannot create a pipe for the scoring process";
    return outcome;
  }
  if (::pipe(err) != 0) {
    ::close(out[0]);
    ::close(out[1]);
    outcome.crash = "cannot create a pipe for the scoring process";
    return outcome;
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    for (int fd : {out[0], out[1], err[0], err[1]}) ::close(fd);
    outcome.crash = "cannot start the scoring process";
    return outcome;
  }
  if (pid == 0) {  // the child: score, write, leave without running atexit handlers
    ::close(out[0]);
    ::close(err[0]);
    install_crash_report(err[1]);
    std::string result = work();
    const char* p = result.data();
    std::size_t n = result.size();
    while (n > 0) {
      ssize_t w = ::write(out[1], p, n);
      if (w <= 0) ::_exit(3);
      p += w;
      n -= static_cast<std::size_t>(w);
    }
    ::_exit(0);
  }
  ::close(out[1]);
  ::close(err[1]);
  // Read both pipes to their ends (the result may exceed a pipe's buffer).
  char buffer[65536];
  std::string report;
  bool out_open = true, err_open = true;
  while (out_open || err_open) {
    fd_set fds;
    FD_ZERO(&fds);
    if (out_open) FD_SET(out[0], &fds);
    if (err_open) FD_SET(err[0], &fds);
    if (::select(std::max(out[0], err[0]) + 1, &fds, nullptr, nullptr, nullptr) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (auto [fd, open, sink] : {std::tuple{out[0], &out_open, &outcome.output}, std::tuple{err[0], &err_open, &report}})
      if (*open && FD_ISSET(fd, &fds)) {
        ssize_t r = ::read(fd, buffer, sizeof buffer);
        if (r > 0) sink->append(buffer, static_cast<std::size_t>(r));
        else if (r == 0 || errno != EINTR) *open = false;
      }
  }
  ::close(out[0]);
  ::close(err[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    outcome.ok = true;
    return outcome;
  }
  while (!report.empty() && report.back() == '\n') report.pop_back();
  if (report.rfind("mmf: ", 0) == 0) report.erase(0, 5);
  if (!report.empty()) outcome.crash = report;
  else if (WIFSIGNALED(status)) outcome.crash = fmt::format("the scoring process died of signal {}", WTERMSIG(status));
  else outcome.crash = fmt::format("the scoring process exited with status {}", WEXITSTATUS(status));
  return outcome;
}

}  // namespace mmf::host
