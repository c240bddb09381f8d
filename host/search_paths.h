// Where the host looks for models: flags, environment, install and build trees.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace mmf::host {

// --models-dir values first, then MMF_MODEL_PATH (colon-separated), then the
// installed share/mmf/models beside the executable, then — when the
// executable runs from the build tree — the source tree's models/.
std::vector<std::filesystem::path> model_dirs(const std::vector<std::string>& from_flags);

// Every place model_dirs() considers, in its order, each as "DIR (SOURCE)"
// with " — missing" when it is not a directory: what `mmf models` says when
// it finds none.
std::vector<std::string> model_dir_candidates(const std::vector<std::string>& from_flags);

// --plugin-dir values first, then MMF_PLUGIN_PATH (colon-separated), then the
// installed lib/mmf/plugins beside the executable, then — when the executable
// runs from the build tree — the build tree's plugins/.
std::vector<std::filesystem::path> plugin_dirs(const std::vector<std::string>& from_flags);

// The plugin directories mmf ships (installed, or the build tree's): plugins
// there are trusted; plugins from --plugin-dir or MMF_PLUGIN_PATH are not.
std::vector<std::filesystem::path> shipped_plugin_dirs();

// The web questionnaire's files: the installed share/mmf/web, else — from the
// build tree — the source tree's web/. Empty when neither exists.
std::filesystem::path web_dir();

std::filesystem::path executable_path();

}  // namespace mmf::host
