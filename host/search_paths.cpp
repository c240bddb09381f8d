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

// Every place a search considers, in order: flags, then a colon-separated
// environment variable, then the installed directory, then the build
// tree's. Missing and repeated places included.
struct Place {
  fs::path dir;
  const char* source;  // the flag, the variable, "installed" or "source tree"
  bool asked = false;  // named by a flag
};
std::vector<Place> search_places(const std::vector<std::string>& from_flags, const char* flag, const char* variable,
                                 const fs::path& installed, const fs::path& in_build_tree) {
  std::vector<Place> places;
  for (const auto& d : from_flags) places.push_back({d, flag, true});
  if (const char* env = std::getenv(variable)) {
    std::string list = env;
    for (std::size_t start = 0; start <= list.size();) {
      std::size_t end = std::min(list.find(':', start), list.size());
      if (end > start) places.push_back({list.substr(start, end - start), variable});
      start = end + 1;
    }
  }
  fs::path exe = executable_path();
  if (!exe.empty()) {
    places.push_back({exe.parent_path().parent_path() / installed, "installed"});
    if (is_within(exe, MMF_BUILD_DIR)) places.push_back({in_build_tree, "source tree"});
  }
  return places;
}

// The places to search: flags kept even if missing (the user asked for
// them), the others only when they exist — each directory once.
std::vector<fs::path> search_dirs(const std::vector<std::string>& from_flags, const char* flag, const char* variable,
                                  const fs::path& installed, const fs::path& in_build_tree) {
  std::vector<fs::path> dirs;
  for (const auto& place : search_places(from_flags, flag, variable, installed, in_build_tree)) {
    if (place.asked) dirs.push_back(place.dir);
    else add_unique(dirs, place.dir);
  }
  return dirs;
}

const fs::path kInstalledModels = fs::path(MMF_INSTALL_DATADIR) / "mmf" / "models";
const fs::path kSourceModels = fs::path(MMF_SOURCE_DIR) / "models";

}  // namespace

std::vector<fs::path> model_dirs(const std::vector<std::string>& from_flags) {
  return search_dirs(from_flags, "--models-dir", "MMF_MODEL_PATH", kInstalledModels, kSourceModels);
}

std::vector<std::string> model_dir_candidates(const std::vector<std::string>& from_flags) {
  std::vector<std::string> out;
  bool unset_said = std::getenv("MMF_MODEL_PATH") != nullptr;
  std::error_code ec;
  for (const auto& place :
       search_places(from_flags, "--models-dir", "MMF_MODEL_PATH", kInstalledModels, kSourceModels)) {
    if (!place.asked && !unset_said) {  // where the variable's places would stand
      out.emplace_back("MMF_MODEL_PATH (not set)");
      unset_said = true;
    }
    out.push_back(place.dir.string() + " (" + place.source + ")" + (fs::is_directory(place.dir, ec) ? "" : " — missing"));
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
  return search_dirs(from_flags, "--plugin-dir", "MMF_PLUGIN_PATH", fs::path(MMF_INSTALL_LIBDIR) / "mmf" / "plugins",
                     fs::path(MMF_BUILD_DIR) / "plugins");
}

}  // namespace mmf::host
