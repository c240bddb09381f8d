// Splitting CSV records in place (RFC 4180, with `,`, `;` or tab as the
// delimiter): the one CSV parser of mmf's inputs (RecordStream and
// batch's fast path, which splits with the same field_end()), and of
// bench/csv_floor, the floor batch is measured against. Internal;
// header-only so that the benchmark shares it.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace mmf::detail {

// Eight bytes at a time, in one 64-bit word.
namespace swar {
constexpr std::uint64_t ones = 0x0101010101010101ULL;
constexpr std::uint64_t highs = 0x8080808080808080ULL;
// The bytes of v that are zero have their high bit set (exact up to the first).
inline std::uint64_t zero_bytes(std::uint64_t v) { return (v - ones) & ~v & highs; }
inline std::uint64_t load8(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
}  // namespace swar

// The end of the unquoted field at `p`: its delimiter or newline, else
// `end`. Looks at eight bytes at a time while eight are left.
inline const char* field_end(const char* p, const char* end, char delimiter) {
  const std::uint64_t delimiters = swar::ones * static_cast<unsigned char>(delimiter);
  while (end - p >= 8) {
    const std::uint64_t w = swar::load8(p);
    if (const std::uint64_t stops = swar::zero_bytes(w ^ delimiters) | swar::zero_bytes(w ^ (swar::ones * '\n')))
      return p + std::countr_zero(stops) / 8;
    p += 8;
  }
  while (p < end && *p != delimiter && *p != '\n') ++p;
  return p;
}

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
      p = field_end(p, end, delimiter);
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
