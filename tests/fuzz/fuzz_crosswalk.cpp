// libFuzzer target: the crosswalk loader, its check against two shipped
// models, and applying it to the alliance example.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mmf/mmf.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto from = mmf::load_model(MMF_FUZZ_MODELS_DIR "/alliance.toml").value;
  static const auto to = mmf::load_model(MMF_FUZZ_MODELS_DIR "/capability.toml").value;
  static const auto example = mmf::load_assessment(MMF_FUZZ_SOURCE_DIR "/examples/alliance-acme-globex.toml").value;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto cw = mmf::parse_crosswalk(text, "fuzz.toml");
  if (!cw.ok()) return 0;
  mmf::Diagnostics d;
  mmf::check_crosswalk(*cw.value, *from, *to, d);
  if (!d.has_errors()) (void)mmf::apply_crosswalk(*cw.value, *from, *to, *example);
  return 0;
}
