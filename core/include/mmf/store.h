// The assessment store: assessments and their results in SQLite, for history
// and export. Writes are transactions; the schema is versioned and migrated
// on open; WAL and a busy timeout let several processes write one database.
// Errors are values (Stored<T>) whose StoreFailure tells "no such id" from a
// corrupt file, an I/O error, a full disk or a lock held too long.
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

// Why a store call failed, for the caller to branch on.
enum class StoreFailure {
  none,
  not_found,  // no stored assessment has that id
  invalid,    // the data given was refused (a NUL character in a subject); nothing was written
  corrupt,    // the store file is damaged, or is not an SQLite database
  io_error,   // the operating system failed a read or a write
  full,       // the disk (or the file size limit) is full
  busy,       // another process held the lock for longer than the busy timeout
  read_only,  // a write to a store that cannot be written
  failed,     // anything else: cannot open, a newer schema, not an mmf store
};

struct MMF_CORE_EXPORT StoreError {
  StoreFailure failure = StoreFailure::none;
  std::string file;  // the store file
  std::string what;  // the problem in words, without the file: "the store file is corrupt (database disk image is malformed)"
  // "FILE: WHAT"
  std::string message() const;
};

// What a store call returns: the value, or the error saying why there is none.
template <class T>
struct Stored {
  std::optional<T> value;
  StoreError error;
  bool ok() const { return value.has_value(); }
  bool not_found() const { return error.failure == StoreFailure::not_found; }
};

class MMF_CORE_EXPORT Store {
 public:
  // The schema version this build writes; older databases are migrated.
  static constexpr int schema_version = 1;
  // How long a call waits for another process's lock before it fails as busy.
  static constexpr int default_busy_timeout_ms = 10000;

  enum class Access {
    read_write,  // creates the file and its directory if needed, and migrates
    // Never writes: no migration, no journal mode change. A file or directory that
    // cannot be written (chmod, a read-only mount) is opened immutable; a missing
    // file reads as an empty store and is not created.
    read_only,
  };

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

  // Opens the store, or returns null with `error` set. Every call waits up to
  // `busy_timeout_ms` for another process's lock, then fails as busy.
  [[nodiscard]] static std::unique_ptr<Store> open(const std::filesystem::path& file, StoreError& error,
                                                   Access access = Access::read_write,
                                                   int busy_timeout_ms = default_busy_timeout_ms);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::filesystem::path& file() const { return file_; }

  // Every call below checks each step of its statements: a corrupt page, an I/O
  // error or a lock held past the busy timeout is an error, never a short answer.

  // Saves a result with the assessment it came from, in one transaction; returns
  // the new id. A subject or date holding a NUL character is refused (invalid).
  [[nodiscard]] Stored<std::int64_t> add(const Result& result, const std::string& source, const std::string& source_name);
  [[nodiscard]] Stored<std::vector<Entry>> list(const std::string& subject = {}, const std::string& model = {});
  // not_found when no stored assessment has `id`.
  [[nodiscard]] Stored<Entry> get(std::int64_t id);
  [[nodiscard]] Stored<std::string> result_json(std::int64_t id);
  [[nodiscard]] Stored<std::string> source(std::int64_t id);
  // The number of results removed (1); not_found when there is none.
  [[nodiscard]] Stored<std::size_t> remove(std::int64_t id);
  // A subject's results by date (then by id), optionally for one model.
  [[nodiscard]] Stored<std::vector<Point>> history(const std::string& subject, const std::string& model = {});
  [[nodiscard]] Stored<int> version();
  // PRAGMA integrity_check: "ok", or what is wrong ("; " between lines).
  std::string integrity_check();

  // Copies the whole store to `file` (SQLite's online backup: writers may go
  // on meanwhile), as one self-contained file written beside it and renamed
  // into place, so `file` is never partial. A store that fails its integrity
  // check is refused (corrupt). Returns the number of results.
  [[nodiscard]] Stored<std::size_t> backup(const std::filesystem::path& file);
  // Replaces the store's contents with those of a backup, after checking that
  // `file` is an mmf store that passes integrity_check and that this mmf can
  // read. Readers see the old or the new contents, never a mix.
  [[nodiscard]] Stored<std::size_t> restore(const std::filesystem::path& file);

 private:
  Store(sqlite3* db, std::filesystem::path file, int busy_timeout_ms);
  sqlite3* db_;
  std::filesystem::path file_;
  int busy_timeout_ms_;
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
