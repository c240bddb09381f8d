// libFuzzer target: the model loader (TOML -> document tree -> model ->
// validation), with `extends` resolved against the shipped models.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mmf/mmf.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const mmf::ModelCatalog catalog({MMF_FUZZ_MODELS_DIR});
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto loaded = mmf::parse_model(text, "fuzz.toml", catalog.finder());
  if (loaded.ok()) {
    // What `mmf show` and `mmf template` do with a model that loads.
    (void)mmf::render_model(*loaded.value);
    (void)mmf::render_model_toml(*loaded.value);
  }
  return 0;
}
