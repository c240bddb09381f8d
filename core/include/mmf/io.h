// File helpers shared by loaders and the host: bounded reads, and writes that
// never leave a partial file (a temporary beside the target, then rename).
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

// Writes `content` to `file` through a temporary file and a rename.
[[nodiscard]] MMF_CORE_EXPORT bool write_file_atomically(const std::filesystem::path& file, std::string_view content,
                                           std::string& error);

// A file written as a stream that appears at its path only on commit(): until
// then it is a temporary beside it, removed if the writer gives up or dies
// (an unclean exit leaves at worst a hidden .tmp file, never a partial result).
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
  std::filesystem::path file_, temp_;
  std::ofstream out_;
  bool ok_ = false, committed_ = false;
  std::string error_;
};

}  // namespace mmf
