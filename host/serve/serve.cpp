// The HTTP service: the same loaders, engine, renderers and store as the
// command line, behind a JSON API. Errors are JSON with a stable code.
#include "serve/serve.h"

#include <algorithm>
#include <functional>
#include <mutex>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "mmf/mmf.hpp"
#include "mmf/workspace.h"
#include "cli/output.h"
#include "crash.h"
#include "search_paths.h"

namespace mmf::host {

namespace {

using Json = nlohmann::ordered_json;

// Diagnostics as a client may see them: a file by its name alone (a model
// file in the server's model folders is "broken.toml", never its path).
std::vector<Diagnostic> for_client(const Diagnostics& d) {
  std::vector<Diagnostic> out = d.items();
  for (auto& item : out)
    if (!item.file.empty()) item.file = std::filesystem::path(item.file).filename().string();
  return out;
}

void send_error(http::Response& res, int status, const std::string& code, const std::string& message,
                const Diagnostics* diagnostics = nullptr) {
  Json e{{"code", code}, {"message", message}};
  if (diagnostics) {
    Json list = Json::array();
    Diagnostics sorted = *diagnostics;
    sorted.sort();
    for (const Diagnostic& d : for_client(sorted))
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

// The input's errors: 422 invalid_input; but a plugin whose code failed is
// the server's fault: 500 plugin_failed, with the plugin's message.
void send_invalid(http::Response& res, const std::string& message, const Diagnostics& d) {
  for (const auto& item : d.items())
    if (item.plugin_failure) return send_error(res, 500, "plugin_failed", item.message, &d);
  send_error(res, 422, "invalid_input", message, &d);
}

Json diagnostics_json(const Diagnostics& d) {
  Json list = Json::array();
  Diagnostics sorted = d;
  sorted.sort();
  for (const Diagnostic& item : for_client(sorted))
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

  bool authorized(const http::Request& req) const {
    if (options_.token.empty()) return false;
    return req.header("Authorization") == "Bearer " + options_.token;
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
    o.skip_plugins = plugins_to_skip();
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
      // What each answer means for this question, and the evidence to look for.
      const QuestionGuide& guide = m.guide(q);
      const Scale& scale = m.scales[question.scale];
      Json answers = Json::object();
      for (std::size_t o = 0; o < guide.answers.size() && o < scale.options.size(); ++o)
        if (!guide.answers[o].empty()) answers[scale.options[o].id] = guide.answers[o].in(loc);
      Json criteria = Json::array();
      for (const Text& c : guide.criteria) criteria.push_back(c.in(loc));
      questions.push_back(Json{{"id", question.id}, {"text", question.text.in(loc)}, {"help", question.help.in(loc)},
                               {"scale", scale.id}, {"answers", answers}, {"criteria", criteria}});
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
const InputFormatInfo* body_format(const Service& service, const http::Request& req, Diagnostics& out) {
  if (req.has_param("input_format"))
    return service.workspace().input_format(req.param("input_format"), "request", out);
  return service.formats().input_for_media_type(req.header("Content-Type"));
}

bool valid_model_id(const std::string& id) {
  if (id.empty() || id.size() > 64 || id[0] < 'a' || id[0] > 'z') return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

// How a CSV body is read, from the query: subject_column, respondent_column,
// unit_column, date_column, header_rows (as the command line's options).
CsvOptions csv_options(const http::Request& req) {
  CsvOptions o;
  o.subject_column = req.param("subject_column");
  o.respondent_column = req.param("respondent_column");
  o.unit_column = req.param("unit_column");
  o.date_column = req.param("date_column");
  const std::string rows = req.param("header_rows");
  if (rows.size() == 1 && rows[0] >= '1' && rows[0] <= '9') o.header_rows = static_cast<std::size_t>(rows[0] - '0');
  return o;
}

// How long a scoring child may run (--plugin-timeout); set once at start.
int scoring_deadline_ms = 10'000;

// Answers with `respond` in a child process (run_in_child): a plugin that
// crashes there costs this request a 500 naming it, one that hangs a 504
// at the deadline, and the service goes on.
void respond_in_child(http::Response& res, const std::function<void(http::Response&)>& respond) {
  auto child = run_in_child(
      [&] {
        http::Response r;
        respond(r);
        return fmt::format("{}\n{}\n", r.status, r.content_type) + r.body;
      },
      ChildLimits{scoring_deadline_ms, {}});
  if (child.busy) return send_error(res, 503, "busy", child.crash + "; try again");
  if (child.timed_out) return send_error(res, 504, "plugin_timeout", child.crash + "; the request was not scored");
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
bool read_scoring(const Service& service, const http::Request& req, const InputFormatInfo* input,
                  http::Response& res, Scoring& s) {
  Diagnostics d;
  bool not_found = false;
  if (input && input->needs_model) {
    // A CSV export of one subject's respondents: the model is named in the query.
    std::string id = req.param("model");
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
                                                       ReadContext{s.model.get(), &csv, req.param("subject")});
    if (!s.assessment.ok()) {
      send_invalid(res, "the assessment has errors", s.assessment.diagnostics);
      return false;
    }
    return true;
  }
  s.assessment = service.workspace().read_assessment(req.body, input ? "request." + input->name : "request",
                                                     input ? input->name : "");
  if (!s.assessment.ok()) {
    send_invalid(res, "the assessment has errors", s.assessment.diagnostics);
    return false;
  }
  std::string id = req.has_param("model") ? req.param("model") : s.assessment.value->model;
  s.model = service.model(id, d, not_found);
  if (!s.model) {
    // A model is named by its id; what is not an id (a path) is not repeated back.
    send_error(res, 404, "model_not_found",
               valid_model_id(id) ? fmt::format("no model '{}'", id)
                                  : std::string("no such model: a model is named by its id (^[a-z][a-z0-9-]*$)"),
               not_found ? nullptr : &d);
    return false;
  }
  return true;
}

// Reads and resolves the request, runs the model's plugin rule check, then
// `finish`: wherever plugin code of an isolated plugin would run (its
// importer, its rule, its insights, its renderer), in a child process.
void score_request(const Service& service, const http::Request& req, http::Response& res,
                   const InputFormatInfo* input, const OutputFormatInfo* output,
                   const std::function<void(const Scoring&, http::Response&)>& finish) {
  auto checked = [&](const Scoring& s, http::Response& out) {
    Diagnostics d;
    service.workspace().check_plugin_rule(*s.model, d);
    if (d.has_errors()) return send_invalid(out, "the model has errors", d);
    finish(s, out);
  };
  if (input && service.isolated(input->owner))
    return respond_in_child(res, [&](http::Response& out) {
      Scoring s;
      if (read_scoring(service, req, input, out, s)) checked(s, out);
    });
  Scoring s;
  if (!read_scoring(service, req, input, res, s)) return;
  if (service.isolated(*s.model, output)) respond_in_child(res, [&](http::Response& out) { checked(s, out); });
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

void Routes::install(http::Router& server) {
  const Context& ctx = state_->ctx;
  const ServeOptions& options = state_->options;
  Service& service = state_->service;

  // On the I/O thread, so that it answers while every worker is busy.
  server.get("/v1/health", [](const http::Request&, http::Response& res) {
    res.set_content(Json{{"status", "ok"}, {"version", library_version()}}.dump() + "\n", "application/json");
  }, true);
  server.get("/v1/models", [&](const http::Request&, http::Response& res) {
    Diagnostics problems;
    Json list = Json::array();
    for (const auto& e : ModelCatalog(model_dirs(ctx.models_dirs)).list(problems))
      list.push_back(Json{{"id", e.id}, {"version", e.version}, {"name", e.name}});
    res.set_content(list.dump(2) + "\n", "application/json");
  });
  server.get("/v1/formats", [&](const http::Request&, http::Response& res) {
    Rendered listing = service.formats().render("json", FormatListing{service.formats()}, RenderOptions{});
    res.set_content(listing.bytes, "application/json");
  });
  // The model a path names, or nullptr once 404 is answered (with the
  // model file's diagnostics, when it has errors). Routes keep a copy: this
  // function returns before they run.
  auto path_model = [&service](const http::Request& req, http::Response& res) {
    Diagnostics d;
    bool not_found = false;
    auto model = service.model(req.matches[1], d, not_found);
    if (!model)
      send_error(res, 404, "model_not_found", fmt::format("no model '{}'", req.matches[1]), not_found ? nullptr : &d);
    return model;
  };
  server.get(R"(/v1/models/([a-z][a-z0-9-]*))", [&, path_model](const http::Request& req, http::Response& res) {
    auto model = path_model(req, res);
    if (!model) return;
    res.set_content(model_json(*model, req.param("locale")).dump(2) + "\n", "application/json");
  });
  // A blank assessment of a model for respondents: TOML, a survey export's
  // header row, or the questionnaire workbook that POST /v1/assess reads back.
  server.get(R"(/v1/models/([a-z][a-z0-9-]*)/template)", [&, path_model](const http::Request& req,
                                                                           http::Response& res) {
    const std::string format = req.has_param("format") ? req.param("format") : "toml";
    const OutputFormatInfo* output = service.formats().find_output(View::blank, format);
    if (!output) return send_error(res, 400, "unknown_format", service.formats().unknown_output(View::blank, format));
    auto model = path_model(req, res);
    if (!model) return;
    Rendered body = service.formats().render(output->name, *model, RenderOptions{req.param("locale")});
    if (!body.ok()) return send_error(res, 500, "render_failed", body.error);
    res.set_content(std::move(body.bytes), output->media_type);
    res.headers.emplace_back("Content-Disposition",
                             fmt::format("attachment; filename=\"{}-questionnaire.{}\"", model->id, output->name));
  });
  // The reports' words in a language, for the web questionnaire (and any
  // client that shows mmf's words): {"locale": "de", "words": [english…]}.
  server.post("/v1/messages", [](const http::Request& req, http::Response& res) {
    constexpr std::size_t kMaxWords = 2000, kMaxWord = 2000;
    const Json body = Json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("words") || !body["words"].is_array())
      return send_error(res, 400, "bad_request", "send a JSON object {\"locale\": \"de\", \"words\": [\"…\"]}");
    if (body.contains("locale") && !body["locale"].is_string())
      return send_error(res, 400, "bad_request", "'locale' must be a string, such as \"de\" or \"fr-CA\"");
    const auto& list = body["words"];
    if (list.size() > kMaxWords)
      return send_error(res, 400, "bad_request", fmt::format("at most {} words in one request, not {}", kMaxWords, list.size()));
    std::vector<std::string> words;
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (!list[i].is_string())
        return send_error(res, 400, "bad_request", fmt::format("words[{}] must be a string", i));
      if (list[i].get_ref<const std::string&>().size() > kMaxWord)
        return send_error(res, 400, "bad_request", fmt::format("words[{}] is longer than {} bytes", i, kMaxWord));
      if (list[i].get_ref<const std::string&>().find('\0') != std::string::npos)
        return send_error(res, 400, "bad_request", fmt::format("words[{}] holds a NUL character", i));
      words.push_back(list[i].get<std::string>());
    }
    const std::string locale = body.value("locale", req.param("locale"));
    const auto translated = translate_words(locale, words);
    nlohmann::json out = nlohmann::json::object();  // a map: 2,000 keys cost no scan each
    for (std::size_t i = 0; i < words.size(); ++i) out[words[i]] = translated[i];
    res.set_content(Json{{"locale", locale}, {"language", catalogue_language(locale)}, {"words", out}}.dump(2) + "\n",
                    "application/json");
  });
  server.post("/v1/validate", [&](const http::Request& req, http::Response& res) {
    // The check itself is the Workspace's; what runs here is where plugin code may run.
    Diagnostics d;
    std::shared_ptr<const Model> model;  // the model sent, or the one the assessment is checked against
    const bool model_text = req.param("kind") == "model" ||
                            (req.param("kind").empty() && req.body.find("\"mmf-model/") != std::string::npos);
    const InputFormatInfo* format = model_text ? nullptr : body_format(service, req, d);
    if (!d.has_errors()) {
      Validation v = service.workspace().validate_text(
          ValidateText{req.body, "request", model_text ? "model" : "assessment", format, req.param("model"),
                       req.param("subject"), [&](const std::string& owner) { return service.isolated(owner); }});
      d.append(v.diagnostics);
      model = v.model;
    }
    // A plugin rule's own check runs where that plugin's code may run.
    auto answer = [&](http::Response& out) {
      if (model && !d.has_errors()) service.workspace().check_plugin_rule(*model, d);
      out.set_content(Json{{"valid", !d.has_errors()}, {"diagnostics", diagnostics_json(d)}}.dump(2) + "\n",
                      "application/json");
    };
    if (model && service.isolated(*model)) respond_in_child(res, answer);
    else answer(res);
  });
  server.post("/v1/assess", [&](const http::Request& req, http::Response& res) {
    Diagnostics d;
    const InputFormatInfo* input = body_format(service, req, d);
    if (d.has_errors()) return send_error(res, 400, "unknown_format", d.items().front().message);
    // The output format is checked before anything is read or scored.
    const std::string format = req.has_param("format") ? req.param("format") : "json";
    const OutputFormatInfo* output = service.formats().find_output(View::result, format);
    if (!output) return send_error(res, 400, "unknown_format", service.formats().unknown_output(View::result, format));
    score_request(service, req, res, input, output, [&](const Scoring& s, http::Response& out) {
      auto outcome = service.workspace().assess(s.model, *s.assessment.value, AssessOptions{req.param("target")});
      if (!outcome.ok())
        return send_invalid(out, "the assessment has errors", outcome.diagnostics);
      Rendered body = service.formats().render(output->name, *outcome.result,
                                               RenderOptions{req.param("locale"), &service.registry(), options.brand.get()});
      if (!body.ok()) return send_error(out, 500, "render_failed", body.error);
      out.set_content(body.bytes, output->media_type);
    });
  });
  server.post("/v1/store", [&](const http::Request& req, http::Response& res) {
    if (!service.authorized(req))
      return send_error(res, 401, "unauthorized", options.token.empty()
                                                      ? "writes need a token: start mmf serve with --token or MMF_TOKEN"
                                                      : "writes need 'Authorization: Bearer <token>'");
    Diagnostics d;
    const InputFormatInfo* input = body_format(service, req, d);
    if (d.has_errors()) return send_error(res, 400, "unknown_format", d.items().front().message);
    score_request(service, req, res, input, nullptr, [&](const Scoring& s, http::Response& out) {
      auto outcome = service.workspace().assess(s.model, *s.assessment.value);
      if (!outcome.ok())
        return send_invalid(out, "the assessment has errors", outcome.diagnostics);
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
  server.get("/v1/history", [&](const http::Request& req, http::Response& res) {
    if (!req.has_param("subject")) return send_error(res, 400, "bad_request", "give ?subject=");
    std::string error;
    auto store = service.store(error, Store::Access::read_only);
    if (!store) return send_error(res, 500, "store_unavailable", error);
    auto points = store->history(req.param("subject"), req.param("model"));
    if (!points.ok()) return send_error(res, 500, "store_failed", points.error.what);
    History history{req.param("subject"), std::move(*points.value), {}};
    res.set_content(service.formats().render("json", history, RenderOptions{}).bytes, "application/json");
  });

  // The web questionnaire, at /.
  if (auto web = web_dir(); !web.empty()) {
    server.mount(web);
    spdlog::debug("web questionnaire from {}", web.string());
  }

}

http::Limits serve_limits(const ServeOptions& o) {
  auto ms = [](double seconds) { return std::chrono::milliseconds(static_cast<long long>(seconds * 1000)); };
  http::Limits l;
  l.max_body = o.max_body;
  l.max_headers = o.max_headers;
  l.max_header_bytes = o.max_header_size;
  l.header_timeout = ms(o.header_timeout);
  l.body_timeout = ms(o.body_timeout);
  l.request_timeout = ms(o.request_timeout);
  l.idle_timeout = ms(o.idle_timeout);
  l.max_connections = o.max_connections;
  l.max_connections_per_client = o.max_connections_per_client;
  return l;
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

  if (!options.brand_file.empty()) {
    auto loaded = load_brand(options.brand_file);
    print(loaded.diagnostics, ctx.quiet);
    if (!loaded.ok()) return exit_for(loaded.diagnostics);
    options.brand = loaded.value;
  }

  scoring_deadline_ms = static_cast<int>(options.plugin_timeout * 1000);
  set_max_children(options.threads);  // a child per busy worker at most
  Routes routes(ctx, options);
  http::Router router;
  routes.install(router);
  const http::Limits limits = serve_limits(options);
  bool listened = http::serve(router, limits, host, port, options.threads, [&] {
    spdlog::info("listening on http://{}:{} ({} threads, bodies up to {} bytes, up to {} connections)", host, port,
                 options.threads, options.max_body, options.max_connections);
  });
  return listened ? exit_ok : exit_failure;
}

void add_serve_command(Cli& cli) {
  auto options = std::make_shared<ServeOptions>();
  auto* serve = cli.app.add_subcommand("serve", "Serve the JSON API (docs/openapi.yaml)");
  serve->add_option("--listen", options->listen, "HOST:PORT (default 127.0.0.1:8080; beyond loopback needs a token)");
  serve->add_option("--token", options->token, "Bearer token for writes (default: MMF_TOKEN)");
  serve->add_option("--max-body", options->max_body, "Largest request body in bytes (default 1 MiB; larger: 413)");
  serve->add_option("--brand", options->brand_file,
                    "An mmf-brand/1 file: the firm's name, logo, colours and marks on docx and pdf reports")
      ->type_name("FILE");
  serve->add_option("--threads", options->threads, "Worker threads (default 8)")->check(CLI::Range(1, 256));
  serve->add_option("--plugin-timeout", options->plugin_timeout,
                    "A request whose plugin code runs in a child longer than SECONDS gets 504 (default 10)")
      ->type_name("SECONDS")
      ->check(CLI::Range(0.05, 3600.0));
  serve->add_option("--isolate", options->isolate,
                    "Score in a child process, so a crashing plugin costs one request: untrusted (default: plugins "
                    "not shipped with mmf), all (every model with a plugin), none")
      ->check(CLI::IsMember({"untrusted", "all", "none"}));
  auto* seconds = serve->add_option_group("limits", "What one client may take of the service");
  seconds->add_option("--header-timeout", options->header_timeout,
                      "Seconds from a request's first byte to the end of its header (default 10)")
      ->check(CLI::Range(0.1, 3600.0));
  seconds->add_option("--body-timeout", options->body_timeout,
                      "Seconds to receive a body after its header, and to send a response (default 30)")
      ->check(CLI::Range(0.1, 3600.0));
  seconds->add_option("--request-timeout", options->request_timeout,
                      "Seconds from a request's first byte to the end of its body (default 60)")
      ->check(CLI::Range(0.1, 3600.0));
  seconds->add_option("--idle-timeout", options->idle_timeout,
                      "Seconds a connection may wait for its next request (default 30)")
      ->check(CLI::Range(0.1, 3600.0));
  seconds->add_option("--max-connections", options->max_connections,
                      "Connections open at once (default 1024; beyond, the longest idle is closed, else 503)")
      ->check(CLI::Range(1, 1000000));
  seconds->add_option("--max-connections-per-client", options->max_connections_per_client,
                      "Connections open at once from one client address (default 64; 0: no cap; beyond: 503)")
      ->check(CLI::Range(0, 1000000));
  seconds->add_option("--max-headers", options->max_headers, "Header fields in a request (default 100; more: 431)")
      ->check(CLI::Range(1, 10000));
  seconds->add_option("--max-header-size", options->max_header_size,
                      "Bytes of a request's line and header (default 16384; more: 431)")
      ->check(CLI::Range(1024, 1048576));
  serve->callback([&cli, options] { cli.run = [&cli, options] { return run_serve(cli.ctx, *options); }; });
}

}  // namespace mmf::host
