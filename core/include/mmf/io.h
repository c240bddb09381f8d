// File helpers shared by loaders and the host: bounded reads, and writes that
// never leave a partial file (a temporary beside the target, then rename).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "mmf/export.h"

namespace mmf {

// Reads a whole file of at most `limit` bytes. On failure returns nullopt and
// sets `error` to a message such as "cannot open: No such file or directory".
MMF_CORE_EXPORT std::optional<std::string> read_file(const std::filesystem::path& file, std::uintmax_t limit,
                                                     std::string& error);

// Writes `content` to `file` through a temporary file and a rename.
MMF_CORE_EXPORT bool write_file_atomically(const std::filesystem::path& file, std::string_view content,
                                           std::string& error);

}  // namespace mmf
