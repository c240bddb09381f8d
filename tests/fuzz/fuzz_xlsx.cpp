// libFuzzer target: the questionnaire workbook reader. The first byte picks
// what the rest is: 0, the whole .xlsx file (the zip package); otherwise one
// part of the survey model's blank questionnaire replaced by the rest — the
// workbook, its relationships, a sheet, the shared strings — packed again
// uncompressed, so that mutations reach the XML and the named cells rather
// than stopping at the zip's checksums. What reads is scored and rendered,
// as `mmf assess` would.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <zip.h>

#include "mmf/mmf.hpp"
#include "mmf/xlsx_input.h"

namespace {

const mmf::Registry& registry() {
  static mmf::Registry r;
  return r;
}

std::shared_ptr<const mmf::Model> survey_model() {
  static auto model = mmf::load_model(MMF_FUZZ_FIXTURES_DIR "/csv/survey.toml").value;
  return model;
}

using Parts = std::vector<std::pair<std::string, std::string>>;

// The blank questionnaire's parts, read once.
const Parts& template_parts() {
  static const Parts parts = [] {
    Parts out;
    const std::string bytes = mmf::render_template_xlsx(*survey_model());
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &ze);
    zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    for (zip_int64_t i = 0; za && i < zip_get_num_entries(za, 0); ++i) {
      zip_stat_t st;
      zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st);
      std::string data(st.size, '\0');
      zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
      zip_fread(f, data.data(), data.size());
      zip_fclose(f);
      out.emplace_back(st.name, std::move(data));
    }
    if (za) zip_discard(za);
    zip_error_fini(&ze);
    return out;
  }();
  return parts;
}

// The parts packed as a zip, stored (not compressed), in memory.
std::string pack(const Parts& parts) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &ze);
  zip_source_keep(src);
  zip_t* za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
  for (const auto& [name, data] : parts) {
    zip_source_t* s = zip_source_buffer(za, data.data(), data.size(), 0);
    zip_int64_t index = zip_file_add(za, name.c_str(), s, ZIP_FL_OVERWRITE);
    if (index >= 0) zip_set_file_compression(za, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
  }
  zip_close(za);
  std::string out;
  if (zip_source_open(src) == 0) {
    zip_source_seek(src, 0, SEEK_END);
    out.resize(static_cast<std::size_t>(zip_source_tell(src)));
    zip_source_seek(src, 0, SEEK_SET);
    zip_source_read(src, out.data(), out.size());
    zip_source_close(src);
  }
  zip_source_free(src);
  zip_error_fini(&ze);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 2, size - 2);
  std::string bytes;
  if (data[0] == 0) {
    bytes.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  } else {
    Parts parts = template_parts();
    parts[data[1] % parts.size()].second = std::string(rest);
    bytes = pack(parts);
  }
  auto a = mmf::parse_assessment_xlsx(bytes, "fuzz.xlsx", *survey_model());
  if (!a.ok()) return 0;
  mmf::Diagnostics checked;
  mmf::check_assessment(*a.value, *survey_model(), checked);
  auto outcome = mmf::assess(survey_model(), *a.value, registry(), mmf::AssessOptions{});
  if (outcome.ok()) (void)mmf::render_json(*outcome.result);
  return 0;
}
