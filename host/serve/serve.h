// `mmf serve`: the engine behind a JSON HTTP API (docs/openapi.yaml).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "cli/cli.h"

namespace httplib {
class Server;
}

namespace mmf::host {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  std::string token;                  // required for writes, and to listen beyond loopback
  std::size_t max_body = 1024 * 1024;  // bytes; larger request bodies get 413
  int threads = 8;
  // Which requests score in a child process, so that a plugin that crashes
  // costs one request, not the service: "untrusted" (default: models whose
  // plugin or rule comes from --plugin-dir or MMF_PLUGIN_PATH), "all" (every
  // model with a plugin), or "none".
  std::string isolate = "untrusted";
};

// Everything `mmf serve` answers — routes, limits, error and exception
// handlers — installed on a server. run_serve() listens with it; the HTTP
// fuzzer (tests/fuzz) feeds raw requests to it without a socket.
class Routes {
 public:
  Routes(const Context& ctx, const ServeOptions& options);  // loads the plugins
  ~Routes();
  void install(httplib::Server& server);  // `this` must outlive the server's use

 private:
  struct State;
  std::unique_ptr<State> state_;
};

int run_serve(const Context& ctx, const ServeOptions& options);

}  // namespace mmf::host
