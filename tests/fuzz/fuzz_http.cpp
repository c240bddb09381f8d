// libFuzzer target: the HTTP service. Each input is the raw bytes a client
// sends on one connection (one or more requests), parsed by the service's
// transport (Beast's parser with mmf's limits: header count and size, the
// body decoded from chunks and gzip/deflate against --max-body, ranges) and
// answered by the routes of `mmf serve` (the same Routes object run_serve()
// listens with), with the shipped models and plugins, a write token, and a
// store in memory — no socket.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "serve/http_server.h"
#include "serve/serve.h"

namespace {

struct Service {
  mmf::host::Context ctx = [] {
    mmf::host::Context c;
    c.models_dirs = {MMF_FUZZ_MODELS_DIR};
    c.plugin_dirs = {MMF_FUZZ_PLUGIN_DIR};
    c.db = ":memory:";
    c.quiet = true;
    return c;
  }();
  mmf::host::ServeOptions options = [] {
    mmf::host::ServeOptions o;
    o.token = "fuzz-token";
    o.max_body = 64 * 1024;
    return o;
  }();
  mmf::host::Routes routes{ctx, options};
  mmf::host::http::Router router;
  mmf::host::http::Limits limits = mmf::host::serve_limits(options);
  Service() { routes.install(router); }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Service* service = new Service();  // kept to the end: the routes refer to it
  std::vector<int> statuses;
  mmf::host::http::answer_bytes(service->router, service->limits,
                                std::string_view(reinterpret_cast<const char*>(data), size), &statuses);
  // For the regression tests: the status of each answer, in order.
  static const bool print = std::getenv("MMF_FUZZ_HTTP_PRINT") != nullptr;
  if (print)
    for (int status : statuses) std::printf("%d %s\n", status, mmf::host::http::reason(status).c_str());
  return 0;
}
