// The SQLite store: schema migrations, transactional writes, history points
// (rendered by render_history.cpp; the store does not render).
#include "mmf/store.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include <fmt/format.h>
#include <sqlite3.h>
#include <unistd.h>

#include "mmf/render.h"

namespace mmf {

namespace fs = std::filesystem;

fs::path default_store_path() {
  if (const char* db = std::getenv("MMF_DB"); db && *db) return db;
  if (const char* data = std::getenv("XDG_DATA_HOME"); data && *data) return fs::path(data) / "mmf" / "mmf.db";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : ".") / ".local" / "share" / "mmf" / "mmf.db";
}

namespace {

// Migrations, in order: migration i brings the schema from version i to i + 1.
const char* const kMigrations[] = {
    R"(CREATE TABLE assessments (
         id INTEGER PRIMARY KEY,
         subject TEXT NOT NULL,
         model TEXT NOT NULL,
         model_version TEXT NOT NULL,
         date TEXT NOT NULL DEFAULT '',
         added TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
         source_name TEXT NOT NULL,
         source TEXT NOT NULL,
         result TEXT NOT NULL,
         percent REAL,
         level TEXT NOT NULL DEFAULT '');
       CREATE INDEX assessments_by_subject ON assessments (subject, model, date);
       CREATE TABLE group_scores (
         assessment INTEGER NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
         position INTEGER NOT NULL,
         group_id TEXT NOT NULL,
         percent REAL,
         level TEXT NOT NULL DEFAULT '',
         PRIMARY KEY (assessment, group_id));)",
};
static_assert(std::size(kMigrations) == Store::schema_version);

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { ok_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) == SQLITE_OK; }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  bool ok() const { return ok_; }
  void bind(int i, const std::string& s) { sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT); }
  void bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void bind(int i, std::optional<double> v) {
    if (v) sqlite3_bind_double(stmt_, i, *v);
    else sqlite3_bind_null(stmt_, i);
  }
  int step() { return sqlite3_step(stmt_); }
  std::string text(int i) {
    auto p = sqlite3_column_text(stmt_, i);
    return p ? reinterpret_cast<const char*>(p) : "";
  }
  std::int64_t integer(int i) { return sqlite3_column_int64(stmt_, i); }
  std::optional<double> real(int i) {
    if (sqlite3_column_type(stmt_, i) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_double(stmt_, i);
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  bool ok_ = false;
};

bool exec(sqlite3* db, const char* sql, std::string& error) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) == SQLITE_OK) return true;
  error = message ? message : sqlite3_errmsg(db);
  sqlite3_free(message);
  return false;
}

Store::Entry entry_from(Statement& s) {
  return Store::Entry{s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.real(6).value_or(0),
                      s.text(7)};
}

constexpr const char* kEntryColumns = "id, subject, model, model_version, date, added, percent, level";

}  // namespace

Store::Store(sqlite3* db) : db_(db) {}
Store::~Store() { sqlite3_close_v2(db_); }

std::unique_ptr<Store> Store::open(const fs::path& file, std::string& error) {
  std::error_code ec;
  if (file.has_parent_path()) fs::create_directories(file.parent_path(), ec);
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr) !=
      SQLITE_OK) {
    error = db ? sqlite3_errmsg(db) : "cannot open";
    sqlite3_close_v2(db);
    return nullptr;
  }
  std::unique_ptr<Store> store(new Store(db));
  sqlite3_busy_timeout(db, 10000);
  // WAL: readers never block the writer; FULL: a write acknowledged is on disk.
  if (!exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;", error))
    return nullptr;
  int version = store->version();
  if (version > schema_version) {
    error = fmt::format("the database has schema version {}, newer than this mmf's {}", version, schema_version);
    return nullptr;
  }
  for (int v = version; v < schema_version; ++v) {
    if (!exec(db, "BEGIN IMMEDIATE", error)) return nullptr;
    // Another process may have migrated while we waited for the lock.
    if (store->version() > v) {
      exec(db, "COMMIT", error);
      continue;
    }
    if (!exec(db, kMigrations[v], error) ||
        !exec(db, fmt::format("PRAGMA user_version = {}", v + 1).c_str(), error) || !exec(db, "COMMIT", error)) {
      std::string ignored;
      exec(db, "ROLLBACK", ignored);
      error = fmt::format("migrating to schema version {} failed: {}", v + 1, error);
      return nullptr;
    }
  }
  return store;
}

int Store::version() {
  Statement s(db_, "PRAGMA user_version");
  return s.step() == SQLITE_ROW ? static_cast<int>(s.integer(0)) : 0;
}

std::optional<std::int64_t> Store::add(const Result& r, const std::string& source, const std::string& source_name,
                                       std::string& error) {
  if (!exec(db_, "BEGIN IMMEDIATE", error)) return std::nullopt;
  auto fail = [&](std::string message) -> std::optional<std::int64_t> {
    std::string ignored;
    exec(db_, "ROLLBACK", ignored);
    error = std::move(message);
    return std::nullopt;
  };
  const Model& m = *r.model;
  auto level = [&](std::size_t l) { return l == npos ? std::string() : m.levels[l].id; };
  auto percent = [](const NodeResult& n) { return n.scored ? std::optional<double>(round_to(n.percent, 1)) : std::nullopt; };
  {
    Statement s(db_, "INSERT INTO assessments (subject, model, model_version, date, source_name, source, result, "
                     "percent, level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!s.ok()) return fail(sqlite3_errmsg(db_));
    s.bind(1, r.subject);
    s.bind(2, m.id);
    s.bind(3, m.version);
    s.bind(4, r.date);
    s.bind(5, source_name);
    s.bind(6, source);
    s.bind(7, render_json_line(r));
    s.bind(8, percent(r.overall));
    s.bind(9, level(r.overall.level));
    if (s.step() != SQLITE_DONE) return fail(sqlite3_errmsg(db_));
  }
  std::int64_t id = sqlite3_last_insert_rowid(db_);
  {
    std::int64_t position = 0;
    for (const auto& g : r.groups) {
      Statement row(db_, "INSERT INTO group_scores (assessment, position, group_id, percent, level) VALUES (?, ?, ?, ?, ?)");
      row.bind(1, id);
      row.bind(2, position++);
      row.bind(3, m.groups[g.group].id);
      row.bind(4, percent(g));
      row.bind(5, level(g.level));
      if (row.step() != SQLITE_DONE) return fail(sqlite3_errmsg(db_));
    }
  }
  // A testing aid: hold the transaction open so a test can kill us inside it.
  if (const char* pause = std::getenv("MMF_STORE_PAUSE_IN_TRANSACTION"); pause && *pause) {
    std::fprintf(stderr, "mmf: paused in transaction\n");
    std::fflush(stderr);
    std::this_thread::sleep_for(std::chrono::seconds(std::atoi(pause)));
  }
  if (!exec(db_, "COMMIT", error)) return fail(error);
  return id;
}

std::vector<Store::Entry> Store::list(const std::string& subject, const std::string& model) {
  Statement s(db_, fmt::format("SELECT {} FROM assessments WHERE (?1 = '' OR subject = ?1) AND (?2 = '' OR model = ?2) "
                               "ORDER BY subject, model, date, id",
                               kEntryColumns)
                       .c_str());
  s.bind(1, subject);
  s.bind(2, model);
  std::vector<Entry> out;
  while (s.step() == SQLITE_ROW) out.push_back(entry_from(s));
  return out;
}

std::optional<Store::Entry> Store::get(std::int64_t id) {
  Statement s(db_, fmt::format("SELECT {} FROM assessments WHERE id = ?", kEntryColumns).c_str());
  s.bind(1, id);
  if (s.step() != SQLITE_ROW) return std::nullopt;
  return entry_from(s);
}

std::optional<std::string> Store::result_json(std::int64_t id) {
  Statement s(db_, "SELECT result FROM assessments WHERE id = ?");
  s.bind(1, id);
  if (s.step() != SQLITE_ROW) return std::nullopt;
  return s.text(0);
}

std::optional<std::string> Store::source(std::int64_t id) {
  Statement s(db_, "SELECT source FROM assessments WHERE id = ?");
  s.bind(1, id);
  if (s.step() != SQLITE_ROW) return std::nullopt;
  return s.text(0);
}

bool Store::remove(std::int64_t id, std::string& error) {
  Statement s(db_, "DELETE FROM assessments WHERE id = ?");
  s.bind(1, id);
  if (s.step() != SQLITE_DONE) {
    error = sqlite3_errmsg(db_);
    return false;
  }
  if (sqlite3_changes(db_) == 0) {
    error = fmt::format("no stored assessment has id {}", id);
    return false;
  }
  return true;
}

std::vector<Store::Point> Store::history(const std::string& subject, const std::string& model) {
  std::vector<Point> points;
  for (auto& e : list(subject, model)) {
    Point p{e, {}};
    Statement s(db_, "SELECT group_id, percent, level FROM group_scores WHERE assessment = ? ORDER BY position");
    s.bind(1, e.id);
    while (s.step() == SQLITE_ROW) p.groups.push_back(GroupPoint{s.text(0), s.real(1), s.text(2)});
    points.push_back(std::move(p));
  }
  std::stable_sort(points.begin(), points.end(), [](const Point& a, const Point& b) {
    if (a.entry.model != b.entry.model) return a.entry.model < b.entry.model;
    return a.entry.date < b.entry.date;
  });
  return points;
}

namespace {

// Copies database `from` into `to` with SQLite's online backup API.
bool copy_database(sqlite3* to, sqlite3* from, std::string& error) {
  sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
  if (!b) {
    error = sqlite3_errmsg(to);
    return false;
  }
  int rc;
  while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(10);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    error = sqlite3_errmsg(to);
    return false;
  }
  return true;
}

std::size_t count_results(sqlite3* db) {
  sqlite3_stmt* s = nullptr;
  std::size_t n = 0;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM assessments", -1, &s, nullptr) == SQLITE_OK &&
      sqlite3_step(s) == SQLITE_ROW)
    n = static_cast<std::size_t>(sqlite3_column_int64(s, 0));
  sqlite3_finalize(s);
  return n;
}

}  // namespace

std::optional<std::size_t> Store::backup(const fs::path& file, std::string& error) {
  fs::path tmp = file;
  tmp += fmt::format(".tmp-{}", ::getpid());
  std::error_code ec;
  fs::remove(tmp, ec);
  sqlite3* out = nullptr;
  if (sqlite3_open_v2(tmp.c_str(), &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    error = fmt::format("{}: {}", file.string(), out ? sqlite3_errmsg(out) : "cannot create");
    sqlite3_close_v2(out);
    return std::nullopt;
  }
  bool ok = copy_database(out, db_, error);
  // One file, no -wal beside it: a rollback journal, fully synced.
  if (ok) ok = exec(out, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;", error);
  std::size_t n = ok ? count_results(out) : 0;
  sqlite3_close_v2(out);
  if (ok) {
    fs::rename(tmp, file, ec);
    if (ec) {
      error = fmt::format("{}: {}", file.string(), ec.message());
      ok = false;
    }
  }
  if (!ok) {
    fs::remove(tmp, ec);
    return std::nullopt;
  }
  return n;
}

std::optional<std::size_t> Store::restore(const fs::path& file, std::string& error) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    error = fmt::format("{}: no such file; the store is unchanged", file.string());
    return std::nullopt;
  }
  sqlite3* in = nullptr;
  if (sqlite3_open_v2(file.c_str(), &in, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    error = fmt::format("{}: {}", file.string(), in ? sqlite3_errmsg(in) : "cannot open");
    sqlite3_close_v2(in);
    return std::nullopt;
  }
  auto refuse = [&](std::string why) -> std::optional<std::size_t> {
    error = fmt::format("{}: {}; the store is unchanged", file.string(), why);
    sqlite3_close_v2(in);
    return std::nullopt;
  };
  // A backup of an mmf store: it opens as SQLite, is intact, has our tables and a version we read.
  sqlite3_stmt* s = nullptr;
  std::string check;
  if (sqlite3_prepare_v2(in, "PRAGMA integrity_check", -1, &s, nullptr) != SQLITE_OK) {
    sqlite3_finalize(s);
    return refuse("not an SQLite database");
  }
  while (sqlite3_step(s) == SQLITE_ROW)
    check += (check.empty() ? "" : "; ") + std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
  sqlite3_finalize(s);
  if (check != "ok") return refuse("it fails its integrity check (" + (check.empty() ? std::string("not a database") : check) + ")");
  int version = 0;
  if (sqlite3_prepare_v2(in, "PRAGMA user_version", -1, &s, nullptr) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
    version = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  bool tables = sqlite3_prepare_v2(in, "SELECT count(*) FROM assessments", -1, &s, nullptr) == SQLITE_OK;
  sqlite3_finalize(s);
  if (!tables || version < 1) return refuse("not an mmf store");
  if (version > schema_version)
    return refuse(fmt::format("it has schema version {}, newer than this mmf's {}", version, schema_version));
  bool ok = copy_database(db_, in, error);
  sqlite3_close_v2(in);
  if (!ok) return std::nullopt;
  // The copy carries the backup's journal mode; the live store writes ahead.
  if (!exec(db_, "PRAGMA journal_mode = WAL;", error)) return std::nullopt;
  return count_results(db_);
}

std::string Store::integrity_check() {
  Statement s(db_, "PRAGMA integrity_check");
  std::string out;
  while (s.step() == SQLITE_ROW) out += (out.empty() ? "" : "; ") + s.text(0);
  return out;
}

}  // namespace mmf
