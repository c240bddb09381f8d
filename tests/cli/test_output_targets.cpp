// -o respects what it writes to: a regular file is replaced atomically, a
// symbolic link is followed and kept, a device or FIFO is written in place,
// a directory is refused. Both writers are driven: mmf assess (a whole
// result) and mmf batch (a stream that appears on commit).
#include <atomic>
#include <cerrno>
#include <cstring>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include "support.h"

using namespace mmf::test;
namespace fs = std::filesystem;

namespace {

const std::string kAssess = "assess alliance examples/alliance-acme-globex.toml --format json -o ";
const std::string kBatch = "batch alliance examples/alliance-acme-globex.toml -o ";
const std::string kBatchSays = "mmf: scored 1 assessment, skipped 0\n";

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

// What mmf batch writes for the example, as a regular file gets it.
std::string batch_golden() {
  TempDir dir;
  auto run = run_mmf(kBatch + (dir.path() / "b.csv").string());
  REQUIRE(run.status == 0);
  return read_text(dir.path() / "b.csv");
}

// Reads a FIFO while `args` + FIFO runs mmf: opened before mmf starts and
// without blocking, so the test ends (within 30 s) even if mmf never opens it.
struct FifoRun {
  Run run;
  std::string received;
};
FifoRun run_into_fifo(const fs::path& fifo, const std::string& args) {
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  int fd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  REQUIRE(fd >= 0);
  std::atomic<bool> exited{false};
  FifoRun result;
  std::thread reader([&] {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    char buffer[65536];
    while (std::chrono::steady_clock::now() < deadline) {
      ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n > 0) {
        result.received.append(buffer, static_cast<std::size_t>(n));
        continue;
      }
      if (n == 0 && exited) break;  // the writer is gone and mmf has ended: all is read
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 20) == 0 || n == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  result.run = run_mmf(args + fifo.string());
  exited = true;
  reader.join();
  ::close(fd);
  return result;
}

}  // namespace

TEST_CASE("mmf -o to a null device node writes through it and leaves it a character device", "[cli][output]") {
  TempDir dir;
  auto null = dir.path() / "null";
  if (::mknod(null.c_str(), S_IFCHR | 0666, ::makedev(1, 3)) != 0) {
    WARN("skipped: making a device node needs root (mknod: " << std::strerror(errno) << ")");
    return;
  }
  for (const auto& [args, says] : {std::pair{kAssess, std::string()}, std::pair{kBatch, kBatchSays}}) {
    INFO(args);
    auto run = run_mmf(args + null.string());
    CHECK(run.status == 0);
    CHECK(run.out.empty());
    CHECK(run.err == says);
    struct stat st {};
    REQUIRE(::lstat(null.c_str(), &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
    CHECK(st.st_rdev == ::makedev(1, 3));
    CHECK(entries(dir.path()) == 1);  // no temporary left beside it
  }
  // A block device is refused, and stays what it is.
  auto block = dir.path() / "block";
  REQUIRE(::mknod(block.c_str(), S_IFBLK | 0600, ::makedev(7, 0)) == 0);
  auto refused = run_mmf(kAssess + block.string());
  CHECK(refused.status == 1);
  CHECK(refused.err == "mmf: error: " + block.string() +
                           ": is a block device; results are written to files, pipes and character devices\n");
  struct stat st {};
  REQUIRE(::lstat(block.c_str(), &st) == 0);
  CHECK(S_ISBLK(st.st_mode));
}

TEST_CASE("mmf -o to a FIFO gives its reader the whole output", "[cli][output]") {
  TempDir dir;
  auto assess = run_into_fifo(dir.path() / "assess.fifo", kAssess);
  CHECK(assess.run.status == 0);
  CHECK(assess.run.err.empty());
  CHECK(assess.received == read_text(fixture("golden/alliance-acme-globex.json")));
  CHECK(fs::is_fifo(dir.path() / "assess.fifo"));

  auto batch = run_into_fifo(dir.path() / "batch.fifo", kBatch);
  CHECK(batch.run.status == 0);
  CHECK(batch.run.err == kBatchSays);
  CHECK(batch.received == batch_golden());
  CHECK(fs::is_fifo(dir.path() / "batch.fifo"));
  CHECK(entries(dir.path()) == 2);

  // A batch that refuses its input writes nothing, to a FIFO as to a file.
  auto refused = run_into_fifo(dir.path() / "refused.fifo",
                               "batch --models-dir tests/fixtures/invalid/assessment checked "
                               "tests/fixtures/invalid/assessment/bad-option.toml -o ");
  CHECK(refused.run.status == 2);
  CHECK(refused.received.empty());
}

TEST_CASE("mmf -o to a symbolic link writes the file it points to and keeps the link", "[cli][output]") {
  TempDir dir;
  fs::create_directory(dir.path() / "results");
  auto real = dir.write("results/real.json", "old content\n");
  auto link = dir.path() / "link.json";
  fs::create_symlink("results/real.json", link);
  auto chain = dir.path() / "chain.json";
  fs::create_symlink("link.json", chain);

  auto run = run_mmf(kAssess + chain.string());
  CHECK(run.status == 0);
  CHECK(run.err.empty());
  CHECK(fs::is_symlink(chain));
  CHECK(fs::read_symlink(chain) == "link.json");
  CHECK(fs::is_symlink(link));
  CHECK(fs::read_symlink(link) == "results/real.json");
  CHECK(fs::is_regular_file(fs::symlink_status(real)));
  CHECK(read_text(real) == read_text(fixture("golden/alliance-acme-globex.json")));
  CHECK(entries(dir.path() / "results") == 1);

  auto batch = run_mmf(kBatch + link.string());
  CHECK(batch.status == 0);
  CHECK(fs::read_symlink(link) == "results/real.json");
  CHECK(read_text(real) == batch_golden());
  CHECK(entries(dir.path() / "results") == 1);
}

TEST_CASE("mmf -o to a dangling symbolic link creates the file it names", "[cli][output]") {
  TempDir dir;
  fs::create_directory(dir.path() / "results");
  auto link = dir.path() / "link.json";
  fs::create_symlink(dir.path() / "results/new.json", link);  // absolute
  auto run = run_mmf(kAssess + link.string());
  CHECK(run.status == 0);
  CHECK(run.err.empty());
  CHECK(fs::is_symlink(link));
  CHECK(fs::read_symlink(link) == dir.path() / "results/new.json");
  CHECK(fs::is_regular_file(fs::symlink_status(dir.path() / "results/new.json")));
  CHECK(read_text(dir.path() / "results/new.json") == read_text(fixture("golden/alliance-acme-globex.json")));

  auto batch_link = dir.path() / "batch.csv";
  fs::create_symlink("results/batch.csv", batch_link);  // relative to the link's folder
  auto batch = run_mmf(kBatch + batch_link.string());
  CHECK(batch.status == 0);
  CHECK(fs::is_symlink(batch_link));
  CHECK(read_text(dir.path() / "results/batch.csv") == batch_golden());

  // A link into a folder that does not exist: refused, nothing created.
  auto nowhere = dir.path() / "nowhere.json";
  fs::create_symlink("missing/new.json", nowhere);
  auto refused = run_mmf(kAssess + nowhere.string());
  CHECK(refused.status == 1);
  CHECK(refused.err == "mmf: error: " + nowhere.string() + ": cannot create a temporary file in " +
                           (dir.path() / "missing").string() + ": No such file or directory\n");
  CHECK_FALSE(fs::exists(dir.path() / "missing"));
}

TEST_CASE("mmf -o refuses a directory, a link loop and a socket, naming the path", "[cli][output]") {
  TempDir dir;
  auto folder = dir.path() / "folder";
  fs::create_directory(folder);
  for (const std::string& args : {kAssess, kBatch}) {
    INFO(args);
    auto run = run_mmf(args + folder.string());
    CHECK(run.status == 1);
    CHECK(run.err == "mmf: error: " + folder.string() + ": is a directory, not a file\n");
    CHECK(fs::is_directory(folder));
    CHECK(entries(folder) == 0);
  }
  CHECK(entries(dir.path()) == 1);

  auto a = dir.path() / "a", b = dir.path() / "b";
  fs::create_symlink("b", a);
  fs::create_symlink("a", b);
  auto loop = run_mmf(kAssess + a.string());
  CHECK(loop.status == 1);
  CHECK(loop.err == "mmf: error: " + a.string() + ": cannot open: Too many levels of symbolic links\n");
  CHECK(fs::read_symlink(a) == "b");

  // A socket cannot be opened as a file: the error open(2) gives, and the socket stays.
  auto socket_path = dir.path() / "s";
  int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(s >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  REQUIRE(socket_path.string().size() < sizeof address.sun_path);
  std::strcpy(address.sun_path, socket_path.c_str());
  REQUIRE(::bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  auto sock = run_mmf(kAssess + socket_path.string());
  ::close(s);
  CHECK(sock.status == 1);
  CHECK(sock.err == "mmf: error: " + socket_path.string() + ": cannot open: No such device or address\n");
  CHECK(fs::is_socket(socket_path));
}
