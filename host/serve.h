// `mmf serve`: the engine behind a JSON HTTP API (docs/openapi.yaml).
#pragma once

#include <cstddef>
#include <string>

#include "commands.h"

namespace mmf::host {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  std::string token;                  // required for writes, and to listen beyond loopback
  std::size_t max_body = 1024 * 1024;  // bytes; larger request bodies get 413
  int threads = 8;
};

int run_serve(const Context& ctx, const ServeOptions& options);

}  // namespace mmf::host
