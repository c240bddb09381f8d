// libFuzzer target: the assessment loaders. The first byte picks the input
// kind — TOML, JSON, rows of a wide CSV for `mmf batch`, a mapping file and a
// CSV export (split at a line "---"), or a CSV export as one assessment — and
// what loads is scored and rendered, as `mmf assess` would. The CSV kinds run
// the dialect sniffing, the header matching by id and by text in two locales,
// the cell matching by label, and the readings again of unsorted and
// interleaved subjects.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>

#include "mmf/mmf.hpp"

namespace {

const mmf::Registry& registry() {
  static mmf::Registry r;  // the built-in rules
  return r;
}

std::shared_ptr<const mmf::Model> bands_model() {
  static auto model = mmf::load_model(MMF_FUZZ_FIXTURES_DIR "/rules/bands.toml").value;
  return model;
}

std::shared_ptr<const mmf::Model> survey_model() {
  static auto model = mmf::load_model(MMF_FUZZ_FIXTURES_DIR "/csv/survey.toml").value;
  return model;
}

void batch(std::shared_ptr<const mmf::Model> model, std::string_view csv, const mmf::CsvOptions& options,
           unsigned threads, mmf::BatchFormat format) {
  std::ostringstream out;
  mmf::BatchScorer scorer(std::move(model), registry(), format, out, [](const mmf::Diagnostic&) {});
  scorer.set_threads(threads);
  scorer.set_csv_options(options);
  scorer.set_truncate([&](std::streampos position) {
    std::string kept = out.str();
    kept.resize(static_cast<std::size_t>(position));
    out.str(kept);
    out.seekp(0, std::ios::end);
    return true;
  });
  std::istringstream in{std::string(csv)};
  scorer.add_csv(in, "fuzz.csv");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t kind = data[0] % 5;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto model = bands_model();
  const unsigned threads = 1 + (size & 1);  // one and two threads
  const auto format = (size & 2) ? mmf::BatchFormat::jsonl : mmf::BatchFormat::csv;
  if (kind == 2) {
    batch(model, text, {}, threads, format);
    return 0;
  }
  if (kind == 3 || kind == 4) {
    mmf::CsvOptions options;
    options.header_rows = 1 + (data[0] / 5) % 3;
    if (auto cut = text.find("\n---\n"); cut != std::string_view::npos) {
      auto mapping = mmf::parse_mapping(text.substr(0, cut), "fuzz.mapping.toml");
      text.remove_prefix(cut + 5);
      if (mapping.ok()) {
        mmf::Diagnostics checked;
        mmf::check_mapping(*mapping.value, *survey_model(), checked);
        if (checked.has_errors()) return 0;
        options.mapping = mapping.value;
      }
    }
    if (kind == 3) {
      batch(survey_model(), text, options, threads, format);
      return 0;
    }
    auto a = mmf::parse_assessment_csv(text, "fuzz.csv", *survey_model(), options, "fuzz");
    if (!a.ok()) return 0;
    auto outcome = mmf::assess(survey_model(), *a.value, registry(), mmf::AssessOptions{});
    if (outcome.ok()) (void)mmf::render_text(*outcome.result);
    return 0;
  }
  auto a = mmf::parse_assessment(text, kind == 0 ? "fuzz.toml" : "fuzz.json",
                                 kind == 0 ? mmf::InputFormat::toml : mmf::InputFormat::json);
  if (!a.ok()) return 0;
  mmf::AssessOptions options;
  auto outcome = mmf::assess(model, *a.value, registry(), options);
  if (outcome.ok()) {
    (void)mmf::render_json(*outcome.result);
    (void)mmf::render_text(*outcome.result);
  }
  return 0;
}
