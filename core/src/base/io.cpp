// Bounded file reads, and writes that replace regular files atomically and
// write devices and FIFOs in place (mmf/io.h).
#include "mmf/io.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>

#include <fmt/format.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mmf {

std::optional<std::string> read_file(const std::filesystem::path& file, std::uintmax_t limit, std::string& error) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) {
    error = "is a directory, not a file";
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    error = std::string("cannot open: ") + std::strerror(errno);
    return std::nullopt;
  }
  in.seekg(0, std::ios::end);
  auto size = in.tellg();
  if (size < 0) {
    // Not seekable (a pipe): read with the limit enforced as we go.
    in.clear();
    in.seekg(0);
  } else if (static_cast<std::uintmax_t>(size) > limit) {
    error = "file is " + std::to_string(static_cast<std::uintmax_t>(size)) + " bytes; the limit is " +
            std::to_string(limit) + " bytes";
    return std::nullopt;
  }
  in.seekg(0, std::ios::beg);
  std::string content;
  if (size > 0) content.reserve(static_cast<std::size_t>(size));
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    content.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (content.size() > limit) {
      error = "file is over the limit of " + std::to_string(limit) + " bytes";
      return std::nullopt;
    }
  }
  return content;
}

namespace {

namespace fs = std::filesystem;

std::string errno_text() { return std::strerror(errno); }

// Where a write to a path lands. A regular file (or nothing yet) is replaced
// through a temporary beside it and a rename; a character device, a FIFO or a
// socket is opened and written in place, as a shell's `>` would: renaming
// over /dev/null would replace the system's null device with a file.
struct Target {
  fs::path path;  // symbolic links followed: the file that is replaced or written
  bool in_place = false;
};

std::optional<Target> resolve_target(const fs::path& file, std::string& error) {
  struct stat st {};
  if (::stat(file.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      error = "is a directory, not a file";
      return std::nullopt;
    }
    if (S_ISBLK(st.st_mode)) {
      error = "is a block device; results are written to files, pipes and character devices";
      return std::nullopt;
    }
    if (!S_ISREG(st.st_mode)) return Target{file, true};
    // The rename must land where the links lead, so that they stay links.
    char* real = ::realpath(file.c_str(), nullptr);
    if (!real) {
      error = "cannot resolve: " + errno_text();
      return std::nullopt;
    }
    Target target{real, false};
    std::free(real);
    return target;
  }
  if (errno != ENOENT) {
    error = "cannot open: " + errno_text();
    return std::nullopt;
  }
  // Nothing there, or a symbolic link to nothing: create the file the links name.
  fs::path path = file;
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(path, ec))) return Target{path, false};
    fs::path to = fs::read_symlink(path, ec);
    if (ec) {
      error = "cannot read the symbolic link " + path.string() + ": " + ec.message();
      return std::nullopt;
    }
    path = to.is_absolute() ? to : path.parent_path() / to;
  }
  error = "cannot open: " + std::string(std::strerror(ELOOP));
  return std::nullopt;
}

// Opens a node that is written in place: no O_CREAT (it exists; if it went
// away, an error rather than a new file) and no O_TRUNC (meaningless on a
// device or FIFO). A FIFO's open waits for its reader, as under `>`.
int open_in_place(const fs::path& path, std::string& error) {
  int fd;
  do fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    error = "cannot open: " + errno_text();
    return -1;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode)) {
    // Replaced by a file since it was looked at: writing without truncating would mix old and new.
    ::close(fd);
    error = "was replaced while being opened; try again";
    return -1;
  }
  return fd;
}

bool write_all(int fd, std::string_view content, std::string& error) {
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = "cannot write: " + errno_text();
      return false;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return true;
}

// A temporary file in `dir` named after `file`, readable as a result file
// should be once renamed; -1 with `error` set on failure.
int make_temporary(const fs::path& dir, const fs::path& file, std::string& temp, std::string& error) {
  temp = (dir / fmt::format(".{}.tmp-XXXXXX", file.filename().string())).string();
  int fd = ::mkstemp(temp.data());
  if (fd < 0) {
    error = "cannot create a temporary file in " + dir.string() + ": " + errno_text();
    return -1;
  }
  // mkstemp makes the file 0600; a result file should read like any other.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  return fd;
}

fs::path directory_of(const fs::path& file) { return file.parent_path().empty() ? fs::path(".") : file.parent_path(); }

}  // namespace

bool write_file_atomically(const std::filesystem::path& file, std::string_view content, std::string& error) {
  auto target = resolve_target(file, error);
  if (!target) return false;
  if (target->in_place) {
    int fd = open_in_place(target->path, error);
    if (fd < 0) return false;
    bool written = write_all(fd, content, error);
    if (::close(fd) != 0 && written) {
      error = "cannot write: " + errno_text();
      written = false;
    }
    return written;
  }
  std::string temp;
  int fd = make_temporary(directory_of(target->path), target->path, temp, error);
  if (fd < 0) return false;
  if (!write_all(fd, content, error)) {
    ::close(fd);
    ::unlink(temp.c_str());
    return false;
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    error = "cannot write: " + errno_text();
    ::unlink(temp.c_str());
    return false;
  }
  if (std::rename(temp.c_str(), target->path.c_str()) != 0) {
    error = "cannot rename into place: " + errno_text();
    ::unlink(temp.c_str());
    return false;
  }
  return true;
}

AtomicOutput::AtomicOutput(std::filesystem::path file) {
  auto target = resolve_target(file, error_);
  if (!target) return;
  file_ = target->path;
  std::filesystem::path dir = directory_of(file_);
  if (target->in_place) {
    // Opened now, as `>` opens before the command runs: a device that
    // refuses is reported before any work. What is written waits in a
    // temporary elsewhere until commit().
    in_place_fd_ = open_in_place(file_, error_);
    if (in_place_fd_ < 0) return;
    dir = std::filesystem::temp_directory_path();
  }
  std::string temp;
  int fd = make_temporary(dir, target->in_place ? std::filesystem::path("mmf-output") : file_, temp, error_);
  if (fd < 0) return;
  ::close(fd);
  temp_ = temp;
  out_.open(temp_, std::ios::binary | std::ios::trunc);
  ok_ = static_cast<bool>(out_);
  if (!ok_) error_ = "cannot open " + temp_.string();
}

AtomicOutput::~AtomicOutput() {
  if (in_place_fd_ >= 0) ::close(in_place_fd_);
  if (!committed_ && !temp_.empty()) {
    out_.close();
    ::unlink(temp_.c_str());
  }
}

bool AtomicOutput::truncate(std::streampos position) {
  out_.flush();
  std::error_code ec;
  std::filesystem::resize_file(temp_, static_cast<std::uintmax_t>(position), ec);
  if (ec || !out_) return false;
  out_.seekp(position);
  return static_cast<bool>(out_);
}

bool AtomicOutput::copy_to(std::ostream& out) {
  out_.flush();
  if (!out_) {
    error_ = "cannot write the temporary file " + temp_.string();
    return false;
  }
  out_.close();
  std::error_code ec;
  if (std::filesystem::file_size(temp_, ec) == 0 && !ec) return true;  // << of an empty buffer fails the stream
  std::ifstream in(temp_, std::ios::binary);
  out << in.rdbuf();
  out.flush();
  return static_cast<bool>(out);
}

bool AtomicOutput::commit() {
  out_.flush();
  if (!out_) {
    error_ = std::string("cannot write ") + file_.string();
    return false;
  }
  out_.close();
  if (in_place_fd_ >= 0) return commit_in_place();
  if (std::rename(temp_.c_str(), file_.c_str()) != 0) {
    error_ = "cannot rename into place: " + errno_text();
    return false;
  }
  committed_ = true;
  return true;
}

bool AtomicOutput::commit_in_place() {
  std::ifstream in(temp_, std::ios::binary);
  char buffer[65536];
  bool written = static_cast<bool>(in);
  if (!written) error_ = "cannot read the temporary file " + temp_.string();
  while (written && (in.read(buffer, sizeof buffer) || in.gcount() > 0))
    written = write_all(in_place_fd_, std::string_view(buffer, static_cast<std::size_t>(in.gcount())), error_);
  if (::close(in_place_fd_) != 0 && written) {
    error_ = "cannot write: " + errno_text();
    written = false;
  }
  in_place_fd_ = -1;
  return written;  // the destructor removes the temporary
}

}  // namespace mmf
