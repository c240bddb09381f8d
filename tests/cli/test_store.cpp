// The assessment store: saving, listing, history by date, migrations, and
// durability when a writer is killed mid-transaction.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <optional>
#include <random>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
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

TEST_CASE("The store lists, shows, exports and removes", "[store][cli]") {
  TempDir dir;
  REQUIRE(run_mmf(db_flag(dir) + "store add examples/alliance-acme-globex.toml examples/readiness-globex.json").status == 0);
  auto list = nlohmann::ordered_json::parse(run_mmf(db_flag(dir) + "store list --format json").out);
  REQUIRE(list.size() == 2);
  CHECK(list[0]["subject"] == "Acme × Globex alliance");
  CHECK(list[1]["level"] == "not-ready");
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
  std::string error;
  auto store = Store::open(dir.path() / "nested" / "dir" / "s.db", error);
  REQUIRE(store);
  CHECK(store->version() == Store::schema_version);
  CHECK(store->integrity_check() == "ok");
  store.reset();
  auto reopened = Store::open(dir.path() / "nested" / "dir" / "s.db", error);  // already current: no migration
  REQUIRE(reopened);
  CHECK(reopened->version() == Store::schema_version);
  // A database a future mmf wrote.
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open((dir.path() / "future.db").c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  auto future = Store::open(dir.path() / "future.db", error);
  CHECK_FALSE(future);
  CHECK(error == "the database has schema version 99, newer than this mmf's 1");
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

  std::string error;
  auto store = Store::open(db, error);
  REQUIRE(store);
  CHECK(store->integrity_check() == "ok");
  auto entries = store->list();
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
  std::string error;
  auto store = Store::open(dir.path() / "store.db", error);
  REQUIRE(store);
  CHECK(store->list().size() == 9);
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
  CHECK(unwritable.err == "mmf: error: backup failed: " + nowhere + ": unable to open database file\n");
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
  std::string error;
  auto store = Store::open(db, error);
  REQUIRE(store);
  CHECK(store->integrity_check() == "ok");
  for (const auto& [id, file] : acknowledged) {
    INFO("id " << id << " from " << file);
    auto source_text = store->source(id);
    REQUIRE(source_text);
    CHECK(*source_text == read_text(file));
  }
  CHECK(store->list().size() >= files.size() + acknowledged.size());
}
