// The assessment store: assessments and their results in SQLite, for history
// and export. Writes are transactions; the schema is versioned and migrated
// on open; WAL and a busy timeout let several processes write one database.
//
// Thread-safety: a Store object is not thread-safe; open one per thread or
// process.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mmf/export.h"
#include "mmf/result.h"

struct sqlite3;

namespace mmf {

// $MMF_DB, else $XDG_DATA_HOME/mmf/mmf.db, else ~/.local/share/mmf/mmf.db.
MMF_CORE_EXPORT std::filesystem::path default_store_path();

class MMF_CORE_EXPORT Store {
 public:
  // The schema version this build writes; older databases are migrated.
  static constexpr int schema_version = 1;

  struct Entry {
    std::int64_t id = 0;
    std::string subject, model, model_version, date, added;
    double percent = 0;
    std::string level;  // level id, or empty
  };
  struct GroupPoint {
    std::string group;
    std::optional<double> percent;
    std::string level;
  };
  struct Point {
    Entry entry;
    std::vector<GroupPoint> groups;  // in model order
  };

  // Opens (creating the file and its directory if needed) and migrates.
  [[nodiscard]] static std::unique_ptr<Store> open(const std::filesystem::path& file, std::string& error);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Saves a result with the assessment it came from, in one transaction.
  // Returns the new id, or nullopt with `error` set.
  [[nodiscard]] std::optional<std::int64_t> add(const Result& result, const std::string& source, const std::string& source_name,
                                  std::string& error);
  std::vector<Entry> list(const std::string& subject = {}, const std::string& model = {});
  [[nodiscard]] std::optional<Entry> get(std::int64_t id);
  [[nodiscard]] std::optional<std::string> result_json(std::int64_t id);
  [[nodiscard]] std::optional<std::string> source(std::int64_t id);
  [[nodiscard]] bool remove(std::int64_t id, std::string& error);
  // A subject's results by date (then by id), optionally for one model.
  std::vector<Point> history(const std::string& subject, const std::string& model = {});
  int version();
  // PRAGMA integrity_check: "ok", or what is wrong.
  std::string integrity_check();

  // Copies the whole store to `file` (SQLite's online backup: writers may go
  // on meanwhile), as one self-contained file written beside it and renamed
  // into place, so `file` is never partial. Returns the number of results.
  [[nodiscard]] std::optional<std::size_t> backup(const std::filesystem::path& file, std::string& error);
  // Replaces the store's contents with those of a backup, after checking that
  // `file` is an mmf store that passes integrity_check and that this mmf can
  // read. Readers see the old or the new contents, never a mix.
  [[nodiscard]] std::optional<std::size_t> restore(const std::filesystem::path& file, std::string& error);

 private:
  explicit Store(sqlite3* db);
  sqlite3* db_;
};

MMF_CORE_EXPORT std::string render_history_text(const std::vector<Store::Point>& points, const std::string& subject);
MMF_CORE_EXPORT std::string render_history_json(const std::vector<Store::Point>& points, const std::string& subject);
MMF_CORE_EXPORT std::string render_history_csv(const std::vector<Store::Point>& points);
MMF_CORE_EXPORT std::string render_history_markdown(const std::vector<Store::Point>& points, const std::string& subject);
// A self-contained HTML page with a trend chart (inline SVG) and the table.
MMF_CORE_EXPORT std::string render_history_html(const std::vector<Store::Point>& points, const std::string& subject);
// An xlsx workbook with the table and a native line chart. Throws as render_xlsx.
MMF_CORE_EXPORT std::string render_history_xlsx(const std::vector<Store::Point>& points, const std::string& subject);

}  // namespace mmf
