// The one way loaders read a file: within the input size limit, with a read
// failure reported against the file, then parsed from memory.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "mmf/io.h"
#include "mmf/load.h"

namespace mmf::detail {

template <class T, class Parse>
Loaded<T> load_file(const std::filesystem::path& file, Parse&& parse) {
  std::string error;
  auto text = read_file(file, max_input_bytes, error);
  if (!text) {
    Loaded<T> result;
    result.diagnostics.error(Location{std::make_shared<const std::string>(file.string()), SourcePos{}}, error);
    return result;
  }
  return parse(*text, file.string());
}

}  // namespace mmf::detail
