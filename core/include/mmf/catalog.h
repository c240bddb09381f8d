// Finding models by id in a list of directories (--models-dir, MMF_MODEL_PATH,
// the installed share/mmf/models, the source tree's models/).
//
// Thread-safety: a ModelCatalog is immutable after construction; its const
// members only read the directories and may be called from many threads at
// once. A finder() refers to its catalog, which must outlive it.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "mmf/diagnostic.h"
#include "mmf/export.h"
#include "mmf/load.h"

namespace mmf {

struct CatalogEntry {
  std::string id;
  std::string version;
  std::string name;
  std::filesystem::path file;
};

class MMF_CORE_EXPORT ModelCatalog {
 public:
  explicit ModelCatalog(std::vector<std::filesystem::path> dirs);

  const std::vector<std::filesystem::path>& dirs() const { return dirs_; }

  // Every model file found, first directory first; files that do not parse
  // are skipped with a warning in `problems`.
  std::vector<CatalogEntry> list(Diagnostics& problems) const;

  // The file of model `id`: `<dir>/<id>.toml` is taken, unparsed, from the
  // first directory that has one, so a lookup parses no other model (the
  // caller checks the id of what it loads); else every model file's
  // [model].id is read. Empty when not found.
  std::filesystem::path find(const std::string& id) const;

  // find() as a ModelFinder, for models that extend others.
  ModelFinder finder() const;

 private:
  std::vector<std::filesystem::path> dirs_;
};

// Whether `text` names a file rather than a model id.
MMF_CORE_EXPORT bool looks_like_path(const std::string& text);

}  // namespace mmf
