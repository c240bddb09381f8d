// `mmf serve`: the engine behind a JSON HTTP API (docs/openapi.yaml).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "cli/cli.h"
#include "mmf/brand.h"
#include "serve/http_server.h"

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
  // How long isolated plugin code may run for one request (seconds); then
  // the child is killed and the request gets 504 plugin_timeout.
  double plugin_timeout = 10;
  // What one client may take (http::Limits); times in seconds.
  double header_timeout = 10, body_timeout = 30, request_timeout = 60, idle_timeout = 30;
  std::size_t max_connections = 1024, max_connections_per_client = 64;
  std::size_t max_headers = 100, max_header_size = 16 * 1024;
  // The firm's branding for docx and pdf reports (--brand FILE), loaded
  // before the service starts; a client names no file.
  std::string brand_file;
  std::shared_ptr<const Brand> brand;
};

// The transport's limits that `options` set.
http::Limits serve_limits(const ServeOptions& options);

// Everything `mmf serve` answers, installed on a router. run_serve()
// listens with it; the HTTP fuzzer (tests/fuzz) feeds raw requests to it
// through http::answer_bytes(), without a socket.
class Routes {
 public:
  Routes(const Context& ctx, const ServeOptions& options);  // loads the plugins
  ~Routes();
  void install(http::Router& router);  // `this` must outlive the router's use

 private:
  struct State;
  std::unique_ptr<State> state_;
};

int run_serve(const Context& ctx, const ServeOptions& options);

}  // namespace mmf::host
