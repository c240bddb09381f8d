// The one guard for every call into plugin code: level rules (check, score,
// question targets), insight producers, importers, renderers and report
// sections. A call is marked on its thread for the crash report (which names
// the plugin and the call if the process dies of a signal inside it), and any
// exception it throws, standard or not, becomes one message form:
//   plugin 'NAME' failed in CALL: WHY
// Thread-safe: the mark is per thread.
#pragma once

#include <exception>
#include <string>
#include <string_view>

namespace mmf::detail {

// Marks a call into plugin `owner` on this thread for plugin_in_call() and
// plugin_call_in_progress(); nothing for mmf's own ("mmf" or empty). Nests:
// the inner call is named while it runs, the outer one again after.
class PluginCall {
 public:
  PluginCall(std::string_view owner, std::string_view call) noexcept;
  ~PluginCall();
  PluginCall(const PluginCall&) = delete;
  PluginCall& operator=(const PluginCall&) = delete;

 private:
  bool marked_ = false;
  char saved_owner_[64];
  char saved_call_[96];
};

// Marks the loading of plugin file `file` for plugin_file_loading() and the
// host's load watch, from before its constructors run until it is committed
// or refused.
class PluginLoading {
 public:
  explicit PluginLoading(std::string_view file) noexcept;
  ~PluginLoading();
  PluginLoading(const PluginLoading&) = delete;
  PluginLoading& operator=(const PluginLoading&) = delete;
};

// "plugin 'OWNER' failed in CALL: WHY", or "CALL failed: WHY" for mmf's own.
std::string call_failure(std::string_view owner, std::string_view call, std::string_view why);

// Runs f() as CALL of plugin OWNER (CALL as "rule 'x.y'", "renderer 'pdf'",
// "its insight producer"). Returns true if it returned; false, with `error`
// in the form above, if it threw anything.
template <class F>
bool call_plugin(std::string_view owner, std::string_view call, std::string& error, F&& f) {
  try {
    PluginCall mark(owner, call);
    f();
    return true;
  } catch (const std::exception& e) {
    error = call_failure(owner, call, e.what());
  } catch (...) {
    error = call_failure(owner, call, "it threw something that is not a std::exception");
  }
  return false;
}

}  // namespace mmf::detail
