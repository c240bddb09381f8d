// Diagnostic formatting and collection.
#include "mmf/diagnostic.h"

#include <algorithm>

namespace mmf {

std::string Diagnostic::str() const {
  std::string s = file;
  if (pos.line > 0) {
    s += ':' + std::to_string(pos.line);
    if (pos.column > 0) s += ':' + std::to_string(pos.column);
  }
  s += severity == Severity::error ? ": error: " : ": warning: ";
  s += message;
  return s;
}

void Diagnostics::add(Diagnostic d) {
  if (d.severity == Severity::error) ++errors_;
  items_.push_back(std::move(d));
}

void Diagnostics::error(const Location& where, std::string message) {
  add(Diagnostic{Severity::error, where.file ? *where.file : std::string(), where.pos, std::move(message)});
}

void Diagnostics::plugin_failure(const Location& where, std::string message) {
  add(Diagnostic{Severity::error, where.file ? *where.file : std::string(), where.pos, std::move(message), true});
}

bool Diagnostics::has_plugin_failures() const {
  for (const auto& d : items_)
    if (d.plugin_failure) return true;
  return false;
}

void Diagnostics::warning(const Location& where, std::string message) {
  add(Diagnostic{Severity::warning, where.file ? *where.file : std::string(), where.pos, std::move(message)});
}

void Diagnostics::append(const Diagnostics& other) {
  for (const auto& d : other.items_) add(d);
}

void Diagnostics::sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.file != b.file) return a.file < b.file;
    if (a.pos.line != b.pos.line) return a.pos.line < b.pos.line;
    return a.pos.column < b.pos.column;
  });
}

}  // namespace mmf
