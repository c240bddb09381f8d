// The service's HTTP/1.1 transport (Boost.Beast on Asio): requests in,
// responses out, with the limits that keep one client from starving the
// rest — deadlines, connection caps, header and body bounds. It knows no
// route of mmf: serve.cpp installs those on a Router.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mmf::host::http {

using Fields = std::vector<std::pair<std::string, std::string>>;

// One request, its body already decoded (chunked framing and gzip/deflate
// Content-Encoding removed) and within the body limit.
struct Request {
  std::string method;              // "GET", "POST", ... as sent
  std::string path;                // the target's path, percent-decoded
  Fields params;                   // the query, decoded ('+' is a space), in order
  Fields headers;                  // as sent, names in their own case
  std::string body;
  std::string peer;                // the client's address
  std::vector<std::string> matches;  // the route pattern's captures; [0] is the path

  bool has_param(std::string_view name) const;
  std::string param(std::string_view name) const;    // the first value, or ""
  std::string header(std::string_view name) const;   // case-insensitive; the first value, or ""
};

struct Response {
  int status = 200;
  std::string content_type;
  std::string body;
  Fields headers;  // beyond Content-Type, Content-Length and Connection

  void set_content(std::string content, std::string type) {
    body = std::move(content);
    content_type = std::move(type);
  }
};

// `{"error": {"code": ..., "message": ...}}`, the shape of every error the
// service answers.
void set_error(Response& res, int status, std::string_view code, std::string_view message);

// What one client may take of the service. Zero for a count means no cap.
struct Limits {
  std::size_t max_body = 1024 * 1024;        // decoded body bytes; more: 413
  std::size_t max_headers = 100;             // header fields; more: 431
  std::size_t max_header_bytes = 16 * 1024;  // request line and header block; more: 431
  std::chrono::milliseconds header_timeout{10'000};   // first byte to the end of the header
  std::chrono::milliseconds body_timeout{30'000};     // end of the header to the end of the body; also the response's send
  std::chrono::milliseconds request_timeout{60'000};  // first byte to the end of the body
  std::chrono::milliseconds idle_timeout{30'000};     // a connection waiting for its (next) request
  std::size_t max_connections = 1024;            // in total; beyond, the longest-idle one is closed, else 503
  std::size_t max_connections_per_client = 64;   // per client address; beyond: 503
};

using Handler = std::function<void(const Request&, Response&)>;

// Routes by method and path. A handler marked `inline_` runs on the I/O
// thread (it must be quick and not block); the others run on the worker
// pool. Handlers may throw: the client gets 500 `internal`.
class Router {
 public:
  // `pattern` is a literal path or, if it holds '(', a std::regex the whole
  // path must match; its captures land in Request::matches.
  void add(std::string method, std::string pattern, Handler handler, bool inline_ = false);
  void get(std::string pattern, Handler handler, bool inline_ = false) {
    add("GET", std::move(pattern), std::move(handler), inline_);
  }
  void post(std::string pattern, Handler handler) { add("POST", std::move(pattern), std::move(handler)); }
  // Files under `dir` for GET and HEAD of any path no route takes
  // ("/" is index.html), with single byte ranges.
  void mount(std::filesystem::path dir);

  // Whether `req` would run on the I/O thread.
  bool runs_inline(const Request& req) const;
  // Answers `req`: its route, else a mounted file, else 404 `not_found`.
  void dispatch(Request& req, Response& res) const;

 private:
  struct Route;
  std::vector<std::shared_ptr<const Route>> routes_;
  std::filesystem::path mount_;
};

// What a server writes to a connection that sent `input` and then closed
// its side: every response, in order, until one that closes (a "100
// Continue" included), and each response's status in `statuses` if given.
// For the HTTP fuzzer and tests; handlers run on the calling thread.
std::string answer_bytes(const Router& router, const Limits& limits, std::string_view input,
                         std::vector<int>* statuses = nullptr);

// The reason phrase of an HTTP status ("Payload Too Large").
std::string reason(int status);

// Listens on host:port and serves `router` with one I/O thread and a pool
// of `workers` handler threads until SIGTERM or SIGINT; then stops
// accepting, closes idle connections, finishes the requests in flight and
// returns. `on_listening` runs once the port is bound. False (after logging
// why) if the address cannot be bound.
bool serve(const Router& router, const Limits& limits, const std::string& host, int port, int workers,
           const std::function<void()>& on_listening);

}  // namespace mmf::host::http
