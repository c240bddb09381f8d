// libFuzzer target: the HTTP service. Each input is a raw HTTP request,
// parsed by cpp-httplib and answered by the routes of `mmf serve` (the same
// Routes object run_serve() listens with), with the shipped models and
// plugins, a write token, and a store in memory.
#include <cstddef>
#include <cstdint>

#include <httplib.h>

#include "serve/serve.h"

namespace {

// process_request() is protected: the fuzzer reaches it as a subclass.
class FuzzServer : public httplib::Server {
 public:
  bool handle(httplib::Stream& stream) {
    bool closed = false;
    return process_request(stream, true, closed, [](httplib::Request&) {});
  }
};

FuzzServer& server() {
  static mmf::host::Context ctx = [] {
    mmf::host::Context c;
    c.models_dirs = {MMF_FUZZ_MODELS_DIR};
    c.plugin_dirs = {MMF_FUZZ_PLUGIN_DIR};
    c.db = ":memory:";
    c.quiet = true;
    return c;
  }();
  static mmf::host::ServeOptions options = [] {
    mmf::host::ServeOptions o;
    o.token = "fuzz-token";
    o.max_body = 64 * 1024;
    return o;
  }();
  static mmf::host::Routes routes(ctx, options);
  static FuzzServer* s = [] {
    auto* made = new FuzzServer();  // kept to the end, as the routes it refers to
    routes.install(*made);
    return made;
  }();
  return *s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzServer& s = server();
  httplib::detail::BufferStream stream;
  stream.write(reinterpret_cast<const char*>(data), size);
  s.handle(stream);
  return 0;
}
