// The assessment store: saving, listing, history by date, migrations, and
// durability when a writer is killed mid-transaction.
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <thread>

#include <sys/mount.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <sqlite3.h>

#include "support.h"

using namespace mmf;
using namespace mmf::test;

namespace {

std::string db_flag(const TempDir& dir) { return "--db " + (dir.path() / "store.db").string() + " "; }

const char* kModels = "--models-dir tests/fixtures/rules ";

}  // namespace

TEST_CASE("Three dated assessments of one subject give the right trend in mmf history", "[store][cli]") {
  TempDir dir;
  // Added out of date order: history sorts by date.
  auto add = run_mmf(kModels + db_flag(dir) +
                     "store add tests/fixtures/store/q3.toml tests/fixtures/store/q1.toml tests/fixtures/store/q2.toml");
  INFO(add.err);
  REQUIRE(add.status == 0);
  CHECK(add.out == "1\ttests/fixtures/store/q3.toml\n2\ttests/fixtures/store/q1.toml\n3\ttests/fixtures/store/q2.toml\n");

  auto history = run_mmf(db_flag(dir) + "history 'Fabrikam × Tailspin' --format csv");
  REQUIRE(history.status == 0);
  // Q1: g1 = 0.66/3 = 0.22, g2 = 0.33/2 = 0.165, overall (2 × 0.22 + 0.165)/3 = 20.2%.
  // Q2: g1 = 1.65/3 = 0.55, g2 = 0.99/2 = 0.495, overall 53.2%.  Q3: g1 = 1, g2 = 0.83, overall 94.3%.
  CHECK(history.out ==
        "model,date,id,percent,level,delta,g1.percent,g1.level,g2.percent,g2.level\n"
        "banded,2026-03-31,2,20.2,low,,22,low,16.5,low\n"
        "banded,2026-06-30,3,53.2,mid,+33.0,55,mid,49.5,low\n"
        "banded,2026-09-30,1,94.3,high,+41.1,100,high,83,high\n");
  auto json = nlohmann::ordered_json::parse(run_mmf(db_flag(dir) + "history 'Fabrikam × Tailspin' --format json").out);
  CHECK(json["points"][2]["delta"] == 41.1);
  CHECK(json["points"][2]["groups"]["g2"].dump() == R"({"percent":83.0,"level":"high"})");
  auto text = run_mmf(db_flag(dir) + "history 'Fabrikam × Tailspin' --format text");
  CHECK(text.out.find("2026-09-30       1  high                      94.3%  +41.1") != std::string::npos);
}

TEST_CASE("mmf history names levels, groups and the model where it finds the model, and CSV keeps the ids",
          "[store][cli]") {
  TempDir dir;
  REQUIRE(run_mmf(kModels + db_flag(dir) + "store add tests/fixtures/store/q3.toml tests/fixtures/store/q1.toml").status ==
          0);
  auto text = run_mmf(kModels + db_flag(dir) + "history 'Fabrikam × Tailspin' --format text");
  CHECK(text.out ==
        "History of Fabrikam × Tailspin\n\nModel Banded model\n"
        "Date            Id  Level                   Percent      Δ     Group one     Group two\n"
        "2026-03-31       2  Low                       20.2%                22.0%         16.5%\n"
        "2026-09-30       1  High                      94.3%  +74.1        100.0%         83.0%\n");
  auto md = run_mmf(kModels + db_flag(dir) + "history 'Fabrikam × Tailspin' --format md");
  CHECK(md.out.find("| Date | Level | Percent | Δ | Group one | Group two |\n|---|---|---:|---:|---:|---:|\n"
                    "| 2026-03-31 | Low | 20.2% |  | 22.0% | 16.5% |\n") != std::string::npos);
  auto html = run_mmf(kModels + db_flag(dir) + "history 'Fabrikam × Tailspin' --format html");
  CHECK(html.out.find(">Group one<") != std::string::npos);
  CHECK(html.out.find(">g1<") == std::string::npos);
  auto csv = run_mmf(kModels + db_flag(dir) + "history 'Fabrikam × Tailspin' --format csv");
  CHECK(csv.out.rfind("model,date,id,percent,level,delta,g1.percent,g1.level,g2.percent,g2.level\nbanded,2026-03-31,2,20.2,low,",
                      0) == 0);
  // A model the store names but no models directory holds: its ids, as stored.
  auto unknown = run_mmf(db_flag(dir) + "history 'Fabrikam × Tailspin' --format text");
  CHECK(unknown.out.find("2026-09-30       1  high                      94.3%  +74.1") != std::string::npos);
}

TEST_CASE("The store lists, shows, exports and removes", "[store][cli]") {
  TempDir dir;
  REQUIRE(run_mmf(db_flag(dir) + "store add examples/alliance-acme-globex.toml examples/readiness-globex.json").status == 0);
  auto list = nlohmann::ordered_json::parse(run_mmf(db_flag(dir) + "store list --format json").out);
  REQUIRE(list.size() == 2);
  CHECK(list[0]["subject"] == "Acme × Globex alliance");
  CHECK(list[1]["level"] == "pilot");
  auto shown = nlohmann::ordered_json::parse(run_mmf(db_flag(dir) + "store show 1").out);
  CHECK(shown == nlohmann::ordered_json::parse(read_text(fixture("golden/alliance-acme-globex.json"))));
  CHECK(run_mmf(db_flag(dir) + "store show 1 --source").out == read_text(source("examples/alliance-acme-globex.toml")));
  auto exported = split_lines(run_mmf(db_flag(dir) + "store export").out);
  REQUIRE(exported.size() == 2);
  CHECK(nlohmann::ordered_json::parse(exported[1])["id"] == 2);
  CHECK(run_mmf(db_flag(dir) + "store rm 1").status == 0);
  auto missing = run_mmf(db_flag(dir) + "store rm 1");
  CHECK(missing.status == 2);
  CHECK(missing.err == "mmf: error: no stored assessment has id 1\n");
  CHECK(nlohmann::ordered_json::parse(run_mmf(db_flag(dir) + "store list --format json").out).size() == 1);
}

TEST_CASE("A new store is created at the current schema version, and a newer one is refused", "[store]") {
  TempDir dir;
  StoreError error;
  auto store = Store::open(dir.path() / "nested" / "dir" / "s.db", error);
  REQUIRE(store);
  CHECK(store->version().value == Store::schema_version);
  CHECK(store->integrity_check() == "ok");
  store.reset();
  auto reopened = Store::open(dir.path() / "nested" / "dir" / "s.db", error);  // already current: no migration
  REQUIRE(reopened);
  CHECK(reopened->version().value == Store::schema_version);
  // A database a future mmf wrote.
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open((dir.path() / "future.db").c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  auto future = Store::open(dir.path() / "future.db", error);
  CHECK_FALSE(future);
  CHECK(error.failure == StoreFailure::failed);
  CHECK(error.message() == (dir.path() / "future.db").string() + ": the database has schema version 99, newer than this mmf's 1");
}

TEST_CASE("A writer killed mid-transaction loses nothing committed, and the file still opens", "[store][durability]") {
  TempDir dir;
  auto db = (dir.path() / "store.db").string();
  auto committed = run_mmf(kModels + std::string("--db ") + db +
                           " store add tests/fixtures/store/q1.toml tests/fixtures/store/q2.toml");
  REQUIRE(committed.status == 0);

  // A writer that pauses inside its transaction, killed there.
  auto err = dir.path() / "err";
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv("MMF_STORE_PAUSE_IN_TRANSACTION", "30", 1);
    std::string command = "cd '" + std::string(MMF_TEST_SOURCE_DIR) + "' && exec '" + MMF_TEST_EXE + "' " + kModels +
                          "--db " + db + " store add tests/fixtures/store/q3.toml >/dev/null 2>'" + err.string() + "'";
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  bool paused = false;
  for (int i = 0; i < 300 && !paused; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    paused = read_text(err).find("paused in transaction") != std::string::npos;
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(paused);
  CHECK(WIFSIGNALED(status));

  StoreError error;
  auto store = Store::open(db, error);
  REQUIRE(store);
  CHECK(store->integrity_check() == "ok");
  auto entries = *store->list().value;
  REQUIRE(entries.size() == 2);  // the two committed; nothing of the killed one
  CHECK(entries[0].date == "2026-03-31");
  CHECK(entries[1].date == "2026-06-30");
  // And the store takes writes again.
  auto again = run_mmf(kModels + std::string("--db ") + db + " store add tests/fixtures/store/q3.toml");
  CHECK(again.status == 0);
  CHECK(again.out == "3\ttests/fixtures/store/q3.toml\n");
}

TEST_CASE("Several mmf processes can write one store at once", "[store][durability]") {
  TempDir dir;
  std::vector<pid_t> children;
  for (int c = 0; c < 3; ++c) {
    pid_t pid = ::fork();
    if (pid == 0) {
      std::string command = "cd '" + std::string(MMF_TEST_SOURCE_DIR) + "' && exec '" + MMF_TEST_EXE + "' " + kModels +
                            db_flag(dir) +
                            "store add tests/fixtures/store/q1.toml tests/fixtures/store/q2.toml "
                            "tests/fixtures/store/q3.toml >/dev/null 2>&1";
      ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    children.push_back(pid);
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  StoreError error;
  auto store = Store::open(dir.path() / "store.db", error);
  REQUIRE(store);
  CHECK(store->list().value->size() == 9);
  CHECK(store->integrity_check() == "ok");
}

TEST_CASE("mmf store backup and restore: a consistent copy, and a restore that checks what it is given",
          "[store][cli]") {
  TempDir dir;
  const std::string db = db_flag(dir);
  const std::string backup = (dir.path() / "backup.db").string();
  REQUIRE(run_mmf(kModels + db + "store add tests/fixtures/store/q1.toml tests/fixtures/store/q2.toml").status == 0);
  auto saved = run_mmf(db + "store backup " + backup);
  INFO(saved.err);
  REQUIRE(saved.status == 0);
  CHECK(saved.out == "backed up 2 results to " + backup + "\n");
  CHECK_FALSE(std::filesystem::exists(backup + "-wal"));  // one self-contained file
  REQUIRE(run_mmf(kModels + db + "store add tests/fixtures/store/q3.toml").status == 0);

  auto restored = run_mmf(db + "store restore " + backup);
  CHECK(restored.status == 0);
  CHECK(restored.out == "restored 2 results from " + backup + "\n");
  auto list = run_mmf(db + "store list --format json");
  CHECK(list.out.find("\"id\": 3") == std::string::npos);
  CHECK(list.out.find("\"id\": 2") != std::string::npos);
  // Writes go on after a restore.
  auto again = run_mmf(kModels + db + "store add tests/fixtures/store/q3.toml");
  CHECK(again.status == 0);

  // Not a store: refused, and the store is unchanged.
  auto text = dir.write("notes.txt", "not a database at all, just text long enough to look like a file header\n");
  auto bad = run_mmf(db + "store restore " + text.string());
  CHECK(bad.status == 2);
  CHECK(bad.err == "mmf: error: restore failed: " + text.string() + ": not an SQLite database; the store is unchanged\n");
  auto other = dir.path() / "other.db";
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(other.c_str(), &raw) == SQLITE_OK);
    sqlite3_exec(raw, "CREATE TABLE t (x)", nullptr, nullptr, nullptr);
    sqlite3_close(raw);
  }
  auto foreign = run_mmf(db + "store restore " + other.string());
  CHECK(foreign.status == 2);
  CHECK(foreign.err == "mmf: error: restore failed: " + other.string() + ": not an mmf store; the store is unchanged\n");
  CHECK(run_mmf(db + "store list --format json").out.find("\"id\": 3") != std::string::npos);  // unchanged
  const std::string nope = (dir.path() / "nope.db").string();
  auto missing = run_mmf(db + "store restore " + nope);
  CHECK(missing.status == 2);
  CHECK(missing.err == "mmf: error: restore failed: " + nope + ": no such file; the store is unchanged\n");

  // A backup that cannot be written fails, and leaves nothing behind.
  const std::string nowhere = (dir.path() / "no" / "such" / "dir" / "b.db").string();
  auto unwritable = run_mmf(db + "store backup " + nowhere);
  CHECK(unwritable.status == 1);
  CHECK(unwritable.err == "mmf: error: backup failed: " + nowhere + ": cannot open the backup (unable to open database file: No such file or directory)\n");
  CHECK_FALSE(std::filesystem::exists(dir.path() / "no"));
}

TEST_CASE("mmf store add killed with SIGKILL again and again: the store stays intact and keeps every acknowledged "
          "write",
          "[store][durability]") {
  TempDir dir;
  const auto db = (dir.path() / "store.db").string();
  const std::string q1 = read_text(source("tests/fixtures/store/q1.toml"));
  std::vector<std::string> files;
  for (int i = 0; i < 60; ++i) {
    std::string text = q1;
    auto at = text.find("subject = ");
    text.insert(at + 11, "S" + std::to_string(i) + " ");
    files.push_back(dir.write("a" + std::to_string(i) + ".toml", text).string());
  }
  auto run_add = [&](std::optional<std::chrono::microseconds> kill_after) {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    pid_t pid = ::fork();
    if (pid == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      std::freopen("/dev/null", "w", stderr);
      if (::chdir(MMF_TEST_SOURCE_DIR) != 0) ::_exit(126);
      std::vector<std::string> args = {MMF_TEST_EXE, "--models-dir", "tests/fixtures/rules", "--db", db, "store", "add"};
      args.insert(args.end(), files.begin(), files.end());
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(MMF_TEST_EXE, argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    if (kill_after) {
      std::this_thread::sleep_for(*kill_after);
      ::kill(pid, SIGKILL);
    }
    std::string text;
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(out[0], buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(n));
    ::close(out[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return text;
  };
  // How long a whole batch takes here (under sanitizers too), to kill within it.
  auto started = std::chrono::steady_clock::now();
  auto first = run_add(std::nullopt);
  auto whole = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
  REQUIRE(split_lines(first).size() == files.size());

  std::map<std::int64_t, std::string> acknowledged;  // id -> file, from the lines printed after each commit
  std::mt19937 rng(11);
  int killed_mid_batch = 0;
  for (int round = 0; round < 30; ++round) {
    auto after = std::chrono::microseconds(rng() % static_cast<std::uint64_t>(whole.count()));
    auto lines = split_lines(run_add(after));
    if (!lines.empty() && lines.size() < files.size()) ++killed_mid_batch;
    for (const auto& line : lines) {
      auto tab = line.find('\t');
      if (tab == std::string::npos) continue;  // a line cut by the kill was never acknowledged
      acknowledged[std::stoll(line.substr(0, tab))] = line.substr(tab + 1);
    }
  }
  INFO("rounds killed mid-batch: " << killed_mid_batch << ", acknowledged writes: " << acknowledged.size());
  CHECK(killed_mid_batch > 0);
  StoreError error;
  auto store = Store::open(db, error);
  REQUIRE(store);
  CHECK(store->integrity_check() == "ok");
  for (const auto& [id, file] : acknowledged) {
    INFO("id " << id << " from " << file);
    auto source_text = store->source(id);
    REQUIRE(source_text.ok());
    CHECK(*source_text.value == read_text(file));
  }
  CHECK(store->list().value->size() >= files.size() + acknowledged.size());
}

// ---- A store that fails loudly: corruption, read-only files and mounts, a full disk, NUL characters.

namespace {

// A tmpfs mounted on `dir` (tests run as root), unmounted when done; mounted() is false where mounting
// is not permitted, and the test says so and skips.
class TmpfsMount {
 public:
  TmpfsMount(const std::filesystem::path& dir, const std::string& options) : dir_(dir) {
    std::filesystem::create_directories(dir);
    mounted_ = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) == 0;
    if (!mounted_) why_ = std::strerror(errno);
  }
  ~TmpfsMount() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;
  bool mounted() const { return mounted_; }
  const std::string& why() const { return why_; }
  bool remount_read_only() {
    return ::mount("tmpfs", dir_.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
  }

 private:
  std::filesystem::path dir_;
  bool mounted_ = false;
  std::string why_;
};

void exec_sql(sqlite3* db, const char* sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  INFO((message ? message : ""));
  sqlite3_free(message);
  REQUIRE(rc == SQLITE_OK);
}

// A store of `rows` results of one subject: one added by mmf, the rest copied from it in SQL, then
// checkpointed into the one file.
void fill_store(const std::string& db, int rows) {
  REQUIRE(run_mmf(kModels + std::string("--db ") + db + " store add tests/fixtures/store/q1.toml").status == 0);
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
  exec_sql(raw, fmt::format("WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < {}) "
                            "INSERT INTO assessments (id, subject, model, model_version, date, added, source_name, "
                            "source, result, percent, level) SELECT i, subject, model, model_version, date, added, "
                            "source_name, source, result, percent, level FROM assessments, n WHERE id = 1",
                            rows)
                    .c_str());
  exec_sql(raw, "INSERT INTO group_scores SELECT a.id, g.position, g.group_id, g.percent, g.level "
                "FROM assessments a, group_scores g WHERE g.assessment = 1 AND a.id > 1");
  exec_sql(raw, "PRAGMA wal_checkpoint(TRUNCATE)");
  sqlite3_close(raw);
}

// Overwrites `count` pages from the middle of the file with a pattern no b-tree page has.
void corrupt_middle_pages(const std::string& db, int count) {
  auto size = std::filesystem::file_size(db);
  std::size_t pages = size / 4096;
  REQUIRE(pages > 100);
  std::FILE* f = std::fopen(db.c_str(), "r+b");
  REQUIRE(f);
  std::string garbage(4096 * static_cast<std::size_t>(count), '\x5a');
  std::fseek(f, static_cast<long>(pages / 2 * 4096), SEEK_SET);
  REQUIRE(std::fwrite(garbage.data(), 1, garbage.size(), f) == garbage.size());
  std::fclose(f);
}

}  // namespace

TEST_CASE("A store with a corrupt page: list, export, history, show and backup fail naming the problem, and write "
          "nothing",
          "[store][cli][faults]") {
  TempDir dir;
  const std::string db = (dir.path() / "store.db").string();
  fill_store(db, 720);
  {
    auto whole = run_mmf("--db " + db + " store list --format json");
    REQUIRE(whole.status == 0);
    REQUIRE(nlohmann::ordered_json::parse(whole.out).size() == 720);
  }
  corrupt_middle_pages(db, 4);
  const std::string corrupt = "mmf: error: " + db + ": the store file is corrupt (database disk image is malformed)\n";

  auto list = run_mmf("--db " + db + " store list --format json");
  CHECK(list.status == 1);
  CHECK(list.out.empty());  // not the rows before the damage
  CHECK(list.err == corrupt);

  const auto exported_file = dir.path() / "export.jsonl";
  auto exported = run_mmf("--db " + db + " store export -o " + exported_file.string());
  CHECK(exported.status == 1);
  CHECK(exported.err == corrupt);
  CHECK_FALSE(std::filesystem::exists(exported_file));
  auto to_stdout = run_mmf("--db " + db + " store export");
  CHECK(to_stdout.status == 1);
  CHECK(to_stdout.out.empty());

  auto history = run_mmf("--db " + db + " history 'Fabrikam × Tailspin' --format csv");
  CHECK(history.status == 1);
  CHECK(history.out.empty());
  CHECK(history.err == corrupt);

  const auto backup = dir.path() / "backup.db";
  auto saved = run_mmf("--db " + db + " store backup " + backup.string());
  CHECK(saved.status == 1);
  CHECK(saved.out.empty());
  CHECK(saved.err.rfind("mmf: error: backup failed: " + db + ": the store fails its integrity check (", 0) == 0);
  CHECK(saved.err.find("); no backup written\n") != std::string::npos);
  CHECK(split_lines(saved.err).size() == 1);
  CHECK_FALSE(std::filesystem::exists(backup));
  INFO(saved.err);
  // The check's own words, at most three of them.
  CHECK(saved.err.find("(and ") != std::string::npos);
}

TEST_CASE("Store::get tells no such id from a damaged store, and backup names what the integrity check found",
          "[store][faults]") {
  TempDir dir;
  const std::string db = (dir.path() / "store.db").string();
  fill_store(db, 720);
  {
    StoreError error;
    auto store = Store::open(db, error, Store::Access::read_only);
    REQUIRE(store);
    auto missing = store->get(9999);
    CHECK_FALSE(missing.ok());
    CHECK(missing.not_found());
    CHECK(missing.error.what == "no stored assessment has id 9999");
    auto found = store->get(360);
    REQUIRE(found.ok());
    CHECK(found.value->subject == "Fabrikam × Tailspin");
  }
  corrupt_middle_pages(db, 4);
  // The check's first three lines, as SQLite gives them.
  std::vector<std::string> check;
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(raw, "PRAGMA integrity_check(100)", -1, &s, nullptr) == SQLITE_OK);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      std::string row = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
      for (const auto& line : split_lines(row + "\n"))
        if (line.rfind("*** in database", 0) != 0) check.push_back(line);
    }
    if (rc != SQLITE_DONE) check.push_back(sqlite3_errmsg(raw));  // the check stopped at the damage
    sqlite3_finalize(s);
    sqlite3_close(raw);
  }
  REQUIRE(check.size() > 3);
  StoreError error;
  auto store = Store::open(db, error, Store::Access::read_only);
  REQUIRE(store);
  std::optional<std::int64_t> damaged;
  for (std::int64_t id = 1; id <= 720 && !damaged; ++id) {
    auto e = store->get(id);
    if (!e.ok()) {
      damaged = id;
      CHECK(e.error.failure == StoreFailure::corrupt);
      CHECK(e.error.message() == db + ": the store file is corrupt (database disk image is malformed)");
    }
  }
  CHECK(damaged);
  auto listed = store->list();
  CHECK_FALSE(listed.ok());
  CHECK(listed.error.failure == StoreFailure::corrupt);
  auto backup = store->backup(dir.path() / "b.db");
  REQUIRE_FALSE(backup.ok());
  CHECK(backup.error.failure == StoreFailure::corrupt);
  CHECK(backup.error.what == "the store fails its integrity check (" + check[0] + "; " + check[1] + "; " + check[2] +
                                 " (and " + std::to_string(check.size() - 3) + " more)); no backup written");
}

TEST_CASE("A lock held past the busy timeout is an error naming the wait, not an empty answer", "[store][faults]") {
  TempDir dir;
  const std::string db = (dir.path() / "store.db").string();
  REQUIRE(run_mmf(kModels + std::string("--db ") + db + " store add tests/fixtures/store/q1.toml").status == 0);
  const std::string busy = db + ": the store is busy (locked by another process) after 200 ms";
  auto started = std::chrono::steady_clock::now();
  auto waited = [&] { return std::chrono::steady_clock::now() - started; };

  // A writer's lock: another write waits for it, then fails.
  StoreError error;
  auto store = Store::open(db, error, Store::Access::read_write, 200);
  REQUIRE(store);
  sqlite3* holder = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &holder) == SQLITE_OK);
  exec_sql(holder, "BEGIN IMMEDIATE");
  started = std::chrono::steady_clock::now();
  auto added = store->add(score(model_fixture("rules/bands.toml"), *assessment_fixture("store/q2.toml")), "x", "q2");
  CHECK(waited() >= std::chrono::milliseconds(150));
  CHECK(waited() < std::chrono::seconds(5));
  REQUIRE_FALSE(added.ok());
  CHECK(added.error.failure == StoreFailure::busy);
  CHECK(added.error.message() == busy);
  exec_sql(holder, "ROLLBACK");
  store.reset();

  // A lock readers cannot pass (exclusive locking mode): the read-only open fails the same way.
  exec_sql(holder, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; "
                   "INSERT INTO group_scores VALUES (0, 0, 'held', NULL, '')");
  started = std::chrono::steady_clock::now();
  auto reader = Store::open(db, error, Store::Access::read_only, 200);
  CHECK(waited() >= std::chrono::milliseconds(150));
  CHECK(waited() < std::chrono::seconds(5));
  CHECK_FALSE(reader);
  CHECK(error.failure == StoreFailure::busy);
  CHECK(error.message() == busy);
  sqlite3_close(holder);  // never committed

  reader = Store::open(db, error, Store::Access::read_only, 200);  // the lock gone, the store reads
  REQUIRE(reader);
  auto listed = reader->list();
  REQUIRE(listed.ok());
  CHECK(listed.value->size() == 1);
}

TEST_CASE("A read-only store file in a read-only directory lists, shows, exports and backs up, and writes nothing "
          "to it",
          "[store][cli][faults]") {
  TempDir dir;
  const auto db = dir.path() / "ro" / "store.db";
  std::filesystem::create_directories(db.parent_path());
  REQUIRE(run_mmf(kModels + std::string("--db ") + db.string() +
                  " store add tests/fixtures/store/q1.toml tests/fixtures/store/q2.toml")
              .status == 0);
  REQUIRE_FALSE(std::filesystem::exists(db.string() + "-wal"));  // closed clean: one file
  const std::string before = read_text(db);
  // Not even root writes here: mmf runs without the capabilities that let root
  // ignore permissions (as nobody, it could not reach a build tree in a
  // private folder), with the file 0444 and its directory 0555.
  std::filesystem::permissions(dir.path(), std::filesystem::perms(0755));
  std::filesystem::permissions(db, std::filesystem::perms(0444));
  std::filesystem::permissions(db.parent_path(), std::filesystem::perms(0555));
  const auto out = dir.path() / "out";
  std::filesystem::create_directories(out);
  const std::string unprivileged = "setpriv --bounding-set=-dac_override,-dac_read_search";
  const std::string flag = "--db " + db.string() + " ";

  auto list = run_mmf(flag + "store list --format json", unprivileged);
  INFO(list.err);
  REQUIRE(list.status == 0);
  CHECK(list.err.empty());
  auto entries = nlohmann::ordered_json::parse(list.out);
  REQUIRE(entries.size() == 2);
  CHECK(entries[1]["date"] == "2026-06-30");
  auto shown = run_mmf(flag + "store show 2 --source", unprivileged);
  CHECK(shown.status == 0);
  CHECK(shown.out == read_text(source("tests/fixtures/store/q2.toml")));
  auto history = run_mmf(flag + "history 'Fabrikam × Tailspin' --format csv", unprivileged);
  CHECK(history.status == 0);
  CHECK(split_lines(history.out).size() == 3);
  auto exported = run_mmf(flag + "store export", unprivileged);
  CHECK(exported.status == 0);
  CHECK(split_lines(exported.out).size() == 2);
  const std::string backup = (out / "b.db").string();
  auto saved = run_mmf(flag + "store backup " + backup, unprivileged);
  CHECK(saved.status == 0);
  CHECK(saved.out == "backed up 2 results to " + backup + "\n");

  // A write is refused, naming the files it did not store.
  auto add = run_mmf(kModels + flag + "store add tests/fixtures/store/q3.toml", unprivileged);
  CHECK(add.status == 1);
  CHECK(add.out.empty());
  CHECK(add.err == "mmf: error: " + db.string() +
                       ": the store file cannot be written (Permission denied)\n"
                       "mmf: error: not stored: tests/fixtures/store/q3.toml (1 file)\n");

  CHECK(read_text(db) == before);
  CHECK_FALSE(std::filesystem::exists(db.string() + "-wal"));
  CHECK_FALSE(std::filesystem::exists(db.string() + "-shm"));
  std::filesystem::permissions(db.parent_path(), std::filesystem::perms(0755));
}

TEST_CASE("A store on a read-only mount lists and backs up — a store not yet created lists empty and is not created",
          "[store][cli][faults]") {
  TempDir dir;
  const auto mount_dir = dir.path() / "ro";
  TmpfsMount mount(mount_dir, "size=4m");
  if (!mount.mounted()) {
    WARN("skipped: cannot mount a tmpfs here (" << mount.why() << ")");
    return;
  }
  const std::string db = (mount_dir / "store.db").string();
  REQUIRE(run_mmf(kModels + std::string("--db ") + db +
                  " store add tests/fixtures/store/q1.toml tests/fixtures/store/q2.toml tests/fixtures/store/q3.toml")
              .status == 0);
  REQUIRE(mount.remount_read_only());
  auto list = run_mmf("--db " + db + " store list --format json");
  INFO(list.err);
  CHECK(list.status == 0);
  CHECK(list.err.empty());
  CHECK(nlohmann::ordered_json::parse(list.out).size() == 3);
  auto history = run_mmf("--db " + db + " history 'Fabrikam × Tailspin' --format csv");
  CHECK(history.status == 0);
  CHECK(split_lines(history.out).size() == 4);
  const std::string backup = (dir.path() / "b.db").string();
  auto saved = run_mmf("--db " + db + " store backup " + backup);
  CHECK(saved.status == 0);
  CHECK(saved.out == "backed up 3 results to " + backup + "\n");

  auto add = run_mmf(kModels + std::string("--db ") + db + " store add tests/fixtures/store/q1.toml");
  CHECK(add.status == 1);
  CHECK(add.err == "mmf: error: " + db + ": the store file cannot be written (Read-only file system)\n"
                   "mmf: error: not stored: tests/fixtures/store/q1.toml (1 file)\n");

  // Nothing there yet: an empty listing, and no file made.
  const auto absent = dir.path() / "none" / "store.db";
  auto empty = run_mmf("--db " + absent.string() + " store list --format json");
  CHECK(empty.status == 0);
  CHECK(empty.out == "[]\n");
  CHECK_FALSE(std::filesystem::exists(absent.parent_path()));
}

TEST_CASE("mmf store add at a full disk names every file it stored and every file it did not", "[store][cli][faults]") {
  TempDir dir;
  // Twelve assessments of about 24 KiB each, for a 256 KiB disk.
  const std::string q1 = read_text(source("tests/fixtures/store/q1.toml"));
  std::string padding;
  for (int line = 0; line < 240; ++line) padding += "# " + std::string(98, 'x') + "\n";
  std::vector<std::string> files;
  std::string args;
  for (int i = 0; i < 12; ++i) {
    files.push_back(dir.write("a" + std::to_string(i) + ".toml", padding + q1).string());
    args += " " + files.back();
  }
  const auto disk = dir.path() / "disk";
  TmpfsMount mount(disk, "size=256k");
  if (!mount.mounted()) {
    WARN("skipped: cannot mount a tmpfs here (" << mount.why() << ")");
    return;
  }
  const std::string db = (disk / "store.db").string();
  auto add = run_mmf(kModels + std::string("--db ") + db + " store add" + args);
  INFO(add.out << add.err);
  CHECK(add.status == 1);
  auto acknowledged = split_lines(add.out);
  REQUIRE(acknowledged.size() > 0);
  REQUIRE(acknowledged.size() < files.size());
  std::size_t k = acknowledged.size();
  std::string stored, not_stored;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (i < k) CHECK(acknowledged[i] == std::to_string(i + 1) + "\t" + files[i]);
    (i < k ? stored : not_stored) += (i == 0 || i == k ? "" : ", ") + files[i];
  }
  CHECK(add.err == "mmf: error: " + files[k] + ": not stored: " + db + ": the disk is full (no space left to write the store file)\n" +
                       "mmf: error: stored: " + stored + " (" + std::to_string(k) + " file" + (k == 1 ? "" : "s") +
                       ")\nmmf: error: not stored: " + not_stored + " (" + std::to_string(files.size() - k) +
                       " files)\n");
  // Every acknowledged write is there, and nothing else.
  StoreError error;
  auto store = Store::open(db, error, Store::Access::read_only);
  REQUIRE(store);
  auto entries = store->list();
  REQUIRE(entries.ok());
  CHECK(entries.value->size() == k);
  CHECK(store->integrity_check() == "ok");
}

TEST_CASE("A subject with a NUL character is refused at store add, naming the file — other text keeps its NULs",
          "[store][cli][faults]") {
  TempDir dir;
  auto nul = dir.write("nul.json", R"({"format": "mmf-assessment/1", "model": "banded", "subject": "Fab\u0000rikam",
    "date": "2026-03-31", "answers": {"q1": "pi", "q2": "ni", "q3": "pi", "q4": "ni", "q5": "pi"}})");
  auto add = run_mmf(kModels + db_flag(dir) + "store add " + nul.string() + " tests/fixtures/store/q1.toml");
  CHECK(add.status == 2);
  CHECK(add.out == "1\ttests/fixtures/store/q1.toml\n");
  CHECK(add.err == "mmf: error: " + nul.string() +
                       ": not stored: the subject contains a NUL character (at byte 3), which the store does not keep\n");
  auto list = nlohmann::ordered_json::parse(run_mmf(db_flag(dir) + "store list --format json").out);
  REQUIRE(list.size() == 1);
  CHECK(list[0]["subject"] == "Fabrikam × Tailspin");

  // The stored assessment text is read back whole, NULs and all (bound and read with its length).
  StoreError error;
  auto store = Store::open(dir.path() / "store.db", error);
  REQUIRE(store);
  Result result = score(model_fixture("rules/bands.toml"), *assessment_fixture("store/q1.toml"));
  const std::string text("before\0after", 12);
  auto id = store->add(result, text, "nul-inside");
  REQUIRE(id.ok());
  auto back = store->source(*id.value);
  REQUIRE(back.ok());
  CHECK(*back.value == text);
  result.subject = std::string("A\0B", 3);
  auto refused = store->add(result, text, "nul-subject");
  CHECK(refused.error.failure == StoreFailure::invalid);
  CHECK(refused.error.what == "the subject contains a NUL character (at byte 1), which the store does not keep");
  CHECK(store->list().value->size() == 2);
}

TEST_CASE("mmf store backup follows a symbolic link and refuses a device, leaving it a device", "[store][cli]") {
  TempDir dir;
  const std::string db = db_flag(dir);
  REQUIRE(run_mmf(kModels + db + "store add tests/fixtures/store/q1.toml").status == 0);
  const auto target = dir.path() / "real.db";
  const auto link = dir.path() / "link.db";
  std::filesystem::create_symlink(target, link);
  auto linked = run_mmf(db + "store backup " + link.string());
  INFO(linked.err);
  CHECK(linked.status == 0);
  CHECK(std::filesystem::is_symlink(link));
  CHECK(std::filesystem::is_regular_file(target));
  CHECK(run_mmf("--db " + target.string() + " store list --format json").out.find("\"id\": 1") != std::string::npos);

  const auto folder = dir.path() / "folder";
  std::filesystem::create_directory(folder);
  auto into_folder = run_mmf(db + "store backup " + folder.string());
  CHECK(into_folder.status != 0);
  CHECK(into_folder.err.find(folder.string() + ": is a directory; a backup is written to a file") != std::string::npos);
  if (::geteuid() != 0) {
    WARN("not root: the device-node case needs mknod");
    return;
  }
  const auto null = dir.path() / "null";
  REQUIRE(::mknod(null.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);
  auto device = run_mmf(db + "store backup " + null.string());
  CHECK(device.status != 0);
  CHECK(device.err.find(null.string() + ": is not a regular file; a backup is written to a file") != std::string::npos);
  CHECK(std::filesystem::is_character_file(null));
}
