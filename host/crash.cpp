#include "crash.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

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

// Appends `s` to the buffer `to` of `size` bytes, always terminated.
void append(char* to, std::size_t size, const char* s) {
  std::size_t used = std::strlen(to);
  while (*s && used + 1 < size) to[used++] = *s++;
  to[used] = '\0';
}

// ---- Restarting without a plugin that failed while loading ----------------

constexpr const char* skip_variable = "MMF_SKIP_PLUGINS";
constexpr int max_skipped = 32;  // then a crash while loading is just a crash
char** restart_argv = nullptr;
char load_timeout_text[32];      // "10 s", set before any load
char skip_entry[8192];           // "MMF_SKIP_PLUGINS=...", built in the handler
char* restart_env[2048];

// "2 s", "1.5 s", "250 ms".
void duration_text(char* to, std::size_t size, int ms) {
  if (ms % 1000 == 0) std::snprintf(to, size, "%d s", ms / 1000);
  else if (ms > 1000) std::snprintf(to, size, "%.1f s", ms / 1000.0);
  else std::snprintf(to, size, "%d ms", ms);
}

// Async-signal-safe: names the file, then runs this command again with the
// file added to MMF_SKIP_PLUGINS. Returns only if that cannot be done.
void restart_skipping(const char* file, const char* why) {
  if (!restart_argv) return;
  const char* previous = std::getenv(skip_variable);  // getenv reads environ: no allocation
  int entries = 0;
  for (const char* p = previous; p && *p; ++p) entries += *p == '\n';
  if (entries >= max_skipped) return;
  write_all(report_fd, "mmf: plugin file '");
  write_all(report_fd, file);
  write_all(report_fd, "' ");
  write_all(report_fd, why);
  write_all(report_fd, "; running the command again without it\n");
  skip_entry[0] = '\0';
  append(skip_entry, sizeof skip_entry, skip_variable);
  append(skip_entry, sizeof skip_entry, "=");
  if (previous) append(skip_entry, sizeof skip_entry, previous);
  append(skip_entry, sizeof skip_entry, why);
  append(skip_entry, sizeof skip_entry, "\t");
  append(skip_entry, sizeof skip_entry, file);
  append(skip_entry, sizeof skip_entry, "\n");
  std::size_t n = 0;
  const std::size_t name_length = std::strlen(skip_variable);
  for (char** e = environ; e && *e && n + 2 < sizeof restart_env / sizeof *restart_env; ++e)
    if (std::strncmp(*e, skip_variable, name_length) != 0 || (*e)[name_length] != '=') restart_env[n++] = *e;
  restart_env[n++] = skip_entry;
  restart_env[n] = nullptr;
  // A new image keeps the signal mask and a pending timer: clear both, or the
  // next run would start with this handler's signal blocked and this
  // file's timer running.
  ::alarm(0);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::execve("/proc/self/exe", restart_argv, restart_env);
}

void arm_timer(int ms) {
  itimerval t{};
  t.it_value.tv_sec = ms / 1000;
  t.it_value.tv_usec = (ms % 1000) * 1000;
  ::setitimer(ITIMER_REAL, &t, nullptr);
}

int load_timeout_ms = 0;
void on_load_begin(const char*) {
  if (load_timeout_ms > 0) arm_timer(load_timeout_ms);
}
void on_load_end() { arm_timer(0); }

// ---- In a scoring child: its deadline -------------------------------------

volatile bool in_child = false;
char child_deadline_text[32];
constexpr int exit_timed_out = 4;

// Async-signal-safe: only write(), strlen() and the marker's static buffers.
void on_fatal_signal(int sig) {
  if (const char* file = plugin_file_loading()) {
    char why[48] = "crashed (";
    append(why, sizeof why, signal_name(sig));
    append(why, sizeof why, ") while loading");
    restart_skipping(file, why);
  }
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

// A timer: a plugin file loading for too long, or a scoring child past its
// deadline. Anything else (a timer left over) is ignored.
void on_alarm(int) {
  const int saved = errno;
  if (const char* file = plugin_file_loading()) {
    char why[64] = "was still loading after ";
    append(why, sizeof why, load_timeout_text);
    restart_skipping(file, why);
  }
  if (in_child) {
    write_all(report_fd, "timeout: ");
    if (const char* plugin = plugin_in_call()) {
      write_all(report_fd, "plugin '");
      write_all(report_fd, plugin);
      write_all(report_fd, "' did not finish within ");
      write_all(report_fd, child_deadline_text);
      write_all(report_fd, " in ");
      const char* call = plugin_call_in_progress();
      write_all(report_fd, call ? call : "a call");
    } else {
      write_all(report_fd, "the scoring did not finish within ");
      write_all(report_fd, child_deadline_text);
    }
    write_all(report_fd, "\n");
    ::_exit(exit_timed_out);
  }
  errno = saved;
}

std::atomic<int> children{0};
int max_children = 64;

int open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
  (void)pid;
  return -1;
#endif
}

}  // namespace

void install_crash_report(int fd) {
  report_fd = fd;
  struct sigaction action {};
  action.sa_handler = on_fatal_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND | SA_NODEFER;
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) sigaction(sig, &action, nullptr);
  struct sigaction alarm {};
  alarm.sa_handler = on_alarm;
  sigemptyset(&alarm.sa_mask);
  alarm.sa_flags = SA_RESTART;
  sigaction(SIGALRM, &alarm, nullptr);
}

void restart_without_failed_plugins(char** argv, int timeout_ms) {
  restart_argv = argv;
  load_timeout_ms = timeout_ms;
  duration_text(load_timeout_text, sizeof load_timeout_text, timeout_ms);
  set_plugin_load_watch(PluginLoadWatch{on_load_begin, on_load_end});
}

std::vector<PluginRefusal> plugins_to_skip() {
  std::vector<PluginRefusal> out;
  const char* list = std::getenv(skip_variable);
  if (!list) return out;
  std::string_view rest(list);
  while (!rest.empty()) {
    std::size_t end = rest.find('\n');
    std::string_view entry = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    std::size_t tab = entry.find('\t');
    if (tab == std::string_view::npos || tab + 1 >= entry.size()) continue;
    out.push_back(PluginRefusal{std::string(entry.substr(tab + 1)),
                                fmt::format("it {}, and is skipped", entry.substr(0, tab))});
  }
  return out;
}

void set_max_children(int n) { max_children = n > 0 ? n : 1; }

ChildOutcome run_in_child(const std::function<std::string()>& work, const ChildLimits& limits) {
  ChildOutcome outcome;
  if (children.fetch_add(1) >= max_children) {
    children.fetch_sub(1);
    outcome.busy = true;
    outcome.crash = fmt::format("{} scoring processes are running already", max_children);
    return outcome;
  }
  struct Release {
    ~Release() { children.fetch_sub(1); }
  } release;
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    outcome.crash = "cannot create a pipe for the scoring process";
    return outcome;
  }
  if (::pipe2(err, O_CLOEXEC) != 0) {
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
    if (limits.deadline_ms > 0) {
      duration_text(child_deadline_text, sizeof child_deadline_text, limits.deadline_ms);
      in_child = true;
      arm_timer(limits.deadline_ms);
    }
    std::string result = work();
    arm_timer(0);
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
  for (int fd : {out[0], err[0]}) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  // The child's exit ends the wait even if another child, forked meanwhile by
  // another thread, holds a copy of these pipes' write ends.
  const int pidfd = open_pidfd(pid);
  using Clock = std::chrono::steady_clock;
  // The child reports its own deadline (naming the plugin); past this one too,
  // it is killed.
  const auto hard_deadline = Clock::now() + std::chrono::milliseconds(limits.deadline_ms + 1000);
  char buffer[65536];
  std::string report;
  bool out_open = true, err_open = true, exited = false, killed = false;
  auto drain = [&] {
    for (auto [fd, open, sink] : {std::tuple{out[0], &out_open, &outcome.output}, std::tuple{err[0], &err_open, &report}})
      while (*open) {
        ssize_t r = ::read(fd, buffer, sizeof buffer);
        if (r > 0) sink->append(buffer, static_cast<std::size_t>(r));
        else if (r == 0 || (errno != EINTR && errno != EAGAIN)) *open = false;
        else if (errno == EAGAIN) break;
      }
  };
  while (!exited && (out_open || err_open || pidfd < 0)) {
    pollfd fds[3];
    nfds_t n = 0;
    if (out_open) fds[n++] = pollfd{out[0], POLLIN, 0};
    if (err_open) fds[n++] = pollfd{err[0], POLLIN, 0};
    if (pidfd >= 0) fds[n++] = pollfd{pidfd, POLLIN, 0};
    int wait_ms = limits.cancelled || pidfd < 0 ? 100 : 1000;
    if (limits.deadline_ms > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(hard_deadline - Clock::now()).count();
      wait_ms = static_cast<int>(std::max<long long>(0, std::min<long long>(wait_ms, left)));
    }
    if (::poll(fds, n, wait_ms) < 0 && errno != EINTR) break;
    drain();
    if (pidfd >= 0 && n > 0 && fds[n - 1].revents) exited = true;
    if (pidfd < 0) {
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        drain();
        ::close(out[0]);
        ::close(err[0]);
        // Reaped already: decide here.
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) outcome.ok = true;
        else outcome.crash = report.empty() ? "the scoring process failed" : report;
        return outcome;
      }
    }
    if (!exited && limits.deadline_ms > 0 && Clock::now() >= hard_deadline) {
      ::kill(pid, SIGKILL);
      killed = outcome.timed_out = true;
      break;
    }
    if (!exited && limits.cancelled && limits.cancelled()) {
      ::kill(pid, SIGKILL);
      killed = outcome.cancelled = true;
      break;
    }
  }
  drain();
  ::close(out[0]);
  ::close(err[0]);
  if (pidfd >= 0) ::close(pidfd);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!killed && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    outcome.ok = true;
    return outcome;
  }
  while (!report.empty() && report.back() == '\n') report.pop_back();
  if (std::size_t last = report.rfind('\n'); last != std::string::npos) report.erase(0, last + 1);
  if (report.rfind("mmf: ", 0) == 0) report.erase(0, 5);
  if (report.rfind("timeout: ", 0) == 0) {
    report.erase(0, 9);
    outcome.timed_out = true;
  }
  if (outcome.cancelled) outcome.crash = "the client left before the scoring finished";
  else if (!report.empty()) outcome.crash = report;
  else if (killed) {
    char limit[32];
    duration_text(limit, sizeof limit, limits.deadline_ms);
    outcome.crash = fmt::format("the scoring process did not finish within {}", limit);
  }
  else if (WIFSIGNALED(status)) outcome.crash = fmt::format("the scoring process died of signal {}", WTERMSIG(status));
  else outcome.crash = fmt::format("the scoring process exited with status {}", WEXITSTATUS(status));
  return outcome;
}

}  // namespace mmf::host
