// Model discovery in a list of directories.
#include "mmf/catalog.h"

#include <algorithm>
#include <system_error>

#include "load/doc_reader.h"
#include "mmf/load.h"

namespace mmf {

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> toml_files(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".toml" && it->is_regular_file(ec)) files.push_back(it->path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

ModelCatalog::ModelCatalog(std::vector<fs::path> dirs) : dirs_(std::move(dirs)) {}

std::vector<CatalogEntry> ModelCatalog::list(Diagnostics& problems) const {
  std::vector<CatalogEntry> entries;
  for (const auto& dir : dirs_)
    for (const auto& file : toml_files(dir)) {
      if (sniff_kind(file) != FileKind::model) continue;
      auto loaded = load_model(file, finder());
      if (!loaded.ok()) {
        problems.warning(Location{std::make_shared<const std::string>(file.string()), {}},
                         "skipped: the model has " + std::to_string(loaded.diagnostics.error_count()) +
                             " error(s); run 'mmf validate' on it");
        continue;
      }
      const Model& m = *loaded.value;
      auto same = std::find_if(entries.begin(), entries.end(), [&](const CatalogEntry& e) { return e.id == m.id; });
      if (same != entries.end()) {
        problems.warning(Location{std::make_shared<const std::string>(file.string()), {}},
                         "skipped: model '" + m.id + "' is already provided by " + same->file.string());
        continue;
      }
      entries.push_back(CatalogEntry{m.id, m.version, m.name.value, file});
    }
  return entries;
}

fs::path ModelCatalog::find(const std::string& id) const {
  // Only a model id names a file here: "/etc/x", "../x" or "a/b" would
  // become a path outside the model directories.
  if (!detail::is_valid_id(id)) return {};
  std::error_code ec;
  for (const auto& dir : dirs_) {
    fs::path candidate = dir / (id + ".toml");
    // Trusted without parsing, so a lookup costs one parse; the caller checks the id it loads.
    if (fs::is_regular_file(candidate, ec)) return candidate;
  }
  for (const auto& dir : dirs_)
    for (const auto& file : toml_files(dir)) {
      if (file.stem() == id || sniff_kind(file) != FileKind::model) continue;
      auto loaded = load_model(file, finder());
      if (loaded.ok() && loaded.value->id == id) return file;
    }
  return {};
}

ModelFinder ModelCatalog::finder() const {
  return [this](const std::string& id) { return find(id); };
}

bool looks_like_path(const std::string& text) {
  if (text.find('/') != std::string::npos) return true;
  auto ext = fs::path(text).extension();
  return ext == ".toml" || ext == ".json";
}

}  // namespace mmf
