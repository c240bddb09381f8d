// File helpers shared by loaders and the host: bounded reads, and writes that
// never leave a partial file yet respect what they write to. A regular file
// (or a path with nothing at it yet) is written to a temporary beside it and
// renamed into place; a symbolic link is followed first, so the link stays and
// the file it names (created if the link dangles) gets the content; a
// character device, FIFO or socket (/dev/null, a terminal, a named pipe) is
// opened and written in place, as a shell's `>` would; a directory or a block
// device is refused.
//
// Thread-safety: read_file and write_file_atomically may be called from many
// threads at once on distinct files, but each write reads the process umask
// by setting it for an instant, so a file another thread creates at that
// moment may be created with umask 0. An AtomicOutput is not thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

#include "mmf/export.h"

namespace mmf {

// Reads a whole file of at most `limit` bytes. On failure returns nullopt and
// sets `error` to a message such as "cannot open: No such file or directory".
[[nodiscard]] MMF_CORE_EXPORT std::optional<std::string> read_file(const std::filesystem::path& file, std::uintmax_t limit,
                                                     std::string& error);

// Writes `content` to `file`: through a temporary file and a rename, or in
// place for a device or FIFO (see above). On failure `error` is one sentence
// ("is a directory, not a file") and a regular file is left as it was.
[[nodiscard]] MMF_CORE_EXPORT bool write_file_atomically(const std::filesystem::path& file, std::string_view content,
                                           std::string& error);

// A file written as a stream that appears at its path only on commit(): until
// then it is a temporary beside it, removed if the writer gives up or dies
// (an unclean exit leaves at worst a hidden .tmp file, never a partial result).
// A device or FIFO is opened at construction (a FIFO waits for its reader
// there) and gets the whole content on commit(); the temporary then lives in
// the system's temporary directory.
class MMF_CORE_EXPORT AtomicOutput {
 public:
  explicit AtomicOutput(std::filesystem::path file);
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }
  std::ostream& stream() { return out_; }
  // Takes back what was written after `position`, to be written again.
  [[nodiscard]] bool truncate(std::streampos position);
  [[nodiscard]] bool commit();
  // Instead of commit(): copies what was written to `out`; the temporary goes.
  [[nodiscard]] bool copy_to(std::ostream& out);

 private:
  bool commit_in_place();

  std::filesystem::path file_, temp_;  // file_: symbolic links followed
  std::ofstream out_;
  int in_place_fd_ = -1;  // a device or FIFO, written on commit()
  bool ok_ = false, committed_ = false;
  std::string error_;
};

}  // namespace mmf
