// Bounded file reads and atomic file writes.
#include "mmf/io.h"

#include <cerrno>
#include <cstdio>
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

bool write_file_atomically(const std::filesystem::path& file, std::string_view content, std::string& error) {
  std::filesystem::path dir = file.parent_path();
  if (dir.empty()) dir = ".";
  std::string pattern = (dir / fmt::format(".{}.tmp-XXXXXX", file.filename().string())).string();
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    error = "cannot create a temporary file in " + dir.string() + ": " + std::strerror(errno);
    return false;
  }
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::string("cannot write: ") + std::strerror(errno);
      ::close(fd);
      ::unlink(pattern.c_str());
      return false;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  // mkstemp makes the file 0600; a result file should read like any other.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    error = std::string("cannot write: ") + std::strerror(errno);
    ::unlink(pattern.c_str());
    return false;
  }
  if (std::rename(pattern.c_str(), file.c_str()) != 0) {
    error = std::string("cannot rename into place: ") + std::strerror(errno);
    ::unlink(pattern.c_str());
    return false;
  }
  return true;
}

AtomicOutput::AtomicOutput(std::filesystem::path file) : file_(std::move(file)) {
  std::filesystem::path dir = file_.parent_path().empty() ? "." : file_.parent_path();
  std::string pattern = (dir / fmt::format(".{}.tmp-XXXXXX", file_.filename().string())).string();
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) {
    error_ = "cannot create a temporary file in " + dir.string() + ": " + std::strerror(errno);
    return;
  }
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  ::close(fd);
  temp_ = pattern;
  out_.open(temp_, std::ios::binary | std::ios::trunc);
  ok_ = static_cast<bool>(out_);
  if (!ok_) error_ = "cannot open " + temp_.string();
}

AtomicOutput::~AtomicOutput() {
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
  if (std::rename(temp_.c_str(), file_.c_str()) != 0) {
    error_ = std::string("cannot rename into place: ") + std::strerror(errno);
    return false;
  }
  committed_ = true;
  return true;
}

}  // namespace mmf
