// The assessment store: saving, listing, history by date, migrations, and
// durability when a writer is killed mid-transaction.
#include <csignal>
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
