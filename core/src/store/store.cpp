// The SQLite store: schema migrations, transactional writes, history points
// (rendered by render_history.cpp; the store does not render).
#include "mmf/store.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <cstring>
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

// Reading or writing, for the words of an I/O error.
enum class Doing { reading, writing };

// A StoreError for SQLite's result `rc` on `db` (null: none yet), about `file`,
// which the words call `noun` ("the store file", "the backup").
StoreError error_from(sqlite3* db, int rc, const fs::path& file, Doing doing, int busy_ms,
                      const char* noun = "the store file") {
  StoreError e;
  e.file = file.string();
  std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int sys = db ? sqlite3_system_errno(db) : 0;
  std::string with_errno = sys ? fmt::format("{}: {}", detail, std::strerror(sys)) : detail;
  const char* reading = doing == Doing::reading ? "reading" : "writing";
  switch (rc & 0xff) {
    case SQLITE_CORRUPT:
      e.failure = StoreFailure::corrupt;
      e.what = fmt::format("{} is corrupt ({})", noun, detail);
      break;
    case SQLITE_NOTADB:
      e.failure = StoreFailure::corrupt;
      e.what = fmt::format("{} is not an SQLite database ({})", noun, detail);
      break;
    case SQLITE_FULL:  // SQLite's short write: it keeps no errno
      e.failure = StoreFailure::full;
      e.what = fmt::format("the disk is full (no space left to write {})", noun);
      break;
    case SQLITE_IOERR:
      if (sys == ENOSPC || sys == EDQUOT) {
        e.failure = StoreFailure::full;
        e.what = fmt::format("the disk is full ({})", std::strerror(sys));
      } else if (sys == EFBIG) {
        e.failure = StoreFailure::full;
        e.what = fmt::format("the file size limit is reached ({})", std::strerror(sys));
      } else {
        e.failure = StoreFailure::io_error;
        e.what = fmt::format("I/O error {} {} ({})", reading, noun, with_errno);
      }
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      e.failure = StoreFailure::busy;
      e.what = fmt::format("the store is busy (locked by another process) after {} ms", busy_ms);
      break;
    case SQLITE_READONLY:
      e.failure = StoreFailure::read_only;
      e.what = fmt::format("{} cannot be written ({})", noun, detail);
      break;
    case SQLITE_CANTOPEN:
      e.failure = StoreFailure::failed;
      e.what = fmt::format("cannot open {} ({})", noun, with_errno);
      break;
    default:
      e.failure = StoreFailure::failed;
      e.what = detail;
  }
  return e;
}

template <class T>
Stored<T> failed(StoreError error) {
  return Stored<T>{std::nullopt, std::move(error)};
}

// A prepared statement whose every bind and step result is kept: next() is
// true on a row, false when done or failed, and failed() tells which.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) { rc_ = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  // With an explicit length, so a NUL inside is kept.
  void bind(int i, const std::string& s) {
    keep(sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT));
  }
  void bind(int i, std::int64_t v) { keep(sqlite3_bind_int64(stmt_, i, v)); }
  void bind(int i, std::optional<double> v) { keep(v ? sqlite3_bind_double(stmt_, i, *v) : sqlite3_bind_null(stmt_, i)); }
  bool next() {
    if (failed()) return false;
    rc_ = sqlite3_step(stmt_);
    return rc_ == SQLITE_ROW;
  }
  bool failed() const { return rc_ != SQLITE_OK && rc_ != SQLITE_ROW && rc_ != SQLITE_DONE; }
  int rc() const { return rc_; }
  std::string text(int i) {
    auto p = sqlite3_column_text(stmt_, i);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)))
             : std::string();
  }
  std::int64_t integer(int i) { return sqlite3_column_int64(stmt_, i); }
  std::optional<double> real(int i) {
    if (sqlite3_column_type(stmt_, i) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_double(stmt_, i);
  }

 private:
  void keep(int rc) {
    if (rc != SQLITE_OK && !failed()) rc_ = rc;
  }
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
};

int exec(sqlite3* db, const char* sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }

Store::Entry entry_from(Statement& s) {
  return Store::Entry{s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.real(6).value_or(0),
                      s.text(7)};
}

constexpr const char* kEntryColumns = "id, subject, model, model_version, date, added, percent, level";

// The lines of an integrity check ("ok" when sound), without the "*** in database main ***" headings
// SQLite puts inside its first row; `rc` is the step's failure, or SQLITE_OK.
std::vector<std::string> check_lines(sqlite3* db, const char* pragma, int& rc) {
  Statement s(db, pragma);
  std::vector<std::string> lines;
  while (s.next()) {
    std::string row = s.text(0);
    for (std::size_t at = 0; at <= row.size();) {
      std::size_t end = std::min(row.find('\n', at), row.size());
      std::string line = row.substr(at, end - at);
      if (!line.empty() && line.rfind("*** in database", 0) != 0) lines.push_back(std::move(line));
      at = end + 1;
    }
  }
  rc = s.failed() ? s.rc() : SQLITE_OK;
  return lines;
}

// "LINE1; LINE2; LINE3 (and N more)".
std::string first_lines(const std::vector<std::string>& lines, std::size_t shown = 3) {
  std::string out;
  for (std::size_t i = 0; i < lines.size() && i < shown; ++i) out += (i ? "; " : "") + lines[i];
  if (lines.size() > shown) out += fmt::format(" (and {} more)", lines.size() - shown);
  return out;
}

// A path as an SQLite URI (file:...), with the characters URIs reserve escaped.
std::string file_uri(const fs::path& file) {
  std::error_code ec;
  fs::path absolute = fs::absolute(file, ec);
  std::string out = "file:";
  for (unsigned char c : (ec ? file : absolute).string()) {
    if (c == '%' || c == '?' || c == '#' || c < 0x21 || c >= 0x7f) out += fmt::format("%{:02X}", c);
    else out += static_cast<char>(c);
  }
  return out;
}

// Creates the schema in `db` up to schema_version; SQLITE_OK, or the failing step's result.
int migrate(sqlite3* db, int from, std::string& step) {
  for (int v = from; v < Store::schema_version; ++v) {
    int rc = exec(db, "BEGIN IMMEDIATE");
    if (rc != SQLITE_OK) return rc;
    // Another process may have migrated while we waited for the lock.
    Statement current(db, "PRAGMA user_version");
    if (!current.next()) {
      rc = current.failed() ? current.rc() : SQLITE_ERROR;
      exec(db, "ROLLBACK");
      return rc;
    }
    if (current.integer(0) > v) {
      exec(db, "COMMIT");
      continue;
    }
    if ((rc = exec(db, kMigrations[v])) != SQLITE_OK ||
        (rc = exec(db, fmt::format("PRAGMA user_version = {}", v + 1).c_str())) != SQLITE_OK ||
        (rc = exec(db, "COMMIT")) != SQLITE_OK) {
      step = fmt::format("migrating to schema version {} failed: {}", v + 1, sqlite3_errmsg(db));
      exec(db, "ROLLBACK");
      return rc;
    }
  }
  return SQLITE_OK;
}

}  // namespace

std::string StoreError::message() const { return file.empty() ? what : file + ": " + what; }

Store::Store(sqlite3* db, fs::path file, int busy_timeout_ms)
    : db_(db), file_(std::move(file)), busy_timeout_ms_(busy_timeout_ms) {}
Store::~Store() { sqlite3_close_v2(db_); }

std::unique_ptr<Store> Store::open(const fs::path& file, StoreError& error, Access access, int busy_timeout_ms) {
  error = StoreError{StoreFailure::none, file.string(), {}};
  auto fail = [&](sqlite3* db, int rc, std::string what = {}) -> std::unique_ptr<Store> {
    error = error_from(db, rc, file, access == Access::read_only ? Doing::reading : Doing::writing, busy_timeout_ms);
    if (!what.empty()) error.what = std::move(what);
    sqlite3_close_v2(db);
    return nullptr;
  };
  std::error_code ec;
  sqlite3* db = nullptr;
  // A read-only open of a store not yet created: an empty one in memory, and no file made.
  bool empty = access == Access::read_only && !fs::exists(file, ec) && !ec;
  if (empty) {
    if (int rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr))
      return fail(db, rc);
  } else if (access == Access::read_only) {
    // SQLite's read-only WAL reader needs the -shm beside the file, creating it
    // if it can; where nothing can be written and no -wal exists (no writer
    // anywhere), the file is immutable and read as it is.
    fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
    bool writable = ::access(file.c_str(), W_OK) == 0 && ::access(dir.c_str(), W_OK) == 0;
    fs::path wal = file;
    wal += "-wal";
    bool immutable = !writable && !fs::exists(wal, ec);
    std::string uri = file_uri(file) + (immutable ? "?mode=ro&immutable=1" : "?mode=ro");
    if (int rc = sqlite3_open_v2(uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX,
                                 nullptr))
      return fail(db, rc);
  } else {
    if (file.has_parent_path()) fs::create_directories(file.parent_path(), ec);
    // SQLite would open such a file read-only without a word, and fail at the first write.
    fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
    if (fs::exists(file, ec) && ::access(file.c_str(), W_OK) != 0)
      return fail(nullptr, SQLITE_READONLY, fmt::format("the store file cannot be written ({})", std::strerror(errno)));
    if (fs::is_directory(dir, ec) && ::access(dir.c_str(), W_OK) != 0)
      return fail(nullptr, SQLITE_READONLY,
                  fmt::format("the store's directory cannot be written, and SQLite keeps its -wal and -shm files "
                              "there ({})",
                              std::strerror(errno)));
    if (int rc = sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                                 nullptr))
      return fail(db, rc);
  }
  sqlite3_busy_timeout(db, busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  // While another process sets up or recovers the WAL, SQLite can answer a
  // step of opening with SQLITE_BUSY at once, without waiting in its busy
  // handler: such a step is tried again until the busy timeout.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms);
  auto retrying = [&](auto&& step) {
    for (;;) {
      int rc = step();
      if ((rc & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() >= give_up) return rc;
      sqlite3_sleep(5);
    }
  };
  if (access == Access::read_write || empty) {
    // WAL: readers never block the writer; FULL: a write acknowledged is on disk.
    if (int rc = retrying(
            [&] { return exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"); }))
      return fail(db, rc);
  }
  int version = 0;
  if (int rc = retrying([&] {
        Statement s(db, "PRAGMA user_version");
        if (!s.next()) return s.failed() ? s.rc() : SQLITE_ERROR;
        version = static_cast<int>(s.integer(0));
        return SQLITE_OK;
      }))
    return fail(db, rc);
  if (version > schema_version)
    return fail(db, SQLITE_ERROR,
                fmt::format("the database has schema version {}, newer than this mmf's {}", version, schema_version));
  if (access == Access::read_only && !empty && version < schema_version) {
    Statement tables(db, "SELECT count(*) FROM sqlite_schema");
    if (!tables.next()) return fail(db, tables.failed() ? tables.rc() : SQLITE_ERROR);
    if (version > 0 || tables.integer(0) > 0)
      return fail(db, SQLITE_ERROR,
                  version == 0 ? std::string("not an mmf store (it has tables but no schema version)")
                               : fmt::format("the store has schema version {}; it is migrated to {} when opened "
                                             "for writing (mmf store add)",
                                             version, schema_version));
    // An empty file: an empty store, read from memory so as not to write.
    sqlite3_close_v2(db);
    db = nullptr;
    if (int rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, nullptr))
      return fail(db, rc);
    empty = true;
    version = 0;
  }
  if (access == Access::read_write || empty) {
    std::string step;
    if (int rc = retrying([&] { return migrate(db, version, step); }))
      return fail(db, rc, step.empty() ? std::string() : step);
  }
  return std::unique_ptr<Store>(new Store(db, file, busy_timeout_ms));
}

Stored<int> Store::version() {
  Statement s(db_, "PRAGMA user_version");
  if (!s.next()) return failed<int>(error_from(db_, s.failed() ? s.rc() : SQLITE_ERROR, file_, Doing::reading, busy_timeout_ms_));
  return {static_cast<int>(s.integer(0)), {}};
}

Stored<std::int64_t> Store::add(const Result& r, const std::string& source, const std::string& source_name) {
  // SQLite keeps a NUL inside text, but every reader that takes text up to a
  // NUL (the command line, C strings) would see a shorter subject: refused.
  for (auto [name, value] : {std::pair<const char*, const std::string*>{"subject", &r.subject}, {"date", &r.date}})
    if (auto at = value->find('\0'); at != std::string::npos)
      return failed<std::int64_t>(
          {StoreFailure::invalid, file_.string(),
           fmt::format("the {} contains a NUL character (at byte {}), which the store does not keep", name, at)});
  auto fail = [&](int rc) {
    auto error = error_from(db_, rc, file_, Doing::writing, busy_timeout_ms_);
    exec(db_, "ROLLBACK");
    return failed<std::int64_t>(std::move(error));
  };
  if (int rc = exec(db_, "BEGIN IMMEDIATE")) return failed<std::int64_t>(error_from(db_, rc, file_, Doing::writing, busy_timeout_ms_));
  const Model& m = *r.model;
  auto level = [&](std::size_t l) { return l == npos ? std::string() : m.levels[l].id; };
  auto percent = [](const NodeResult& n) { return n.scored ? std::optional<double>(round_to(n.percent, 1)) : std::nullopt; };
  {
    Statement s(db_, "INSERT INTO assessments (subject, model, model_version, date, source_name, source, result, "
                     "percent, level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, r.subject);
    s.bind(2, m.id);
    s.bind(3, m.version);
    s.bind(4, r.date);
    s.bind(5, source_name);
    s.bind(6, source);
    s.bind(7, render_json_line(r));
    s.bind(8, percent(r.overall));
    s.bind(9, level(r.overall.level));
    s.next();
    if (s.failed()) return fail(s.rc());
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
      row.next();
      if (row.failed()) return fail(row.rc());
    }
  }
  // A testing aid: hold the transaction open so a test can kill us inside it.
  if (const char* pause = std::getenv("MMF_STORE_PAUSE_IN_TRANSACTION"); pause && *pause) {
    std::fprintf(stderr, "mmf: paused in transaction\n");
    std::fflush(stderr);
    std::this_thread::sleep_for(std::chrono::seconds(std::atoi(pause)));
  }
  if (int rc = exec(db_, "COMMIT")) return fail(rc);
  return {id, {}};
}

Stored<std::vector<Store::Entry>> Store::list(const std::string& subject, const std::string& model) {
  Statement s(db_, fmt::format("SELECT {} FROM assessments WHERE (?1 = '' OR subject = ?1) AND (?2 = '' OR model = ?2) "
                               "ORDER BY subject, model, date, id",
                               kEntryColumns));
  s.bind(1, subject);
  s.bind(2, model);
  std::vector<Entry> out;
  while (s.next()) out.push_back(entry_from(s));
  if (s.failed()) return failed<std::vector<Entry>>(error_from(db_, s.rc(), file_, Doing::reading, busy_timeout_ms_));
  return {std::move(out), {}};
}

namespace {

// One row by id: `read` takes it from the statement; not_found when there is none.
template <class T, class Read>
Stored<T> one(sqlite3* db, const std::string& sql, std::int64_t id, const fs::path& file, int busy_ms, Read read) {
  Statement s(db, sql);
  s.bind(1, id);
  if (s.next()) return {read(s), {}};
  if (s.failed()) return failed<T>(error_from(db, s.rc(), file, Doing::reading, busy_ms));
  return failed<T>({StoreFailure::not_found, file.string(), fmt::format("no stored assessment has id {}", id)});
}

}  // namespace

Stored<Store::Entry> Store::get(std::int64_t id) {
  return one<Entry>(db_, fmt::format("SELECT {} FROM assessments WHERE id = ?", kEntryColumns), id, file_,
                    busy_timeout_ms_, [](Statement& s) { return entry_from(s); });
}

Stored<std::string> Store::result_json(std::int64_t id) {
  return one<std::string>(db_, "SELECT result FROM assessments WHERE id = ?", id, file_, busy_timeout_ms_,
                          [](Statement& s) { return s.text(0); });
}

Stored<std::string> Store::source(std::int64_t id) {
  return one<std::string>(db_, "SELECT source FROM assessments WHERE id = ?", id, file_, busy_timeout_ms_,
                          [](Statement& s) { return s.text(0); });
}

Stored<std::size_t> Store::remove(std::int64_t id) {
  Statement s(db_, "DELETE FROM assessments WHERE id = ?");
  s.bind(1, id);
  s.next();
  if (s.failed()) return failed<std::size_t>(error_from(db_, s.rc(), file_, Doing::writing, busy_timeout_ms_));
  if (sqlite3_changes(db_) == 0)
    return failed<std::size_t>({StoreFailure::not_found, file_.string(), fmt::format("no stored assessment has id {}", id)});
  return {std::size_t{1}, {}};
}

Stored<std::vector<Store::Point>> Store::history(const std::string& subject, const std::string& model) {
  auto entries = list(subject, model);
  if (!entries.ok()) return failed<std::vector<Point>>(std::move(entries.error));
  std::vector<Point> points;
  for (auto& e : *entries.value) {
    Point p{e, {}};
    Statement s(db_, "SELECT group_id, percent, level FROM group_scores WHERE assessment = ? ORDER BY position");
    s.bind(1, e.id);
    while (s.next()) p.groups.push_back(GroupPoint{s.text(0), s.real(1), s.text(2)});
    if (s.failed()) return failed<std::vector<Point>>(error_from(db_, s.rc(), file_, Doing::reading, busy_timeout_ms_));
    points.push_back(std::move(p));
  }
  std::stable_sort(points.begin(), points.end(), [](const Point& a, const Point& b) {
    if (a.entry.model != b.entry.model) return a.entry.model < b.entry.model;
    return a.entry.date < b.entry.date;
  });
  return {std::move(points), {}};
}

namespace {

// Copies database `from` into `to` with SQLite's online backup API; SQLITE_OK or the failing step's result.
int copy_database(sqlite3* to, sqlite3* from) {
  sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
  if (!b) return sqlite3_errcode(to);
  int rc;
  while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(10);
  sqlite3_backup_finish(b);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

// The number of stored results, or nullopt with `rc` set.
std::optional<std::size_t> count_results(sqlite3* db, int& rc) {
  Statement s(db, "SELECT count(*) FROM assessments");
  if (s.next()) return static_cast<std::size_t>(s.integer(0));
  rc = s.failed() ? s.rc() : SQLITE_ERROR;
  return std::nullopt;
}

}  // namespace

Stored<std::size_t> Store::backup(const fs::path& file) {
  // The online backup copies pages as they are, so a damaged store would give a
  // damaged backup that restore then refuses: check first.
  int rc = SQLITE_OK;
  auto check = check_lines(db_, "PRAGMA integrity_check(100)", rc);
  bool damaged = (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
  if (rc != SQLITE_OK && !damaged)
    return failed<std::size_t>(error_from(db_, rc, file_, Doing::reading, busy_timeout_ms_));
  if (damaged) check.push_back(sqlite3_errmsg(db_));  // the check itself stopped at the damage
  if (check != std::vector<std::string>{"ok"})
    return failed<std::size_t>({StoreFailure::corrupt, file_.string(),
                                fmt::format("the store fails its integrity check ({}); no backup written",
                                            first_lines(check))});
  // A backup is a file: written beside its target and renamed over it, so a
  // symbolic link is followed to the file it names (the link stays), and a
  // device, FIFO or directory is refused rather than replaced.
  std::error_code ec;
  fs::path target = file;
  for (int hops = 0; hops < 40 && fs::is_symlink(fs::symlink_status(target, ec)); ++hops) {
    fs::path next = fs::read_symlink(target, ec);
    if (ec) break;
    target = next.is_absolute() ? next : target.parent_path() / next;  // a dangling link: the file it names
  }
  if (auto st = fs::status(target, ec); fs::exists(st) && !fs::is_regular_file(st))
    return failed<std::size_t>({StoreFailure::invalid, target.string(),
                                fs::is_directory(st) ? "is a directory; a backup is written to a file"
                                                     : "is not a regular file; a backup is written to a file"});
  fs::path tmp = target;
  tmp += fmt::format(".tmp-{}", ::getpid());
  fs::remove(tmp, ec);
  sqlite3* out = nullptr;
  auto fail = [&](int code, Doing doing) {
    auto error = error_from(out, code, target, doing, busy_timeout_ms_, "the backup");
    sqlite3_close_v2(out);
    fs::remove(tmp, ec);
    return failed<std::size_t>(std::move(error));
  };
  if (int open_rc = sqlite3_open_v2(tmp.c_str(), &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr))
    return fail(open_rc, Doing::writing);
  sqlite3_extended_result_codes(out, 1);
  if ((rc = copy_database(out, db_))) return fail(rc, Doing::writing);
  // One file, no -wal beside it: a rollback journal, fully synced.
  if ((rc = exec(out, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;"))) return fail(rc, Doing::writing);
  auto n = count_results(out, rc);
  if (!n) return fail(rc, Doing::reading);
  if ((rc = sqlite3_close_v2(out))) {
    out = nullptr;
    return fail(rc, Doing::writing);
  }
  out = nullptr;
  fs::rename(tmp, target, ec);
  if (ec) {
    std::string why = ec.message();
    fs::remove(tmp, ec);
    return failed<std::size_t>({StoreFailure::failed, target.string(), why});
  }
  return {*n, {}};
}

Stored<std::size_t> Store::restore(const fs::path& file) {
  std::error_code ec;
  auto refused = [&](std::string why) {
    return failed<std::size_t>({StoreFailure::failed, file.string(), why + "; the store is unchanged"});
  };
  if (!fs::is_regular_file(file, ec)) return refused("no such file");
  sqlite3* in = nullptr;
  if (sqlite3_open_v2(file.c_str(), &in, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string why = in ? sqlite3_errmsg(in) : "cannot open";
    sqlite3_close_v2(in);
    return refused(why);
  }
  auto refuse = [&](std::string why) {
    sqlite3_close_v2(in);
    return refused(std::move(why));
  };
  // A backup of an mmf store: it opens as SQLite, is intact, has our tables and a version we read.
  int rc = SQLITE_OK;
  auto check = check_lines(in, "PRAGMA integrity_check(100)", rc);
  if ((rc & 0xff) == SQLITE_NOTADB) return refuse("not an SQLite database");
  if (rc != SQLITE_OK) return refuse(error_from(in, rc, file, Doing::reading, busy_timeout_ms_, "the backup").what);
  if (check != std::vector<std::string>{"ok"})
    return refuse("it fails its integrity check (" + (check.empty() ? std::string("not a database") : first_lines(check)) +
                  ")");
  int version = 0;
  {
    Statement s(in, "PRAGMA user_version");
    if (s.next()) version = static_cast<int>(s.integer(0));
  }
  bool tables = false;
  {
    Statement s(in, "SELECT count(*) FROM assessments");
    tables = s.next();
  }
  if (!tables || version < 1) return refuse("not an mmf store");
  if (version > schema_version)
    return refuse(fmt::format("it has schema version {}, newer than this mmf's {}", version, schema_version));
  rc = copy_database(db_, in);
  sqlite3_close_v2(in);
  if (rc) return failed<std::size_t>(error_from(db_, rc, file_, Doing::writing, busy_timeout_ms_));
  // The copy carries the backup's journal mode; the live store writes ahead.
  if ((rc = exec(db_, "PRAGMA journal_mode = WAL;")))
    return failed<std::size_t>(error_from(db_, rc, file_, Doing::writing, busy_timeout_ms_));
  auto n = count_results(db_, rc);
  if (!n) return failed<std::size_t>(error_from(db_, rc, file_, Doing::reading, busy_timeout_ms_));
  return {*n, {}};
}

std::string Store::integrity_check() {
  int rc = SQLITE_OK;
  auto lines = check_lines(db_, "PRAGMA integrity_check", rc);
  std::string out;
  for (const auto& line : lines) out += (out.empty() ? "" : "; ") + line;
  if (rc != SQLITE_OK) out += (out.empty() ? "" : "; ") + error_from(db_, rc, file_, Doing::reading, busy_timeout_ms_).what;
  return out;
}

}  // namespace mmf
