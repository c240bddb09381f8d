// Loads plugins from directories into a Registry and keeps their libraries
// loaded for as long as anything they made may be used.
//
// Thread-safety: loading is not thread-safe; the registry is read-only
// afterwards. plugin_in_call() and plugin_call_in_progress() read the
// calling thread's own state.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "mmf/export.h"
#include "mmf/registry.h"

namespace mmf {

struct PluginRefusal {
  std::filesystem::path file;
  std::string reason;
};

// The name of the plugin whose code runs on this thread now, or nullptr.
// The engine and renderers mark every call into a plugin (rules, insight
// producers, report sections). Async-signal-safe, for crash reports: `mmf`
// names the plugin in a SIGSEGV or SIGABRT, and `mmf serve` does so for a
// request whose scoring child dies (docs/writing-plugins.md, "Isolation").
MMF_CORE_EXPORT const char* plugin_in_call() noexcept;
// The call of that plugin that runs now ("rule 'x.y'", "renderer 'pdf'"), or
// nullptr: for the crash report's "crashed (SIGSEGV) in CALL".
MMF_CORE_EXPORT const char* plugin_call_in_progress() noexcept;

// The path of the plugin file being loaded while its own code runs (its
// static constructors, its entry point, its register function), or nullptr.
// Async-signal-safe: `mmf` names, and skips, a plugin that crashes or hangs
// while it loads (docs/writing-plugins.md, "Isolation").
MMF_CORE_EXPORT const char* plugin_file_loading() noexcept;
// A host's watchdog over loading: begin(file) is called on the loading thread
// before a plugin file's code first runs, end() after its register function
// returns or the file is refused. Either may be null. Not thread-safe: set
// it before loading.
struct PluginLoadWatch {
  void (*begin)(const char* file) = nullptr;
  void (*end)() = nullptr;
};
MMF_CORE_EXPORT void set_plugin_load_watch(PluginLoadWatch watch) noexcept;

class MMF_CORE_EXPORT PluginHost {
 public:
  PluginHost();
  ~PluginHost();
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  // Loads every shared library (*.so) in `dir`, in name order. A file that
  // fails is recorded in refusals() with its reason and skipped.
  void load_directory(const std::filesystem::path& dir);
  // Loads one plugin file; false (and a refusal) when it is refused.
  [[nodiscard]] bool load_file(const std::filesystem::path& file);
  // Refuses `file` with `reason` instead of loading it, when a directory
  // holds it: a plugin that crashed or hung while loading in an earlier try.
  void skip(const std::filesystem::path& file, std::string reason);

  Registry& registry() { return *registry_; }
  const Registry& registry() const { return *registry_; }
  const std::vector<PluginRefusal>& refusals() const { return refusals_; }

 private:
  struct Library;
  // Declared before the registry so that it is destroyed after it: a library
  // must outlive every object it created.
  std::vector<std::unique_ptr<Library>> libraries_;
  std::unique_ptr<Registry> registry_;
  std::vector<PluginRefusal> refusals_;
  std::vector<PluginRefusal> skipped_;
};

}  // namespace mmf
