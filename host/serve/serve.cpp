// The HTTP service: the same loaders, engine, renderers and store as the
// command line, behind a JSON API. Errors are JSON with a stable code.
#include "serve/serve.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <csignal>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "mmf/mmf.hpp"
#include "mmf/workspace.h"
#include "crash.h"
#include "search_paths.h"

namespace mmf::host {

namespace {

using Json = nlohmann::ordered_json;

std::atomic<bool> stop_requested{false};
void on_signal(int) { stop_requested = true; }

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message,
                const Diagnostics* diagnostics = nullptr) {
  Json e{{"code", code}, {"message", message}};
  if (diagnostics) {
    Json list = Json::array();
    Diagnostics sorted = *diagnostics;
    sorted.sort();
    for (const auto& d : sorted.items())
      list.push_back(Json{{"severity", d.severity == Severity::error ? "error" : "warning"},
                          {"file", d.file},
                          {"line", d.pos.line},
                          {"column", d.pos.column},
                          {"message", d.message},
                          {"text", d.str()}});
    e["diagnostics"] = list;
  }
  res.status = status;
  res.set_content(Json{{"error", e}}.dump(2) + "\n", "application/json");
}

Json diagnostics_json(const Diagnostics& d) {
  Json list = Json::array();
  Diagnostics sorted = d;
  sorted.sort();
  for (const auto& item : sorted.items())
    list.push_back(Json{{"severity", item.severity == Severity::error ? "error" : "warning"},
                        {"line", item.pos.line},
                        {"column", item.pos.column},
                        {"message", item.message},
                        {"text", item.str()}});
  return list;
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// What the service shares between requests: the Workspace (plugins, formats,
// models by id only, cached) and which plugins are trusted.
class Service {
 public:
  Service(const Context& ctx, const ServeOptions& options)
      : ctx_(ctx), options_(options), workspace_(workspace_options(ctx)) {
    std::vector<std::filesystem::path> shipped;
    std::error_code ec;
    for (const auto& dir : shipped_plugin_dirs()) shipped.push_back(std::filesystem::weakly_canonical(dir, ec));
    for (const auto& info : registry().plugins())
      if (std::find(shipped.begin(), shipped.end(),
                    std::filesystem::weakly_canonical(info.file, ec).parent_path()) != shipped.end())
        trusted_.push_back(info.name);
  }

  // Whether code of plugin `owner` runs in a child process (ServeOptions::isolate).
  bool isolated(const std::string& owner) const {
    if (owner.empty() || owner == "mmf" || options_.isolate == "none") return false;
    if (options_.isolate == "all") return true;
    return std::find(trusted_.begin(), trusted_.end(), owner) == trusted_.end();
  }
  // Whether requests for `model` score in a child process: its plugin's, or
  // its rule's, or its output format's owner is isolated.
  bool isolated(const Model& model, const OutputFormatInfo* output = nullptr) const {
    return isolated(model.plugin) || isolated(registry().rules().owner(model.scoring.rule)) ||
           (output && isolated(output->owner));
  }

  const Workspace& workspace() const { return workspace_; }
  const Registry& registry() const { return workspace_.registry(); }
  const FormatTable& formats() const { return workspace_.formats(); }

  // A model by id, loaded once and kept; `not_found` when there is none.
  std::shared_ptr<const Model> model(const std::string& id, Diagnostics& out, bool& not_found) const {
    return workspace_.model(id, out, &not_found);
  }

  bool authorized(const httplib::Request& req) const {
    if (options_.token.empty()) return false;
    return req.get_header_value("Authorization") == "Bearer " + options_.token;
  }

  // `error` in words, without the server's path.
  std::unique_ptr<Store> store(std::string& error, Store::Access access = Store::Access::read_write) const {
    StoreError e;
    auto s = Store::open(ctx_.db.empty() ? default_store_path() : std::filesystem::path(ctx_.db), e, access);
    if (!s) error = e.what;
    return s;
  }

  const Context& ctx_;
  const ServeOptions& options_;

 private:
  // Ids only (no request text becomes a path), cached.
  static WorkspaceOptions workspace_options(const Context& ctx) {
    WorkspaceOptions o;
    o.model_dirs = model_dirs(ctx.models_dirs);
    o.plugin_dirs = plugin_dirs(ctx.plugin_dirs);
    o.model_paths = false;
    o.cache_models = true;
    o.defer_plugin_checks = true;  // a plugin rule's check runs where the request's plugin code runs
    return o;
  }

  Workspace workspace_;
  std::vector<std::string> trusted_;  // plugins loaded from the shipped directories
};

Json model_json(const Model& m, const std::string& locale) {
  const std::string& loc = locale.empty() ? m.locale : locale;
  Json scales = Json::object();
  for (const auto& s : m.scales) {
    Json options = Json::array();
    for (const auto& o : s.options)
      options.push_back(Json{{"id", o.id}, {"label", o.label.in(loc)}, {"not_applicable", o.not_applicable}});
    scales[s.id] = Json{{"kind", s.kind == Scale::Kind::range ? "range" : "discrete"}, {"min", s.min}, {"max", s.max},
                        {"options", options}, {"not_applicable", s.allows_not_applicable}};
  }
  Json levels = Json::array();
  for (const auto& l : m.levels) levels.push_back(Json{{"id", l.id}, {"name", l.name.in(loc)}});
  Json groups = Json::array();
  for (std::size_t g : m.group_order) {
    const Group& group = m.groups[g];
    Json questions = Json::array();
    for (std::size_t q : group.questions) {
      const Question& question = m.questions[q];
      questions.push_back(Json{{"id", question.id}, {"text", question.text.in(loc)}, {"help", question.help.in(loc)},
                               {"scale", m.scales[question.scale].id}});
    }
    groups.push_back(Json{{"id", group.id}, {"name", group.name.in(loc)},
                          {"parent", group.parent == npos ? Json(nullptr) : Json(m.groups[group.parent].id)},
                          {"description", group.description.in(loc)}, {"questions", questions}});
  }
  return Json{{"id", m.id}, {"name", m.name.in(loc)}, {"version", m.version}, {"description", m.description.in(loc)},
              {"locale", m.locale}, {"levels", levels}, {"scales", scales}, {"groups", groups}};
}

// The input format of a request body: ?input_format=NAME (any of GET
// /v1/formats' inputs, plugins' included), else the one its Content-Type
// names, else TOML or JSON by the body's first character (nullptr).
const InputFormatInfo* body_format(const Service& service, const httplib::Request& req, Diagnostics& out) {
  if (req.has_param("input_format"))
    return service.workspace().input_format(req.get_param_value("input_format"), "request", out);
  return service.formats().input_for_media_type(req.get_header_value("Content-Type"));
}

bool valid_model_id(const std::string& id) {
  if (id.empty() || id.size() > 64 || id[0] < 'a' || id[0] > 'z') return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

// How a CSV body is read, from the query: subject_column, respondent_column,
// unit_column, date_column, header_rows (as the command line's options).
CsvOptions csv_options(const httplib::Request& req) {
  CsvOptions o;
  o.subject_column = req.get_param_value("subject_column");
  o.respondent_column = req.get_param_value("respondent_column");
  o.unit_column = req.get_param_value("unit_column");
  o.date_column = req.get_param_value("date_column");
  const std::string rows = req.get_param_value("header_rows");
  if (rows.size() == 1 && rows[0] >= '1' && rows[0] <= '9') o.header_rows = static_cast<std::size_t>(rows[0] - '0');
  return o;
}

// Answers with `respond` in a child process (run_in_child): a plugin that
// crashes there costs this request a 500 naming it, and the service goes on.
void respond_in_child(httplib::Response& res, const std::function<void(httplib::Response&)>& respond) {
  auto child = run_in_child([&] {
    httplib::Response r;
    respond(r);
    return fmt::format("{}\n{}\n", r.status, r.get_header_value("Content-Type")) + r.body;
  });
  if (!child.ok) return send_error(res, 500, "plugin_crashed", child.crash + "; the request was not scored");
  std::size_t first = child.output.find('\n');
  std::size_t second = first == std::string::npos ? first : child.output.find('\n', first + 1);
  if (second == std::string::npos) return send_error(res, 500, "internal", "the scoring process gave no answer");
  int status = std::atoi(child.output.substr(0, first).c_str());
  if (status > 0) res.status = status;
  res.set_content(child.output.substr(second + 1), child.output.substr(first + 1, second - first - 1));
}

// A request to score: its body, read in its input format, and the model it
// is scored under.
struct Scoring {
  Loaded<Assessment> assessment;
  std::shared_ptr<const Model> model;
};

// Reads the body and resolves its model; false after answering with the
// error if either fails.
bool read_scoring(const Service& service, const httplib::Request& req, const InputFormatInfo* input,
                  httplib::Response& res, Scoring& s) {
  Diagnostics d;
  bool not_found = false;
  if (input && input->needs_model) {
    // A CSV export of one subject's respondents: the model is named in the query.
    std::string id = req.get_param_value("model");
    if (!valid_model_id(id)) {
      send_error(res, 400, "bad_request",
                 fmt::format("a {} body needs ?model=ID (a model id such as 'alliance')", input->name));
      return false;
    }
    s.model = service.model(id, d, not_found);
    if (!s.model) {
      send_error(res, 404, "model_not_found", fmt::format("no model '{}'", id), not_found ? nullptr : &d);
      return false;
    }
    CsvOptions csv = csv_options(req);
    s.assessment = service.workspace().read_assessment(req.body, "request." + input->name, input->name,
                                                       ReadContext{s.model.get(), &csv, req.get_param_value("subject")});
    if (!s.assessment.ok()) {
      send_error(res, 422, "invalid_input", "the assessment has errors", &s.assessment.diagnostics);
      return false;
    }
    return true;
  }
  s.assessment = service.workspace().read_assessment(req.body, input ? "request." + input->name : "request",
                                                     input ? input->name : "");
  if (!s.assessment.ok()) {
    send_error(res, 422, "invalid_input", "the assessment has errors", &s.assessment.diagnostics);
    return false;
  }
  std::string id = req.has_param("model") ? req.get_param_value("model") : s.assessment.value->model;
  s.model = service.model(id, d, not_found);
  if (!s.model) {
    send_error(res, 404, "model_not_found", fmt::format("no model '{}'", id), not_found ? nullptr : &d);
    return false;
  }
  return true;
}

// Reads and resolves the request, runs the model's plugin rule check, then
// `finish`: wherever plugin code of an isolated plugin would run (its
// importer, its rule, its insights, its renderer), in a child process.
void score_request(const Service& service, const httplib::Request& req, httplib::Response& res,
                   const InputFormatInfo* input, const OutputFormatInfo* output,
                   const std::function<void(const Scoring&, httplib::Response&)>& finish) {
  auto checked = [&](const Scoring& s, httplib::Response& out) {
    Diagnostics d;
    service.workspace().check_plugin_rule(*s.model, d);
    if (d.has_errors()) return send_error(out, 422, "invalid_input", "the model has errors", &d);
    finish(s, out);
  };
  if (input && service.isolated(input->owner))
    return respond_in_child(res, [&](httplib::Response& out) {
      Scoring s;
      if (read_scoring(service, req, input, out, s)) checked(s, out);
    });
  Scoring s;
  if (!read_scoring(service, req, input, res, s)) return;
  if (service.isolated(*s.model, output)) respond_in_child(res, [&](httplib::Response& out) { checked(s, out); });
  else checked(s, res);
}

}  // namespace

struct Routes::State {
  State(const Context& c, const ServeOptions& o) : ctx(c), options(o), service(ctx, options) {}
  Context ctx;
  ServeOptions options;
  Service service;
};

Routes::Routes(const Context& ctx, const ServeOptions& options) : state_(std::make_unique<State>(ctx, options)) {}
Routes::~Routes() = default;

void Routes::install(httplib::Server& server) {
  const Context& ctx = state_->ctx;
  const ServeOptions& options = state_->options;
  Service& service = state_->service;
  server.set_payload_max_length(options.max_body);
  server.set_tcp_nodelay(true);  // else small responses wait ~40 ms for delayed ACKs (Nagle)
  server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;  // our own JSON error
    if (res.status == 413) send_error(res, 413, "payload_too_large", "the request body is over the size limit");
    else if (res.status == 404) send_error(res, 404, "not_found", "no such endpoint");
    else if (res.status == 405) send_error(res, 405, "method_not_allowed", "method not allowed here");
    else send_error(res, res.status, "bad_request", "the request could not be read");
    return httplib::Server::HandlerResponse::Handled;
  }));
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown error";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    send_error(res, 500, "internal", what);
  });
  server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    spdlog::debug("{} {} -> {}", req.method, req.path, res.status);
  });

  server.Get("/v1/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(Json{{"status", "ok"}, {"version", library_version()}}.dump() + "\n", "application/json");
  });
  server.Get("/v1/models", [&](const httplib::Request&, httplib::Response& res) {
    Diagnostics problems;
    Json list = Json::array();
    for (const auto& e : ModelCatalog(model_dirs(ctx.models_dirs)).list(problems))
      list.push_back(Json{{"id", e.id}, {"version", e.version}, {"name", e.name}});
    res.set_content(list.dump(2) + "\n", "application/json");
  });
  server.Get("/v1/formats", [&](const httplib::Request&, httplib::Response& res) {
    Rendered listing = service.formats().render("json", FormatListing{service.formats()}, RenderOptions{});
    res.set_content(listing.bytes, "application/json");
  });
  server.Get(R"(/v1/models/([a-z][a-z0-9-]*))", [&](const httplib::Request& req, httplib::Response& res) {
    Diagnostics d;
    bool not_found = false;
    auto model = service.model(req.matches[1], d, not_found);
    if (!model)
      return send_error(res, 404, "model_not_found", fmt::format("no model '{}'", req.matches[1].str()),
                        not_found ? nullptr : &d);
    res.set_content(model_json(*model, req.get_param_value("locale")).dump(2) + "\n", "application/json");
  });
  server.Post("/v1/validate", [&](const httplib::Request& req, httplib::Response& res) {
    Diagnostics d;
    std::shared_ptr<const Model> model;  // the model file sent, or the one the assessment is checked against
    bool model_file = req.get_param_value("kind") == "model" ||
                      (req.get_param_value("kind").empty() && req.body.find("\"mmf-model/") != std::string::npos);
    if (model_file) {
      auto loaded = parse_model(req.body, "request.toml", service.workspace().catalog().finder());
      d.append(loaded.diagnostics);
      if (loaded.ok()) service.workspace().check_model(*loaded.value, d);
      model = loaded.value;
    } else {
      const InputFormatInfo* format = body_format(service, req, d);
      bool not_found = false;
      Diagnostics md;
      if (format && format->needs_model) model = service.model(req.get_param_value("model"), md, not_found);
      if (!d.has_errors() && !(format && service.isolated(format->owner))) {
        auto a = service.workspace().read_assessment(req.body, "request", format ? format->name : "",
                                                     ReadContext{model.get(), nullptr, req.get_param_value("subject")});
        d.append(a.diagnostics);
        if (a.ok()) {
          if (!model) model = service.model(a.value->model, md, not_found);
          if (model) check_assessment(*a.value, *model, d);
          else d.error(a.value->model_loc, fmt::format("model '{}' not found", a.value->model));
        }
      } else if (!d.has_errors()) {
        d.error(Location{std::make_shared<const std::string>("request"), {}},
                fmt::format("input format '{}' is read by plugin '{}', which this service isolates: POST the "
                            "body to /v1/assess to check it",
                            format->name, format->owner));
      }
    }
    // A plugin rule's own check runs where that plugin's code may run.
    auto answer = [&](httplib::Response& out) {
      if (model && !d.has_errors()) service.workspace().check_plugin_rule(*model, d);
      out.set_content(Json{{"valid", !d.has_errors()}, {"diagnostics", diagnostics_json(d)}}.dump(2) + "\n",
                      "application/json");
    };
    if (model && service.isolated(*model)) respond_in_child(res, answer);
    else answer(res);
  });
  server.Post("/v1/assess", [&](const httplib::Request& req, httplib::Response& res) {
    Diagnostics d;
    const InputFormatInfo* input = body_format(service, req, d);
    if (d.has_errors()) return send_error(res, 400, "unknown_format", d.items().front().message);
    // The output format is checked before anything is read or scored.
    const std::string format = req.has_param("format") ? req.get_param_value("format") : "json";
    const OutputFormatInfo* output = service.formats().find_output(View::result, format);
    if (!output) return send_error(res, 400, "unknown_format", service.formats().unknown_output(View::result, format));
    score_request(service, req, res, input, output, [&](const Scoring& s, httplib::Response& out) {
      auto outcome = service.workspace().assess(s.model, *s.assessment.value, AssessOptions{req.get_param_value("target")});
      if (!outcome.ok())
        return send_error(out, 422, "invalid_input", "the assessment has errors", &outcome.diagnostics);
      Rendered body = service.formats().render(output->name, *outcome.result,
                                               RenderOptions{req.get_param_value("locale"), &service.registry()});
      if (!body.ok()) return send_error(out, 500, "render_failed", body.error);
      out.set_content(body.bytes, output->media_type);
    });
  });
  server.Post("/v1/store", [&](const httplib::Request& req, httplib::Response& res) {
    if (!service.authorized(req))
      return send_error(res, 401, "unauthorized", options.token.empty()
                                                      ? "writes need a token: start mmf serve with --token or MMF_TOKEN"
                                                      : "writes need 'Authorization: Bearer <token>'");
    Diagnostics d;
    const InputFormatInfo* input = body_format(service, req, d);
    if (d.has_errors()) return send_error(res, 400, "unknown_format", d.items().front().message);
    score_request(service, req, res, input, nullptr, [&](const Scoring& s, httplib::Response& out) {
      auto outcome = service.workspace().assess(s.model, *s.assessment.value);
      if (!outcome.ok())
        return send_error(out, 422, "invalid_input", "the assessment has errors", &outcome.diagnostics);
      std::string error;
      auto store = service.store(error);
      if (!store) return send_error(out, 500, "store_unavailable", error);
      auto stored = store->add(*outcome.result, req.body, "http");
      if (stored.error.failure == StoreFailure::invalid) return send_error(out, 422, "invalid_input", stored.error.what);
      if (!stored.ok()) return send_error(out, 500, "store_failed", stored.error.what);
      out.status = 201;
      out.set_content(Json{{"id", *stored.value}}.dump() + "\n", "application/json");
    });
  });
  server.Get("/v1/history", [&](const httplib::Request& req, httplib::Response& res) {
    if (!req.has_param("subject")) return send_error(res, 400, "bad_request", "give ?subject=");
    std::string error;
    auto store = service.store(error, Store::Access::read_only);
    if (!store) return send_error(res, 500, "store_unavailable", error);
    auto points = store->history(req.get_param_value("subject"), req.get_param_value("model"));
    if (!points.ok()) return send_error(res, 500, "store_failed", points.error.what);
    History history{req.get_param_value("subject"), std::move(*points.value)};
    res.set_content(service.formats().render("json", history, RenderOptions{}).bytes, "application/json");
  });

  // The web questionnaire, at /.
  if (auto web = web_dir(); !web.empty()) {
    server.set_mount_point("/", web.string());
    spdlog::debug("web questionnaire from {}", web.string());
  }

}

int run_serve(const Context& ctx, const ServeOptions& given) {
  ServeOptions options = given;
  if (options.token.empty())
    if (const char* t = std::getenv("MMF_TOKEN"); t && *t) options.token = t;
  auto colon = options.listen.rfind(':');
  std::string host = colon == std::string::npos ? options.listen : options.listen.substr(0, colon);
  int port = colon == std::string::npos ? 8080 : std::atoi(options.listen.c_str() + colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (port <= 0 || port > 65535) {
    spdlog::error("--listen '{}': expected HOST:PORT", options.listen);
    return exit_invalid;
  }
  if (!is_loopback(host) && options.token.empty()) {
    spdlog::error("listening on {} (beyond this machine) needs a token: --token or MMF_TOKEN", host);
    return exit_invalid;
  }

  Routes routes(ctx, options);
  httplib::Server server;
  server.new_task_queue = [n = options.threads] { return new httplib::ThreadPool(static_cast<std::size_t>(n)); };
  routes.install(server);

  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  std::thread watcher([&] {
    while (!stop_requested) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    spdlog::info("stopping: finishing the requests in flight");
    server.stop();
  });
  if (!server.bind_to_port(host.c_str(), port)) {
    spdlog::error("cannot listen on {}:{}", host, port);
    stop_requested = true;
    watcher.join();
    return exit_failure;
  }
  spdlog::info("listening on http://{}:{} ({} threads, bodies up to {} bytes)", host, port, options.threads,
               options.max_body);
  server.listen_after_bind();  // returns once stopped and the task queue has drained
  stop_requested = true;
  watcher.join();
  return exit_ok;
}

void add_serve_command(Cli& cli) {
  auto options = std::make_shared<ServeOptions>();
  auto* serve = cli.app.add_subcommand("serve", "Serve the JSON API (docs/openapi.yaml)");
  serve->add_option("--listen", options->listen, "HOST:PORT (default 127.0.0.1:8080; beyond loopback needs a token)");
  serve->add_option("--token", options->token, "Bearer token for writes (default: MMF_TOKEN)");
  serve->add_option("--max-body", options->max_body, "Largest request body in bytes (default 1 MiB; larger: 413)");
  serve->add_option("--threads", options->threads, "Worker threads (default 8)")->check(CLI::Range(1, 256));
  serve->add_option("--isolate", options->isolate,
                    "Score in a child process, so a crashing plugin costs one request: untrusted (default: plugins "
                    "not shipped with mmf), all (every model with a plugin), none")
      ->check(CLI::IsMember({"untrusted", "all", "none"}));
  serve->callback([&cli, options] { cli.run = [&cli, options] { return run_serve(cli.ctx, *options); }; });
}

}  // namespace mmf::host
