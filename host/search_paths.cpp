// Model search directories.
#include "search_paths.h"

#include <algorithm>
#include <cstdlib>
#include <system_error>

namespace mmf::host {

namespace fs = std::filesystem;

fs::path executable_path() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : p;
}

namespace {

void add_unique(std::vector<fs::path>& dirs, const fs::path& dir) {
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(dir, ec)) return;
  fs::path canonical = fs::weakly_canonical(dir, ec);
  for (const auto& d : dirs)
    if (fs::weakly_canonical(d, ec) == canonical) return;
  dirs.push_back(dir);
}

bool is_within(const fs::path& child, const fs::path& parent) {
  auto c = child.lexically_normal().string();
  auto p = parent.lexically_normal().string();
  return c.size() > p.size() && c.compare(0, p.size(), p) == 0 && c[p.size()] == '/';
}

}  // namespace

// Flags, then a colon-separated environment variable, then the installed
// directory, then the build tree's — each directory once.
std::vector<fs::path> search_dirs(const std::vector<std::string>& from_flags, const char* variable,
                                  const fs::path& installed, const fs::path& in_build_tree) {
  std::vector<fs::path> dirs;
  for (const auto& d : from_flags) dirs.emplace_back(d);  // kept even if missing: the user asked for it
  if (const char* env = std::getenv(variable)) {
    std::string list = env;
    std::size_t start = 0;
    while (start <= list.size()) {
      std::size_t end = list.find(':', start);
      if (end == std::string::npos) end = list.size();
      if (end > start) add_unique(dirs, list.substr(start, end - start));
      start = end + 1;
    }
  }
  fs::path exe = executable_path();
  if (!exe.empty()) {
    add_unique(dirs, exe.parent_path().parent_path() / installed);
    if (is_within(exe, MMF_BUILD_DIR)) add_unique(dirs, in_build_tree);
  }
  return dirs;
}

std::vector<fs::path> model_dirs(const std::vector<std::string>& from_flags) {
  return search_dirs(from_flags, "MMF_MODEL_PATH", fs::path(MMF_INSTALL_DATADIR) / "mmf" / "models",
                     fs::path(MMF_SOURCE_DIR) / "models");
}

std::vector<std::string> model_dir_candidates(const std::vector<std::string>& from_flags) {
  std::vector<std::string> out;
  auto add = [&](const fs::path& dir, const char* source) {
    std::error_code ec;
    out.push_back(dir.string() + " (" + source + ")" + (fs::is_directory(dir, ec) ? "" : " — missing"));
  };
  for (const auto& d : from_flags) add(d, "--models-dir");
  if (const char* env = std::getenv("MMF_MODEL_PATH")) {
    std::string list = env;
    for (std::size_t start = 0; start <= list.size();) {
      std::size_t end = std::min(list.find(':', start), list.size());
      if (end > start) add(list.substr(start, end - start), "MMF_MODEL_PATH");
      start = end + 1;
    }
  } else {
    out.emplace_back("MMF_MODEL_PATH (not set)");
  }
  fs::path exe = executable_path();
  if (!exe.empty()) {
    add(exe.parent_path().parent_path() / MMF_INSTALL_DATADIR / "mmf" / "models", "installed");
    if (is_within(exe, MMF_BUILD_DIR)) add(fs::path(MMF_SOURCE_DIR) / "models", "source tree");
  }
  return out;
}

std::vector<fs::path> shipped_plugin_dirs() {
  std::vector<fs::path> dirs;
  fs::path exe = executable_path();
  if (!exe.empty()) {
    add_unique(dirs, exe.parent_path().parent_path() / MMF_INSTALL_LIBDIR / "mmf" / "plugins");
    if (is_within(exe, MMF_BUILD_DIR)) add_unique(dirs, fs::path(MMF_BUILD_DIR) / "plugins");
  }
  return dirs;
}

fs::path web_dir() {
  std::vector<fs::path> dirs;
  fs::path exe = executable_path();
  if (!exe.empty()) {
    add_unique(dirs, exe.parent_path().parent_path() / MMF_INSTALL_DATADIR / "mmf" / "web");
    if (is_within(exe, MMF_BUILD_DIR)) add_unique(dirs, fs::path(MMF_SOURCE_DIR) / "web");
  }
  return dirs.empty() ? fs::path() : dirs.front();
}

std::vector<fs::path> plugin_dirs(const std::vector<std::string>& from_flags) {
  return search_dirs(from_flags, "MMF_PLUGIN_PATH", fs::path(MMF_INSTALL_LIBDIR) / "mmf" / "plugins",
                     fs::path(MMF_BUILD_DIR) / "plugins");
}

}  // namespace mmf::host
