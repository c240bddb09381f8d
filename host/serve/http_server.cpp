// The service's HTTP/1.1 transport: Beast's parser with mmf's limits, one
// Asio I/O thread for every connection, a worker pool for the handlers.
#include "serve/http_server.h"

#include <sys/resource.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstring>
#include <fstream>
#include <list>
#include <optional>
#include <regex>
#include <unordered_map>

#include <boost/asio.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/status.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace mmf::host::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;
using Clock = std::chrono::steady_clock;

std::string reason(int status);

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX decoded; in a query, '+' is a space too. A malformed escape stays as sent.
std::string percent_decode(std::string_view s, bool query) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else if (query && s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

Fields parse_query(std::string_view q) {
  Fields out;
  while (!q.empty()) {
    std::size_t amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    out.emplace_back(percent_decode(pair.substr(0, eq), true),
                     eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1), true));
  }
  return out;
}

// The response as it goes on the wire; a HEAD's without its body.
std::string serialize(const Response& res, bool head, bool keep_alive) {
  std::string out = fmt::format("HTTP/1.1 {} {}\r\n", res.status, reason(res.status));
  if (!res.content_type.empty()) out += fmt::format("Content-Type: {}\r\n", res.content_type);
  out += fmt::format("Content-Length: {}\r\n", res.body.size());
  for (const auto& [name, value] : res.headers) out += fmt::format("{}: {}\r\n", name, value);
  out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  if (!head) out += res.body;
  return out;
}

// Beast's request parser with the service's limits: counts header fields,
// refuses encodings it cannot read, and decodes the body as it streams in —
// chunks unframed by Beast, gzip and deflate inflated here — stopping as
// soon as the decoded body passes the limit.
class RequestParser : public beast::http::basic_parser<true> {
 public:
  explicit RequestParser(const Limits& limits) : limits_(limits) {
    header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(limits.max_header_bytes, UINT32_MAX)));
    body_limit(limits.max_body);  // the body as sent (chunk payloads, or still compressed)
  }
  ~RequestParser() override {
    if (inflating_) inflateEnd(&zs_);
  }
  RequestParser(const RequestParser&) = delete;
  RequestParser& operator=(const RequestParser&) = delete;

  // The answer to a request the parser refused; status 0 if none. Beast's
  // own errors are mapped by failure(ec).
  Response failure(const error_code& ec) const {
    Response res;
    if (status_) {
      set_error(res, status_, code_, message_);
    } else if (ec == beast::http::error::header_limit) {
      set_error(res, 431, "header_too_large",
                fmt::format("the request header is over the size limit ({} bytes)", limits_.max_header_bytes));
    } else if (ec == beast::http::error::body_limit) {
      set_error(res, 413, "payload_too_large", "the request body is over the size limit");
    } else if (ec == beast::http::error::buffer_overflow) {
      set_error(res, 431, "header_too_large", "a line of the request is over the size limit");
    } else {
      set_error(res, 400, "bad_request", "the request could not be read");
    }
    return res;
  }

  // The request, once the parser is done.
  Request take(std::string peer) {
    req_.peer = std::move(peer);
    req_.body = std::move(body_);
    return std::move(req_);
  }
  bool expects_continue() const { return expect_continue_; }
  bool head() const { return req_.method == "HEAD"; }

 private:
  void refuse(int status, std::string code, std::string message, error_code& ec) {
    status_ = status;
    code_ = std::move(code);
    message_ = std::move(message);
    ec = beast::http::error::bad_value;
  }

  void on_request_impl(beast::http::verb, beast::string_view method, beast::string_view target, int,
                       error_code& ec) override {
    req_.method = std::string(method);
    std::string_view t(target.data(), target.size());
    if (t.empty() || t.front() != '/') return refuse(400, "bad_request", "the request target must be a path", ec);
    std::size_t q = t.find('?');
    req_.path = percent_decode(t.substr(0, q), false);
    if (q != std::string_view::npos) req_.params = parse_query(t.substr(q + 1));
  }
  void on_response_impl(int, beast::string_view, int, error_code& ec) override { ec = beast::http::error::bad_method; }

  void on_field_impl(beast::http::field, beast::string_view name, beast::string_view value, error_code& ec) override {
    if (limits_.max_headers && req_.headers.size() >= limits_.max_headers)
      return refuse(431, "header_too_large", fmt::format("the request has over {} header fields", limits_.max_headers), ec);
    req_.headers.emplace_back(std::string(name), std::string(value));
  }

  void on_header_impl(error_code& ec) override {
    std::string encoding = req_.header("Content-Encoding");
    std::transform(encoding.begin(), encoding.end(), encoding.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate") {
      std::memset(&zs_, 0, sizeof zs_);
      if (inflateInit2(&zs_, 15 + 32) != Z_OK) return refuse(500, "internal", "cannot start inflating the body", ec);
      inflating_ = true;
    } else if (!encoding.empty() && encoding != "identity") {
      return refuse(415, "unsupported_encoding",
                    fmt::format("Content-Encoding '{}' is not supported (gzip, deflate or identity)",
                                req_.header("Content-Encoding")),
                    ec);
    }
    std::string transfer = req_.header("Transfer-Encoding");
    if (!transfer.empty() && !iequals(transfer, "chunked"))
      return refuse(400, "bad_request", fmt::format("Transfer-Encoding '{}' is not supported (chunked only)", transfer), ec);
    expect_continue_ = iequals(req_.header("Expect"), "100-continue");
  }

  void on_body_init_impl(const boost::optional<std::uint64_t>& length, error_code&) override {
    if (length && !inflating_) body_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(*length, limits_.max_body)));
  }

  std::size_t on_body_impl(beast::string_view part, error_code& ec) override {
    append(part, ec);
    return part.size();
  }
  void on_chunk_header_impl(std::uint64_t, beast::string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, beast::string_view part, error_code& ec) override {
    append(part, ec);
    return part.size();
  }

  void on_finish_impl(error_code& ec) override {
    if (inflating_ && raw_bytes_ > 0 && !inflated_)
      refuse(400, "bad_request", "the request body ends inside its compressed stream", ec);
  }

  void append(beast::string_view part, error_code& ec) {
    raw_bytes_ += part.size();
    if (!inflating_) {
      body_.append(part.data(), part.size());
      return;
    }
    if (inflated_) {
      if (!part.empty()) refuse(400, "bad_request", "the request body goes on after its compressed stream", ec);
      return;
    }
    zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(part.data()));
    zs_.avail_in = static_cast<uInt>(part.size());
    char out[16384];
    while (zs_.avail_in > 0 || zs_.avail_out == 0) {
      zs_.next_out = reinterpret_cast<Bytef*>(out);
      zs_.avail_out = sizeof out;
      int rc = inflate(&zs_, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
        return refuse(400, "bad_request", "the request body is not valid gzip or deflate data", ec);
      body_.append(out, sizeof out - zs_.avail_out);
      if (body_.size() > limits_.max_body)
        return refuse(413, "payload_too_large", "the request body is over the size limit", ec);
      if (rc == Z_STREAM_END) {
        inflated_ = true;
        if (zs_.avail_in > 0) refuse(400, "bad_request", "the request body goes on after its compressed stream", ec);
        return;
      }
      if (rc == Z_BUF_ERROR) break;
    }
  }

  const Limits& limits_;
  Request req_;
  std::string body_;
  z_stream zs_{};
  bool inflating_ = false;
  bool inflated_ = false;
  bool expect_continue_ = false;
  std::uint64_t raw_bytes_ = 0;
  int status_ = 0;
  std::string code_, message_;
};

// A file's media type, by its extension.
std::string media_type(const std::filesystem::path& p) {
  static const std::unordered_map<std::string, std::string> types{
      {".html", "text/html"},       {".htm", "text/html"},        {".css", "text/css"},
      {".js", "text/javascript"},   {".mjs", "text/javascript"},  {".json", "application/json"},
      {".svg", "image/svg+xml"},    {".png", "image/png"},        {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},      {".gif", "image/gif"},        {".ico", "image/x-icon"},
      {".txt", "text/plain"},       {".woff2", "font/woff2"},     {".wasm", "application/wasm"},
      {".toml", "application/toml"}};
  auto it = types.find(p.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

// "bytes=A-B", "bytes=A-" or "bytes=-N" against a file of `size` bytes:
// [first, last], or nullopt for a header to ignore (not bytes, malformed).
// More than one range is refused by the caller.
std::optional<std::pair<std::size_t, std::size_t>> parse_range(std::string_view r, std::size_t size, bool& unsatisfiable) {
  unsatisfiable = false;
  if (r.substr(0, 6) != "bytes=") return std::nullopt;
  r.remove_prefix(6);
  std::size_t dash = r.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto number = [](std::string_view s, std::size_t& out) {
    if (s.empty() || s.size() > 18) return false;
    out = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + static_cast<std::size_t>(c - '0');
    }
    return true;
  };
  std::size_t first = 0, last = 0;
  if (dash == 0) {  // the last N bytes
    std::size_t n = 0;
    if (!number(r.substr(1), n)) return std::nullopt;
    if (n == 0 || size == 0) {
      unsatisfiable = true;
      return std::nullopt;
    }
    return std::pair{size - std::min(n, size), size - 1};
  }
  if (!number(r.substr(0, dash), first)) return std::nullopt;
  if (r.size() == dash + 1) last = size ? size - 1 : 0;
  else if (!number(r.substr(dash + 1), last)) return std::nullopt;
  if (first >= size) {
    unsatisfiable = true;
    return std::nullopt;
  }
  if (last < first) return std::nullopt;
  return std::pair{first, std::min(last, size - 1)};
}

}  // namespace

void set_error(Response& res, int status, std::string_view code, std::string_view message) {
  using Json = nlohmann::ordered_json;
  res.status = status;
  res.set_content(Json{{"error", Json{{"code", code}, {"message", message}}}}.dump(2) + "\n", "application/json");
}

bool Request::has_param(std::string_view name) const {
  return std::any_of(params.begin(), params.end(), [&](const auto& p) { return p.first == name; });
}
std::string Request::param(std::string_view name) const {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  return {};
}
std::string Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return {};
}

struct Router::Route {
  std::string method;
  std::string literal;  // when not a pattern
  std::optional<std::regex> pattern;
  Handler handler;
  bool inline_;

  bool matches(const std::string& path, std::smatch* m) const {
    if (!pattern) return path == literal;
    std::smatch local;
    return std::regex_match(path, m ? *m : local, *pattern);
  }
};

void Router::add(std::string method, std::string pattern, Handler handler, bool inline_) {
  auto route = std::make_shared<Route>();
  route->method = std::move(method);
  if (pattern.find('(') != std::string::npos) route->pattern.emplace(pattern);
  else route->literal = std::move(pattern);
  route->handler = std::move(handler);
  route->inline_ = inline_;
  routes_.push_back(std::move(route));
}

void Router::mount(std::filesystem::path dir) { mount_ = std::move(dir); }

bool Router::runs_inline(const Request& req) const {
  const std::string& method = req.method == "HEAD" ? std::string("GET") : req.method;
  for (const auto& r : routes_)
    if (r->method == method && r->matches(req.path, nullptr)) return r->inline_;
  return false;
}

namespace {

// A file under `root` for `path`, or false when there is none (no "..",
// only regular files; "/" and folders are their index.html).
bool serve_file(const std::filesystem::path& root, const Request& req, Response& res) {
  if (root.empty() || (req.method != "GET" && req.method != "HEAD")) return false;
  const std::string& path = req.path;
  if (path.find('\\') != std::string::npos || path.find('\0') != std::string::npos) return false;
  std::filesystem::path file = root;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::string segment = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (segment == "..") return false;
    if (!segment.empty() && segment != ".") file /= segment;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) file /= "index.html";
  if (!std::filesystem::is_regular_file(file, ec)) return false;
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  res.headers.emplace_back("Accept-Ranges", "bytes");
  const std::string type = media_type(file);
  std::string range = req.header("Range");
  if (!range.empty()) {
    if (range.find(',') != std::string::npos) {
      set_error(res, 416, "range_not_satisfiable", "only one byte range per request is served");
      res.headers.emplace_back("Content-Range", fmt::format("bytes */{}", content.size()));
      return true;
    }
    bool unsatisfiable = false;
    if (auto r = parse_range(range, content.size(), unsatisfiable)) {
      res.status = 206;
      res.headers.emplace_back("Content-Range", fmt::format("bytes {}-{}/{}", r->first, r->second, content.size()));
      res.set_content(content.substr(r->first, r->second - r->first + 1), type);
      return true;
    }
    if (unsatisfiable) {
      set_error(res, 416, "range_not_satisfiable", fmt::format("the range is outside the file's {} bytes", content.size()));
      res.headers.emplace_back("Content-Range", fmt::format("bytes */{}", content.size()));
      return true;
    }
  }
  res.set_content(std::move(content), type);
  return true;
}

}  // namespace

void Router::dispatch(Request& req, Response& res) const {
  try {
    const std::string method = req.method == "HEAD" ? std::string("GET") : req.method;
    for (const auto& r : routes_) {
      std::smatch m;
      if (r->method != method || !r->matches(req.path, &m)) continue;
      req.matches.clear();
      if (r->pattern)
        for (const auto& sub : m) req.matches.push_back(sub.str());
      else
        req.matches.push_back(req.path);
      r->handler(req, res);
      return;
    }
    if (serve_file(mount_, req, res)) return;
    set_error(res, 404, "not_found", "no such endpoint");
  } catch (const std::exception& e) {
    res = Response{};
    set_error(res, 500, "internal", e.what());
  } catch (...) {
    res = Response{};
    set_error(res, 500, "internal", "unknown error");
  }
}

std::string reason(int status) {
  auto text = beast::http::obsolete_reason(static_cast<beast::http::status>(status));
  return text.empty() ? std::string("Unknown") : std::string(text.data(), text.size());
}

std::string answer_bytes(const Router& router, const Limits& limits, std::string_view input, std::vector<int>* statuses) {
  std::string out;
  while (!input.empty()) {
    RequestParser parser(limits);  // not eager until the header is in: then a 100 Continue may go first
    error_code ec;
    bool header_seen = false;
    while (!parser.is_done()) {
      std::size_t used = parser.put(asio::buffer(input.data(), input.size()), ec);
      input.remove_prefix(used);
      if (ec == beast::http::error::need_more) {
        if (input.empty()) {  // the client closed: a request it did not finish gets no answer
          parser.put_eof(ec);
          if (ec) return out;
          break;
        }
        ec = {};
        continue;
      }
      if (ec) {
        Response refused = parser.failure(ec);
        if (statuses) statuses->push_back(refused.status);
        out += serialize(refused, false, false);
        return out;
      }
      if (parser.is_header_done() && !header_seen) {
        header_seen = true;
        parser.eager(true);
        if (!parser.is_done() && parser.expects_continue()) {
          out += "HTTP/1.1 100 Continue\r\n\r\n";
          if (statuses) statuses->push_back(100);
        }
      }
    }
    bool keep_alive = parser.keep_alive();
    bool head = parser.head();
    Request req = parser.take("127.0.0.1");
    Response res;
    router.dispatch(req, res);
    if (statuses) statuses->push_back(res.status);
    out += serialize(res, head, keep_alive);
    if (!keep_alive) break;
  }
  return out;
}

// ---------------------------------------------------------------------------
// The server: one I/O thread runs every connection's state machine; a
// handler that is not inline runs on the worker pool and posts its
// response back.

namespace {

class Server;

class Session : public std::enable_shared_from_this<Session> {
 public:
  enum class Phase { idle, reading, handling, writing, closing };

  Session(Server& server, tcp::socket socket, std::string peer);
  ~Session() { close(); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  void start() { wait_request(); }
  void close();       // at once, whatever it was doing
  void on_stop();     // the server stops: close unless a request is in flight
  Phase phase() const { return phase_; }
  const std::string& peer() const { return peer_; }

  std::list<std::weak_ptr<Session>>::iterator all_it, idle_it;
  bool in_idle = false;

 private:
  void arm(Clock::duration d);
  void arm_at(Clock::time_point t);
  void set_phase(Phase p);
  void wait_request();
  void read_header();
  void on_header(const error_code& ec);
  void read_body();
  void on_body(const error_code& ec);
  void respond(Response res, bool head, bool keep_alive, bool on_worker = false);
  void linger();
  void drain();

  static constexpr std::size_t sink_size = 16384;
  Server& server_;
  tcp::socket socket_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;
  std::string peer_;
  std::atomic<Phase> phase_{Phase::idle};  // set by a worker as it starts the answer
  Clock::time_point started_;
  Request req_;
  Response res_;
  std::string out_;
  std::unique_ptr<char[]> sink_;  // what linger() drops
  bool closed_ = false;
};

class Server {
 public:
  Server(const Router& routes, const Limits& given, int workers)
      : router(routes), limits(given), pool(static_cast<std::size_t>(workers)), acceptor_(ioc), retry_(ioc),
        signals_(ioc, SIGTERM, SIGINT) {}

  bool listen(const std::string& host, int port) {
    error_code ec;
    tcp::resolver resolver(ioc);
    auto results = resolver.resolve(host, std::to_string(port), tcp::resolver::passive, ec);
    if (ec || results.empty()) {
      spdlog::error("cannot listen on {}:{}: {}", host, port, ec ? ec.message() : "no such address");
      return false;
    }
    tcp::endpoint endpoint = results.begin()->endpoint();
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      spdlog::error("cannot listen on {}:{}: {}", host, port, ec.message());
      return false;
    }
    return true;
  }

  void run() {
    signals_.async_wait([this](const error_code& ec, int) {
      if (!ec) stop();
    });
    accept();
    ioc.run();
    pool.join();
  }

  void stop() {
    if (stopping) return;
    stopping = true;
    spdlog::info("stopping: finishing the requests in flight");
    error_code ec;
    acceptor_.close(ec);
    retry_.cancel();
    std::vector<std::shared_ptr<Session>> sessions;
    for (auto& w : all_)
      if (auto s = w.lock()) sessions.push_back(std::move(s));
    for (auto& s : sessions) s->on_stop();
  }

  // Bookkeeping of connections, on the I/O thread.
  void idle(Session& s, const std::shared_ptr<Session>& self) {
    if (s.in_idle) return;
    s.idle_it = idle_.insert(idle_.end(), self);
    s.in_idle = true;
  }
  void busy(Session& s) {
    if (!s.in_idle) return;
    idle_.erase(s.idle_it);
    s.in_idle = false;
  }
  void gone(Session& s) {
    busy(s);
    all_.erase(s.all_it);
    if (--per_client_[s.peer()] == 0) per_client_.erase(s.peer());
    --connections_;
  }

  const Router& router;
  const Limits& limits;
  asio::io_context ioc{1};
  asio::thread_pool pool;
  std::atomic<bool> stopping{false};  // read by workers as they answer

 private:
  void accept() {
    acceptor_.async_accept([this](const error_code& ec, tcp::socket socket) {
      if (stopping) return;
      if (ec) {
        // Out of descriptors (EMFILE) or the like: wait a little rather than spin.
        spdlog::warn("accepting a connection: {}", ec.message());
        retry_.expires_after(std::chrono::milliseconds(50));
        retry_.async_wait([this](const error_code& e) {
          if (!e && !stopping) accept();
        });
        return;
      }
      admit(std::move(socket));
      accept();
    });
  }

  void admit(tcp::socket socket) {
    error_code ec;
    auto remote = socket.remote_endpoint(ec);
    if (ec) return;
    std::string peer = remote.address().to_string();
    if (limits.max_connections_per_client && per_client_[peer] >= limits.max_connections_per_client) {
      if (per_client_[peer] == 0) per_client_.erase(peer);
      return refuse(std::move(socket), fmt::format("over {} connections from {}", limits.max_connections_per_client, peer));
    }
    if (limits.max_connections && connections_ >= limits.max_connections) {
      if (idle_.empty()) {
        if (per_client_[peer] == 0) per_client_.erase(peer);
        return refuse(std::move(socket), fmt::format("over {} connections", limits.max_connections));
      }
      // The connection idle the longest makes room: it has no request in flight.
      if (auto victim = idle_.front().lock()) victim->close();
      else idle_.pop_front();
    }
    socket.set_option(tcp::no_delay(true), ec);  // else small responses wait for delayed ACKs (Nagle)
    auto session = std::make_shared<Session>(*this, std::move(socket), peer);
    session->all_it = all_.insert(all_.end(), session);
    ++per_client_[peer];
    ++connections_;
    session->start();
  }

  // 503 at once, from the I/O thread, then closed; at most 64 such answers
  // in flight, beyond which a connection is closed unanswered.
  void refuse(tcp::socket socket, const std::string& why) {
    spdlog::debug("refused a connection: {}", why);
    if (refusing_ >= 64) return;
    ++refusing_;
    Response res;
    set_error(res, 503, "too_many_connections", "the service has too many connections open; try again later");
    res.headers.emplace_back("Retry-After", "1");
    struct Refusal {
      tcp::socket socket;
      asio::steady_timer timer;
      std::string bytes;
    };
    auto r = std::make_shared<Refusal>(Refusal{std::move(socket), asio::steady_timer(ioc), serialize(res, false, false)});
    r->timer.expires_after(std::chrono::seconds(1));
    r->timer.async_wait([r](const error_code& e) {
      if (!e) r->socket.close();
    });
    asio::async_write(r->socket, asio::buffer(r->bytes), [this, r](const error_code&, std::size_t) {
      error_code ignored;
      r->socket.shutdown(tcp::socket::shutdown_both, ignored);
      r->socket.close(ignored);
      r->timer.cancel();
      --refusing_;
    });
  }

  tcp::acceptor acceptor_;
  asio::steady_timer retry_;
  asio::signal_set signals_;
  std::list<std::weak_ptr<Session>> all_;
  std::list<std::weak_ptr<Session>> idle_;  // oldest first
  std::unordered_map<std::string, std::size_t> per_client_;
  std::size_t connections_ = 0;
  std::size_t refusing_ = 0;
};

Session::Session(Server& server, tcp::socket socket, std::string peer)
    : server_(server), socket_(std::move(socket)), timer_(server.ioc),
      buffer_(server.limits.max_header_bytes + 65536), peer_(std::move(peer)) {}

void Session::arm(Clock::duration d) { arm_at(Clock::now() + d); }

void Session::arm_at(Clock::time_point t) {
  timer_.expires_at(t);
  timer_.async_wait([self = shared_from_this()](const error_code& ec) {
    if (ec || self->timer_.expiry() > Clock::now()) return;  // re-armed or cancelled since
    spdlog::debug("closing a connection from {}: its deadline passed", self->peer_);
    self->close();
  });
}

void Session::set_phase(Phase p) {
  phase_ = p;
  if (p == Phase::idle) server_.idle(*this, shared_from_this());
  else server_.busy(*this);
}

void Session::close() {
  if (closed_) return;
  closed_ = true;
  phase_ = Phase::closing;
  error_code ec;
  timer_.cancel();
  socket_.shutdown(tcp::socket::shutdown_both, ec);
  socket_.close(ec);
  server_.gone(*this);
}

void Session::on_stop() {
  if (phase_ == Phase::idle || phase_ == Phase::reading) close();
  // handling or writing: respond() closes once the answer is out
}

void Session::wait_request() {
  if (server_.stopping) return close();
  if (buffer_.size() > 0) return read_header();  // a pipelined request is already here
  set_phase(Phase::idle);
  arm(server_.limits.idle_timeout);
  socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](const error_code& ec) {
    if (self->closed_) return;
    if (ec) return self->close();
    self->read_header();
  });
}

void Session::read_header() {
  set_phase(Phase::reading);
  started_ = Clock::now();
  arm_at(started_ + std::min(server_.limits.header_timeout, server_.limits.request_timeout));
  parser_.emplace(server_.limits);
  beast::http::async_read_header(socket_, buffer_, *parser_,
                                 [self = shared_from_this()](const error_code& ec, std::size_t) { self->on_header(ec); });
}

void Session::on_header(const error_code& ec) {
  if (closed_) return;
  if (ec == beast::http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::operation_aborted ||
      ec == asio::error::connection_reset)
    return close();
  if (ec) return respond(parser_->failure(ec), false, false);
  if (parser_->is_done()) return on_body({});
  if (parser_->expects_continue()) {
    auto out = std::make_shared<std::string>("HTTP/1.1 100 Continue\r\n\r\n");
    asio::async_write(socket_, asio::buffer(*out), [self = shared_from_this(), out](const error_code& e, std::size_t) {
      if (self->closed_) return;
      if (e) return self->close();
      self->read_body();
    });
    return;
  }
  read_body();
}

void Session::read_body() {
  const Limits& l = server_.limits;
  arm_at(std::min(Clock::now() + l.body_timeout, started_ + l.request_timeout));
  beast::http::async_read(socket_, buffer_, *parser_,
                          [self = shared_from_this()](const error_code& ec, std::size_t) { self->on_body(ec); });
}

void Session::on_body(const error_code& ec) {
  if (closed_) return;
  if (ec == asio::error::operation_aborted || ec == asio::error::connection_reset) return close();
  if (ec == beast::http::error::end_of_stream || ec == asio::error::eof || ec == beast::http::error::partial_message)
    return close();  // the client left before its body was in
  if (ec) return respond(parser_->failure(ec), false, false);
  timer_.cancel();
  bool keep_alive = parser_->keep_alive();
  bool head = parser_->head();
  req_ = parser_->take(peer_);
  parser_.reset();
  set_phase(Phase::handling);
  if (server_.router.runs_inline(req_)) {
    Response res;
    server_.router.dispatch(req_, res);
    return respond(std::move(res), head, keep_alive);
  }
  asio::post(server_.pool, [self = shared_from_this(), head, keep_alive,
                            work = asio::make_work_guard(server_.ioc)] {
    Response res;
    self->server_.router.dispatch(self->req_, res);
    // The answer starts from here: its first send needs no turn of the I/O
    // thread, which may be waiting for a core behind the workers. Nothing
    // else touches the session while it is handling.
    self->respond(std::move(res), head, keep_alive, true);
  });
}

void Session::respond(Response res, bool head, bool keep_alive, bool on_worker) {
  if (closed_) return;
  if (phase_ == Phase::handling) spdlog::debug("{} {} -> {}", req_.method, req_.path, res.status);
  else spdlog::debug("{}: refused, {}", peer_, res.status);
  keep_alive = keep_alive && !server_.stopping;
  set_phase(Phase::writing);
  out_ = serialize(res, head, keep_alive);
  req_ = Request{};
  if (on_worker)  // the timer is the I/O thread's: armed there, before this write's completion runs
    asio::post(server_.ioc, [self = shared_from_this()] {
      if (!self->closed_) self->arm(self->server_.limits.body_timeout);
    });
  else
    arm(server_.limits.body_timeout);
  asio::async_write(socket_, asio::buffer(out_), [self = shared_from_this(), keep_alive](const error_code& ec, std::size_t) {
    if (self->closed_) return;
    self->out_.clear();
    if (ec) return self->close();
    if (keep_alive && !self->server_.stopping) return self->wait_request();
    self->linger();
  });
}

// After an answer that ends the connection: stop sending, then read and drop
// what the client still sends for a moment, so that closing with unread
// data (a refused body) does not reset the connection before the client
// has read the answer.
void Session::linger() {
  phase_ = Phase::closing;
  error_code ec;
  socket_.shutdown(tcp::socket::shutdown_send, ec);
  arm(std::chrono::seconds(2));
  sink_ = std::make_unique<char[]>(sink_size);
  drain();
}

void Session::drain() {
  socket_.async_read_some(asio::buffer(sink_.get(), sink_size), [self = shared_from_this()](const error_code& ec, std::size_t) {
    if (self->closed_) return;
    if (ec) return self->close();
    self->drain();
  });
}

}  // namespace

bool serve(const Router& router, const Limits& limits, const std::string& host, int port, int workers,
           const std::function<void()>& on_listening) {
  // Each connection is a descriptor: take all the process may have.
  rlimit nofile{};
  if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
    nofile.rlim_cur = nofile.rlim_max;
    setrlimit(RLIMIT_NOFILE, &nofile);
  }
  Server server(router, limits, workers);
  if (!server.listen(host, port)) return false;
  on_listening();
  server.run();
  return true;
}

}  // namespace mmf::host::http
