// The floor under `mmf batch`: read a wide CSV in 1 MiB blocks and split
// every record into fields with the same splitter, on one core, and nothing
// else. Prints records, fields, seconds and records per second.
//   csv_floor FILE
#include <chrono>
#include <cstdio>
#include <fstream>

#include "csv/csv_record.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: csv_floor FILE.csv\n");
    return 2;
  }
  auto started = std::chrono::steady_clock::now();
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "%s: cannot open\n", argv[1]);
    return 1;
  }
  constexpr std::size_t block = std::size_t{1} << 20;
  std::string data;
  mmf::detail::Record record;
  std::uint64_t records = 0, fields = 0;
  bool eof = false;
  while (!eof || !data.empty()) {
    std::size_t old = data.size();
    data.resize(old + block);
    in.read(data.data() + old, static_cast<std::streamsize>(block));
    data.resize(old + static_cast<std::size_t>(in.gcount()));
    eof = !in;
    const char* p = data.data();
    const char* end = p + data.size();
    while (p < end) {
      auto parsed = mmf::detail::parse_record(p, end, record);
      if (!parsed.complete && !eof) break;  // the rest comes with the next block
      p = parsed.next;
      ++records;
      fields += record.fields.size();
    }
    data.erase(0, static_cast<std::size_t>(p - data.data()));
    if (eof && p == end) break;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("%llu records, %llu fields, %.3f s, %.0f records/s\n", static_cast<unsigned long long>(records),
              static_cast<unsigned long long>(fields), seconds, static_cast<double>(records) / seconds);
  return 0;
}
