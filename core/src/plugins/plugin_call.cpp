// The plugin-call mark (for crash reports) and the one failure message.
#include "plugins/plugin_call.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "mmf/plugin_host.h"

namespace mmf {

namespace {
// "" when no plugin code runs on this thread. Plain arrays: read from a
// signal handler.
thread_local char current_owner[64];
thread_local char current_call[96];

void copy_into(char* to, std::size_t size, std::string_view from) {
  std::size_t n = std::min(from.size(), size - 1);
  std::memcpy(to, from.data(), n);
  to[n] = '\0';
}
}  // namespace

const char* plugin_in_call() noexcept { return current_owner[0] ? current_owner : nullptr; }
const char* plugin_call_in_progress() noexcept { return current_owner[0] ? current_call : nullptr; }

namespace {
// Loading is single-threaded (plugin_host.h), so one process-wide path; a
// signal on any thread can read it.
char loading_file[4096];
volatile bool loading = false;
PluginLoadWatch load_watch;
}  // namespace

const char* plugin_file_loading() noexcept { return loading ? loading_file : nullptr; }

void set_plugin_load_watch(PluginLoadWatch watch) noexcept { load_watch = watch; }

namespace detail {

PluginCall::PluginCall(std::string_view owner, std::string_view call) noexcept {
  if (owner.empty() || owner == "mmf") return;
  std::memcpy(saved_owner_, current_owner, sizeof saved_owner_);
  std::memcpy(saved_call_, current_call, sizeof saved_call_);
  copy_into(current_owner, sizeof current_owner, owner);
  copy_into(current_call, sizeof current_call, call);
  marked_ = true;
}

PluginCall::~PluginCall() {
  if (!marked_) return;
  std::memcpy(current_owner, saved_owner_, sizeof saved_owner_);
  std::memcpy(current_call, saved_call_, sizeof saved_call_);
}

PluginLoading::PluginLoading(std::string_view file) noexcept {
  copy_into(loading_file, sizeof loading_file, file);
  loading = true;
  if (load_watch.begin) load_watch.begin(loading_file);
}

PluginLoading::~PluginLoading() {
  if (load_watch.end) load_watch.end();
  loading = false;
}

std::string call_failure(std::string_view owner, std::string_view call, std::string_view why) {
  if (owner.empty() || owner == "mmf") return fmt::format("{} failed: {}", call, why);
  return fmt::format("plugin '{}' failed in {}: {}", owner, call, why);
}

}  // namespace detail
}  // namespace mmf
