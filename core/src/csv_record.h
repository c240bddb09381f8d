// Splitting CSV records in place (RFC 4180, with `,`, `;` or tab as the
// delimiter): the one CSV parser of mmf's inputs, and of bench/csv_floor, the
// floor batch is measured against. Internal; header-only so that the
// benchmark shares it.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace mmf::detail {

// One CSV record. Fields are views into the block, or into `unquoted` for
// fields that had quotes (a deque: its strings never move).
struct Record {
  std::vector<std::string_view> fields;
  std::vector<std::uint32_t> columns;
  std::deque<std::string> unquoted;
  std::size_t used = 0;
  std::uint32_t lines = 1;  // physical lines the record spans

  bool blank() const { return fields.size() == 1 && fields[0].empty(); }
  std::string& scratch() {
    if (used == unquoted.size()) unquoted.emplace_back();
    std::string& s = unquoted[used++];
    s.clear();
    return s;
  }
};

struct Parsed {
  const char* next;  // just past the record's newline, or `end`
  bool complete;     // ended by a newline outside quotes
};

// Parses the record at `p`: a quote opens a quoted field only as its first
// character; "" inside quotes is a quote; characters after the closing quote
// join the field; a CR before the newline is dropped.
inline Parsed parse_record(const char* p, const char* end, Record& r, char delimiter = ',') {
  r.fields.clear();
  r.columns.clear();
  r.used = 0;
  r.lines = 1;
  const char* line_start = p;
  while (true) {
    const auto column = static_cast<std::uint32_t>(p - line_start + 1);
    if (p < end && *p == '"') {
      std::string& s = r.scratch();
      ++p;
      while (p < end) {
        char c = *p++;
        if (c == '"') {
          if (p < end && *p == '"') {
            s += '"';
            ++p;
          } else {
            break;
          }
        } else {
          if (c == '\n') {
            ++r.lines;
            line_start = p;
          }
          s += c;
        }
      }
      while (p < end && *p != delimiter && *p != '\n') s += *p++;
      if (!s.empty() && s.back() == '\r' && (p == end || *p == '\n')) s.pop_back();
      r.fields.emplace_back(s);
    } else {
      const char* start = p;
      while (p < end && *p != delimiter && *p != '\n') ++p;
      const char* stop = p;
      if (stop > start && stop[-1] == '\r' && (p == end || *p == '\n')) --stop;
      r.fields.emplace_back(start, static_cast<std::size_t>(stop - start));
    }
    r.columns.push_back(column);
    if (p == end) return {p, false};
    if (*p++ == '\n') return {p, true};
  }
}

}  // namespace mmf::detail
