// Positioned errors and warnings, reported by every loader and check.
//
// Thread-safety: Diagnostics is a plain value, cheap to move: read it from
// many threads at once, but write it from one.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "mmf/export.h"

namespace mmf {

// A 1-based line and column; 0 means "not known".
struct SourcePos {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

// Where a model or assessment element came from. The file name is shared
// between every element of one file.
struct Location {
  std::shared_ptr<const std::string> file;
  SourcePos pos;
};

enum class Severity { error, warning };

struct Diagnostic {
  Severity severity = Severity::error;
  std::string file;
  SourcePos pos;
  std::string message;
  // A plugin's code failed (threw): the fault of the server or the plugin,
  // not of the input. `mmf` exits 1 and the service answers 500
  // plugin_failed, where an input's errors give 2 and 422.
  bool plugin_failure = false;

  // "FILE:LINE:COLUMN: error: MESSAGE" (line and column left out when unknown).
  MMF_CORE_EXPORT std::string str() const;
};

class MMF_CORE_EXPORT Diagnostics {
 public:
  void add(Diagnostic d);
  void error(const Location& where, std::string message);
  void warning(const Location& where, std::string message);
  // An error that is a plugin's failure (Diagnostic::plugin_failure).
  void plugin_failure(const Location& where, std::string message);
  void append(const Diagnostics& other);

  bool has_errors() const { return errors_ > 0; }
  bool has_plugin_failures() const;
  std::size_t error_count() const { return errors_; }
  std::size_t warning_count() const { return items_.size() - errors_; }
  bool empty() const { return items_.empty(); }
  const std::vector<Diagnostic>& items() const { return items_; }

  // Orders by file, line and column, keeping the report order among equals.
  void sort();

 private:
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
};

}  // namespace mmf
