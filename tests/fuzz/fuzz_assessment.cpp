// libFuzzer target: the assessment loaders. The first byte picks the input
// kind — TOML, JSON, or rows of a wide CSV for `mmf batch` — and a model
// that loads is scored and rendered, as `mmf assess` would.
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t kind = data[0] % 3;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  auto model = bands_model();
  if (kind == 2) {
    std::ostringstream out;
    mmf::BatchScorer scorer(model, registry(), mmf::BatchFormat::csv, out, [](const mmf::Diagnostic&) {});
    scorer.set_threads(1 + (size & 1));  // one and two threads
    std::istringstream in{std::string(text)};
    scorer.add_csv(in, "fuzz.csv");
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
