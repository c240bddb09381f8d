#!/usr/bin/env python3
"""docs/openapi.yaml is true to `mmf serve`, as a client generator relies on it.

Statically: every error code the service's source produces (send_error,
set_error and refuse calls in host/serve/*.cpp, with their status) is in the
Error schema's code enum and allowed by the response the description declares
for that status; every code of the enum is produced somewhere (but the ones
announced for this release, see PENDING).

Then it starts `mmf serve` (the fixture plugins for plugin formats and faults,
a token, a small body limit) and sends requests that reach every operation of
the description and as many of its statuses as a client can cause: good and
bad bodies, unknown models and formats, oversized and mis-encoded bodies, too
many headers, a missing or wrong token, a store that cannot be opened or
written, crashing and throwing plugins, byte ranges, too many connections,
unknown paths and methods. For each response: its status is declared for the
operation; its Content-Type's media type is declared for that status; a JSON
body validates against the declared schema (OpenAPI 3.0: `nullable` turned
into JSON Schema, $refs resolved within the document, and every object schema
of components/schemas closed, so that a field the service sends and the
description does not name fails too). A HEAD of each GET gets GET's status and
headers and no body; a path or method no operation takes gets the 404 the
description names. Every operation must be exercised, and every declared
status produced or listed in UNREACHABLE with the reason.
Usage: check_openapi.py MMF_EXE SOURCE_DIR TEST_PLUGIN_DIR"""
import gzip
import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

import jsonschema
import yaml

mmf, source, plugins = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_support import failures, free_port  # noqa: E402

# Codes declared before the source produces them (none now: plugin_failed,
# plugin_timeout and busy have landed); their absence would be noted, not failed.
PENDING = set()

# Declared statuses no request from outside can cause, and why. Every other
# declared status must be produced below.
UNREACHABLE = {
    "500": "internal: a handler that throws, zlib failing to start, a scoring process that answers nothing (bugs)",
}
# Per operation, beyond UNREACHABLE: (path, method, status) -> why.
UNREACHABLE_AT = {
    ("/", "get", "404"): "not_found at /: only when mmf finds no web folder, and a build's mmf always finds the "
                         "source tree's (a path below / that is no file is checked on /{file})",
}

with open(os.path.join(source, "docs", "openapi.yaml")) as f:
    spec = yaml.safe_load(f)


def fail(what):
    failures.append(what)


# ---------------------------------------------------------------------------
# The description as JSON Schema.

def to_json_schema(node, close):
    """An OpenAPI 3.0 schema (or any part of the document) as JSON Schema
    draft 4: `nullable: true` adds "null" to the type (and to an enum); the
    keywords draft 4 does not know (format: binary, description) it ignores;
    with `close`, an object schema that names its properties and says
    nothing of others allows no others."""
    if isinstance(node, list):
        return [to_json_schema(n, close) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: to_json_schema(v, close) for k, v in node.items()}
    if out.pop("nullable", False):
        if "type" in out:
            out["type"] = [out["type"], "null"] if isinstance(out["type"], str) else out["type"] + ["null"]
        if "enum" in out:
            out["enum"] = out["enum"] + [None]
    if close and "properties" in out and "additionalProperties" not in out and out.get("type") == "object":
        out["additionalProperties"] = False
    return out


document = to_json_schema({k: v for k, v in spec.items() if k != "components"}, close=False)
document["components"] = {k: to_json_schema(v, close=(k == "schemas")) for k, v in spec["components"].items()}


def resolve(node):
    """`node` with its $ref followed (within the document), repeatedly."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise SystemExit(f"openapi.yaml: $ref {ref!r} leaves the document")
        node = document
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def validate(instance, schema):
    """The first validation error of `instance` against `schema`, or None.
    The schema is checked as the document's root, so that its
    "#/components/..." references resolve."""
    root = dict(document)
    root.update(schema)
    errors = sorted(jsonschema.Draft4Validator(root).iter_errors(instance), key=lambda e: list(e.path))
    if not errors:
        return None
    e = errors[0]
    return f"{e.message} at {'/'.join(str(p) for p in e.path) or 'the root'}"


def media(content_type):
    return content_type.split(";")[0].strip().lower()


def codes_allowed(schema):
    """The error codes a response schema allows, or None if it does not
    restrict them; following $ref and intersecting allOf."""
    schema = resolve(schema)
    if not isinstance(schema, dict):
        return None
    allowed = None
    for part in schema.get("allOf", []):
        codes = codes_allowed(part)
        if codes is not None:
            allowed = codes if allowed is None else allowed & codes
    error = resolve(schema.get("properties", {}).get("error", {}))
    code = resolve(error.get("properties", {}).get("code", {})) if isinstance(error, dict) else {}
    if isinstance(code, dict) and "enum" in code:
        allowed = set(code["enum"]) if allowed is None else allowed & set(code["enum"])
    return allowed


def codes_listed(schema):
    """Every error code any branch of a response schema names."""
    schema = resolve(schema)
    if not isinstance(schema, dict):
        return set()
    listed = set()
    for part in schema.get("allOf", []):
        listed |= codes_listed(part)
    error = resolve(schema.get("properties", {}).get("error", {}))
    code = resolve(error.get("properties", {}).get("code", {})) if isinstance(error, dict) else {}
    if isinstance(code, dict):
        listed |= set(code.get("enum", []))
    return listed


operations = {}  # (path template, method) -> operation
for path, item in spec["paths"].items():
    for method, op in item.items():
        if method in ("get", "put", "post", "delete", "patch", "head", "options"):
            operations[(path, method)] = op


def declared(key, status):
    """The response operation `key` declares for `status`, resolved, or None."""
    r = document["paths"][key[0]][key[1]]["responses"].get(status)
    return resolve(r) if r is not None else None

# ---------------------------------------------------------------------------
# Static: the codes of the source against the description.

enum = spec["components"]["schemas"]["Error"]["properties"]["error"]["properties"]["code"]["enum"]
check_dups = [c for c in enum if enum.count(c) > 1]
if check_dups:
    fail(f"static: the code enum lists {sorted(set(check_dups))} twice")
source_pairs = set()  # (status, code)
serve_dir = os.path.join(source, "host", "serve")
# send_error(res, STATUS, "code", ...) and set_error(res, STATUS, "code", ...)
# answer a request; the request parser's refuse(STATUS, "code", ...) too.
LITERAL = re.compile(r"\b(?:send_error|set_error)\(\s*[\w.>-]+\s*,\s*(\d{3})\s*,\s*\"([a-z_]+)\""
                     r"|\brefuse\(\s*(\d{3})\s*,\s*\"([a-z_]+)\"")
# Calls that pass no literal status and code and need none: definitions,
# the parser forwarding what refuse() kept, the server's refuse(socket, why)
# of a connection (its answer is a literal set_error of its own).
FORWARDING = re.compile(r"^\s*(?:http::)?Response& res,|^\s*int status,|^\s*res, status_, code_, message_"
                        r"|^\s*std::move\(socket\),|^\s*tcp::socket socket,")
for name in sorted(os.listdir(serve_dir)):
    if name.endswith(".cpp"):
        with open(os.path.join(serve_dir, name)) as f:
            text = f.read()
        for m in LITERAL.finditer(text):
            source_pairs.add((m.group(1) or m.group(3), m.group(2) or m.group(4)))
        # Any other call of them would escape this check.
        for m in re.finditer(r"\b(send_error|set_error|refuse)\(", text):
            if LITERAL.match(text, m.start()):
                continue
            args = text[m.end():m.end() + 120]
            if not FORWARDING.match(args):
                fail(f"static: {name}: {m.group(1)} without a literal status and code: {args.splitlines()[0]!r}")
if not source_pairs:
    fail("static: no error code found in host/serve/*.cpp (has the call changed shape?)")
source_codes = {code for _, code in source_pairs}
for code in sorted(source_codes - set(enum)):
    fail(f"static: the service produces error code {code!r}, which the Error schema's enum does not list")
for code in sorted(set(enum) - source_codes - PENDING):
    fail(f"static: the Error schema's enum lists {code!r}, which no send_error/set_error/refuse in host/serve produces")
for code in sorted(PENDING - set(enum)):
    fail(f"static: the Error schema's enum does not list {code!r}, which this release adds")
for code in sorted(PENDING - source_codes):
    print(f"note: {code!r} is declared for this release but not produced by host/serve yet")

allowed_pairs = set()  # (status, code) some operation declares
for (path, method), op in operations.items():
    for status in op["responses"]:
        r = declared((path, method), status)
        schema = r.get("content", {}).get("application/json", {}).get("schema")
        if schema is None or status < "400":
            continue
        for code in sorted(codes_listed(schema) - set(enum)):
            fail(f"static: {method.upper()} {path} {status} names code {code!r}, not in the Error enum")
        codes = codes_allowed(schema)
        allowed_pairs |= {(status, c) for c in (codes if codes is not None else enum)}
for status, code in sorted(source_pairs - allowed_pairs):
    fail(f"static: the service answers {status} {code!r}, which no operation declares for {status}")
for status, code in sorted(allowed_pairs - source_pairs):
    if code not in PENDING:
        fail(f"static: a response declares {status} {code!r}, which the service never answers with that status")

# ---------------------------------------------------------------------------
# The service.

tmp = tempfile.mkdtemp()
store_dir = os.path.join(tmp, "store")
os.mkdir(store_dir)
db = os.path.join(store_dir, "s.db")
models_dir = os.path.join(tmp, "models")
os.mkdir(models_dir)
with open(os.path.join(models_dir, "broken.toml"), "w") as f:  # a model file with errors
    f.write('format = "mmf-model/1"\n[model]\nid = "broken"\nname = "Broken"\nversion = "1.0.0"\n'
            '[[questions]]\nid = "q"\ngroup = "nope"\n')
MAX_BODY = 65536
MAX_HEADERS = 40
PER_CLIENT = 6


def start(faulty, *extra):
    port = free_port()
    env = dict(os.environ, FAULTY=faulty)
    server = subprocess.Popen(
        [mmf, "--plugin-dir", plugins, "--models-dir", os.path.join(source, "tests/fixtures/plugins"),
         "--models-dir", os.path.join(source, "tests/fixtures/csv"), "--models-dir", models_dir, "--db", db,
         "serve", "--listen", f"127.0.0.1:{port}", "--token", "s3cret", "--max-body", str(MAX_BODY),
         "--max-headers", str(MAX_HEADERS), "--max-connections-per-client", str(PER_CLIENT), *extra],
        cwd=source, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server, port
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"mmf serve exited with {server.returncode} at start")
            time.sleep(0.05)
    raise SystemExit("mmf serve did not start")


def stop(server):
    server.terminate()
    try:
        code = server.wait(timeout=15)
        if code != 0:  # a sanitizer's report, in the ASan build
            fail(f"mmf serve exited with {code} after SIGTERM, want 0")
    except subprocess.TimeoutExpired:
        server.kill()
        fail("mmf serve did not stop within 15 s of SIGTERM")


def read_response(s, head=False):
    """(status, headers by lower-case name, body) of the one response on `s`
    (to a HEAD: all it sends until it closes)."""
    data = b""
    while b"\r\n\r\n" not in data:
        part = s.recv(65536)
        if not part:
            raise OSError(f"the connection closed after {len(data)} bytes, before a response")
        data += part
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = lines[0].split(" ")[1]
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while head or len(body) < length:
        part = s.recv(65536)
        if not part:
            break
        body += part
    return status, headers, body if head else body[:length]


def send(port, method, target, body=b"", headers=None, raw_head=None):
    """One request on a fresh connection: (status, headers, body)."""
    head = raw_head
    if head is None:
        fields = {"Host": "127.0.0.1", "Connection": "close"}
        if body or method == "POST":
            fields["Content-Length"] = str(len(body))
        fields.update(headers or {})
        head = f"{method} {target} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items()) + "\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(head.encode("latin-1") + body)
        return read_response(s, method == "HEAD")


exercised = {}  # (path, method) -> set of statuses seen


def conforms(key, what, status, headers, body):
    """Checks one response against the operation `key` declares."""
    path, method = key
    label = f"{method.upper()} {path} ({what}): {status}"
    exercised.setdefault(key, set()).add(status)
    r = declared(key, status)
    if r is None:
        return fail(f"{label}: status {status} is not declared (declared: {', '.join(operations[key]['responses'])})")
    content = r.get("content", {})
    ctype = headers.get("content-type", "")
    if not body and not content:
        return
    declared_types = {media(t): v for t, v in content.items()}
    if media(ctype) not in declared_types:
        return fail(f"{label}: media type {media(ctype)!r} is not declared (declared: {', '.join(declared_types)})")
    schema = declared_types[media(ctype)].get("schema", {})
    if media(ctype) == "application/json" or media(ctype).endswith("+json"):
        if resolve(schema).get("type") == "string":
            return
        try:
            instance = json.loads(body)
        except ValueError as e:
            return fail(f"{label}: the body is not JSON: {e}")
        error = validate(instance, schema)
        if error:
            fail(f"{label}: the body does not match the schema: {error}")
    elif media(ctype).startswith("text/") and "charset=utf-8" in ctype.lower():
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as e:
            fail(f"{label}: the body is not UTF-8 as its Content-Type says: {e}")


def exchange(key, what, method, target, body=b"", headers=None, want=None, code=None, raw_head=None):
    """Sends a request meant for operation `key`, checks that it got the
    status `want` (one, or a set) and, for an error, the code `code`, and
    that the response conforms to the description. Returns the response."""
    status, h, data = send(port, method, target, body, headers, raw_head)
    wants = want if isinstance(want, set) else {want}
    if want is not None and status not in wants:
        fail(f"{method} {target} ({what}): status {status}, want {sorted(wants)}: {data[:300]!r}")
    elif code is not None and status >= "400":
        try:
            got = json.loads(data)["error"]["code"]
        except (ValueError, KeyError, TypeError):
            got = None
        codes = code if isinstance(code, set) else {code}
        if got not in codes:
            fail(f"{method} {target} ({what}): code {got!r}, want {sorted(codes)}")
    conforms(key, what, status, h, data)
    return status, h, data


def read(relative):
    with open(os.path.join(source, relative), "rb") as f:
        return f.read()


example = read("examples/alliance-acme-globex.toml")
example_json = json.dumps({"format": "mmf-assessment/1", "model": "survey", "subject": "South",
                           "answers": {"plan-vision": "li", "plan-case": "fi", "run-reviews": "pi",
                                       "run-satisfaction": 6}}).encode()
csv_body = b"respondent;plan-vision;plan-case;run-reviews;run-satisfaction\r\nr1;Largely in place;fi;pi;7,5\r\n"
bad_csv = b"respondent,plan-vision\nr1,maybe\n"
segv = read("tests/fixtures/plugins/crash-segv.toml")
boom = read("tests/fixtures/plugins/boom-answers.toml")
faulty = read("tests/fixtures/plugins/answers.faulty")
lines = read("tests/fixtures/plugins/answers.lines")
faulty_toml = b'format = "mmf-assessment/1"\nmodel = "faulty-model"\nsubject = "Faulty Co"\n[answers]\nq1 = "y"\nq2 = "n"\n'
auth = {"Authorization": "Bearer s3cret"}
subject = "Acme%20%C3%97%20Globex%20alliance"

H, F, M, MI = ("/v1/health", "get"), ("/v1/formats", "get"), ("/v1/models", "get"), ("/v1/models/{id}", "get")
MT = ("/v1/models/{id}/template", "get")
V, A, S, HI = ("/v1/validate", "post"), ("/v1/assess", "post"), ("/v1/store", "post"), ("/v1/history", "get")
MSG = ("/v1/messages", "post")
ROOT, FILE = ("/", "get"), ("/{file}", "get")
targets = {H: ("GET", "/v1/health"), F: ("GET", "/v1/formats"), M: ("GET", "/v1/models"),
           MI: ("GET", "/v1/models/alliance"), MT: ("GET", "/v1/models/alliance/template?format=xlsx"), V: ("POST", "/v1/validate"), A: ("POST", "/v1/assess"),
           S: ("POST", "/v1/store"), HI: ("GET", f"/v1/history?subject={subject}"), ROOT: ("GET", "/"),
           FILE: ("GET", "/app.js"), MSG: ("POST", "/v1/messages")}
for key in operations:
    if key not in targets:
        fail(f"{key[1].upper()} {key[0]}: the description has an operation this test does not know")

# FAULTY=renderer:throw: the faulty plugin's renderer throws (render_failed);
# the crash plugin's rule crashes (plugin_crashed); boom's rule throws.
server, port = start("renderer:throw")
try:
    exchange(H, "up", "GET", "/v1/health", want="200")
    status, _, data = exchange(F, "the format table", "GET", "/v1/formats", want="200")
    listed = subprocess.run([mmf, "--plugin-dir", plugins, "formats", "--format", "json"], cwd=source,
                            capture_output=True, timeout=60).stdout
    if data != listed:
        fail("GET /v1/formats: not the same JSON as mmf formats --format json")
    exchange(M, "the list", "GET", "/v1/models", want="200")
    exchange(MI, "a model", "GET", "/v1/models/alliance", want="200")
    exchange(MI, "a model in German", "GET", "/v1/models/alliance?locale=de", want="200")
    exchange(MI, "a model with a plugin rule", "GET", "/v1/models/faulty-model", want="200")
    exchange(MI, "an unknown model", "GET", "/v1/models/nope", want="404", code="model_not_found")
    _, _, data = exchange(MI, "a model file with errors", "GET", "/v1/models/broken", want="404",
                          code="model_not_found")
    diagnostics = json.loads(data).get("error", {}).get("diagnostics", [])
    if not diagnostics:
        fail("GET /v1/models/broken: model_not_found without the diagnostics")
    # The server's folders never reach a client: the file by its name alone.
    if tmp.encode() in data or any(d.get("file") != "broken.toml" for d in diagnostics):
        fail(f"GET /v1/models/broken: a server path in the reply: {data[:300]!r}")
    exchange(MI, "an id that is no id", "GET", "/v1/models/Bad.id", want="404", code="not_found")
    for fmt, ctype in (("toml", "application/toml"), ("csv", "text/csv"),
                       ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")):
        _, h, _ = exchange(MT, f"template format={fmt}", "GET", f"/v1/models/alliance/template?format={fmt}&locale=de",
                           want="200")
        if media(h.get("content-type", "")) != ctype:
            fail(f"GET /v1/models/alliance/template?format={fmt}: Content-Type {h.get('content-type')!r}, want {ctype}")
        if h.get("content-disposition") != f'attachment; filename="alliance-questionnaire.{fmt}"':
            fail(f"GET /v1/models/alliance/template?format={fmt}: Content-Disposition {h.get('content-disposition')!r}")
    exchange(MT, "an unknown template format", "GET", "/v1/models/alliance/template?format=pdf", want="400",
             code="unknown_format")
    exchange(MT, "the template of no model", "GET", "/v1/models/nope/template", want="404", code="model_not_found")
    exchange(MT, "the template of a model with errors", "GET", "/v1/models/broken/template", want="404",
             code="model_not_found")
    exchange(MT, "the template of an id that is no id", "GET", "/v1/models/Bad.id/template", want="404",
             code="not_found")

    exchange(MSG, "German words", "POST", "/v1/messages", json.dumps({"locale": "de", "words": ["Save draft", "x"]}).encode(),
             {"Content-Type": "application/json"}, want="200")
    exchange(MSG, "no words", "POST", "/v1/messages", b'{"locale": "de"}', want="400", code="bad_request")
    exchange(MSG, "not JSON", "POST", "/v1/messages", b"words", want="400", code="bad_request")
    exchange(V, "a valid assessment", "POST", "/v1/validate", example, want="200")
    exchange(V, "an invalid model", "POST", "/v1/validate?kind=model",
             b'format = "mmf-model/1"\n[model]\nid = "Bad"\n', want="200")
    exchange(V, "a valid model", "POST", "/v1/validate?kind=model", read("tests/fixtures/csv/survey.toml"), want="200")
    exchange(V, "a CSV export", "POST", "/v1/validate?model=survey&subject=North", csv_body,
             {"Content-Type": "text/csv"}, want="200")
    exchange(V, "an unknown input format", "POST", "/v1/validate?input_format=pdf", example, want="200")
    exchange(V, "an isolated plugin's input format", "POST", "/v1/validate?input_format=lines", lines, want="200")
    exchange(V, "a model with a plugin rule", "POST", "/v1/validate", faulty_toml, want="200")

    for fmt, ctype in (("json", "application/json"), ("text", "text/plain"), ("markdown", "text/markdown"),
                       ("md", "text/markdown"), ("html", "text/html"), ("csv", "text/csv"),
                       ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")):
        _, h, _ = exchange(A, f"format={fmt}", "POST", f"/v1/assess?format={fmt}", example, want="200")
        if media(h.get("content-type", "")) != ctype:
            fail(f"POST /v1/assess?format={fmt}: Content-Type {h.get('content-type')!r}, want {ctype}")
    exchange(A, "JSON body", "POST", "/v1/assess", example_json, {"Content-Type": "application/json"}, want="200")
    exchange(A, "CSV body", "POST", "/v1/assess?model=survey&subject=North", csv_body, {"Content-Type": "text/csv"},
             want="200")
    exchange(A, "a plugin's input and output formats", "POST", "/v1/assess?input_format=lines&format=summary", lines,
             want="200")
    exchange(A, "a plugin's importer, rule and insights", "POST", "/v1/assess?input_format=faulty-in", faulty,
             want="200")
    exchange(A, "a plugin's rule and insights", "POST", "/v1/assess", faulty_toml, want="200")
    exchange(A, "an unknown output format", "POST", "/v1/assess?format=odt", example, want="400", code="unknown_format")
    exchange(A, "an unknown input format", "POST", "/v1/assess?input_format=pdf", example, want="400",
             code="unknown_format")
    exchange(A, "CSV without a model", "POST", "/v1/assess?subject=North", csv_body, {"Content-Type": "text/csv"},
             want="400", code="bad_request")
    exchange(A, "an unknown model", "POST", "/v1/assess?model=nope", example, want="404", code="model_not_found")
    exchange(A, "a bad answer", "POST", "/v1/assess", example.replace(b'"li"', b'"maybe"', 1), want="422",
             code="invalid_input")
    exchange(A, "malformed JSON", "POST", "/v1/assess", b'{"format": "mmf-assessment/1",',
             {"Content-Type": "application/json"}, want="422", code="invalid_input")
    exchange(A, "a bad CSV cell", "POST", "/v1/assess?model=survey", bad_csv, {"Content-Type": "text/csv"},
             want="422", code="invalid_input")
    exchange(A, "a renderer that throws", "POST", "/v1/assess?input_format=faulty-in&format=faulty-out", faulty,
             want="500", code="render_failed")
    exchange(A, "a rule that crashes", "POST", "/v1/assess", segv, want="500", code="plugin_crashed")
    # 422 invalid_input today; 500 plugin_failed once plugin failures are server errors (issue 14, part 4).
    exchange(A, "a rule that throws", "POST", "/v1/assess", boom, want="500",
             code={"invalid_input", "plugin_failed"})

    exchange(S, "no token", "POST", "/v1/store", example, want="401", code="unauthorized")
    exchange(S, "a wrong token", "POST", "/v1/store", example, {"Authorization": "Bearer wrong"}, want="401",
             code="unauthorized")
    exchange(S, "stored", "POST", "/v1/store", example, auth, want="201")
    exchange(S, "a CSV body, stored", "POST", "/v1/store?model=survey&subject=North", csv_body,
             dict(auth, **{"Content-Type": "text/csv"}), want="201")
    exchange(S, "an unknown input format", "POST", "/v1/store?input_format=pdf", example, auth, want="400",
             code="unknown_format")
    exchange(S, "CSV without a model", "POST", "/v1/store", csv_body, dict(auth, **{"Content-Type": "text/csv"}),
             want="400", code="bad_request")
    exchange(S, "an unknown model", "POST", "/v1/store?model=nope", example, auth, want="404", code="model_not_found")
    exchange(S, "a bad answer", "POST", "/v1/store", example.replace(b'"li"', b'"maybe"', 1), auth, want="422",
             code="invalid_input")
    exchange(S, "a rule that crashes", "POST", "/v1/store", segv, auth, want="500", code="plugin_crashed")
    exchange(S, "a rule that throws", "POST", "/v1/store", boom, auth, want="500",
             code={"invalid_input", "plugin_failed"})
    # A store that refuses the write: a trigger aborts every insert.
    with sqlite3.connect(db) as c:
        c.execute("CREATE TRIGGER refuse BEFORE INSERT ON assessments BEGIN SELECT RAISE(ABORT, 'refused'); END")
    exchange(S, "a store that refuses the write", "POST", "/v1/store", example, auth, want="500", code="store_failed")
    with sqlite3.connect(db) as c:
        c.execute("DROP TRIGGER refuse")

    _, _, data = exchange(HI, "a subject's history", "GET", f"/v1/history?subject={subject}", want="200")
    if len(json.loads(data).get("points", [])) != 1:
        fail(f"GET /v1/history: want the one point stored, got {data[:200]!r}")
    exchange(HI, "one model's", "GET", f"/v1/history?subject={subject}&model=alliance", want="200")
    exchange(HI, "a subject never stored", "GET", "/v1/history?subject=nobody", want="200")
    exchange(HI, "no subject", "GET", "/v1/history", want="400", code="bad_request")
    # A store that cannot be opened for reading: a folder where its file is.
    os.rename(db, db + ".away")
    os.mkdir(db)
    exchange(HI, "a store that cannot be opened", "GET", f"/v1/history?subject={subject}", want="500",
             code="store_unavailable")
    os.rmdir(db)
    os.rename(db + ".away", db)
    # ...nor for writing: its folder is a file for a moment.
    os.rename(store_dir, store_dir + ".away")
    with open(store_dir, "w") as f:
        f.write("not a folder\n")
    exchange(S, "a store that cannot be opened", "POST", "/v1/store", example, auth, want="500",
             code="store_unavailable")
    os.remove(store_dir)
    os.rename(store_dir + ".away", store_dir)

    index = read("web/index.html")
    _, _, data = exchange(ROOT, "the questionnaire", "GET", "/", want="200")
    if data != index:
        fail("GET /: not web/index.html")
    exchange(ROOT, "one range", "GET", "/", headers={"Range": "bytes=0-9"}, want="206")
    exchange(ROOT, "two ranges", "GET", "/", headers={"Range": "bytes=0-1,4-5"}, want="416",
             code="range_not_satisfiable")
    exchange(ROOT, "a range outside the file", "GET", "/", headers={"Range": f"bytes={len(index)}-"}, want="416",
             code="range_not_satisfiable")
    for name in sorted(os.listdir(os.path.join(source, "web"))):
        exchange(FILE, name, "GET", f"/{name}", want="200")
    exchange(FILE, "one range", "GET", "/style.css", headers={"Range": "bytes=-5"}, want="206")
    exchange(FILE, "a range outside the file", "GET", "/app.js", headers={"Range": "bytes=99999999-"}, want="416",
             code="range_not_satisfiable")
    exchange(FILE, "no such file", "GET", "/nope.txt", want="404", code="not_found")
    exchange(FILE, "a way out", "GET", "/../README.md", want="404", code="not_found")

    # What any request can be answered before its route is chosen.
    for key, (method, target) in targets.items():
        exchange(key, "Transfer-Encoding gzip", method, target, headers={"Transfer-Encoding": "gzip"}, want="400",
                 code="bad_request")
        exchange(key, "a Content-Length over --max-body", method, target,
                 raw_head=f"{method} {target} HTTP/1.1\r\nHost: x\r\nContent-Length: {MAX_BODY + 1}\r\n"
                          "Connection: close\r\n\r\n", want="413", code="payload_too_large")
        exchange(key, "Content-Encoding br", method, target, b"x", {"Content-Encoding": "br"}, want="415",
                 code="unsupported_encoding")
        exchange(key, "too many header fields", method, target,
                 headers={f"X-Field-{i}": "1" for i in range(MAX_HEADERS + 1)}, want="431", code="header_too_large")
        exchange(key, "a header over --max-header-size", method, target, headers={"X-Long": "y" * 20000}, want="431",
                 code="header_too_large")
    for key, what, body in ((V, "a body over --max-body", b"x" * (MAX_BODY + 1)),
                            (A, "a body over --max-body", b"x" * (MAX_BODY + 1)),
                            (S, "a body over --max-body", b"x" * (MAX_BODY + 1)),
                            (A, "a gzip body over --max-body once inflated", None),
                            (V, "a corrupt gzip body", b"\x1f\x8b\x08\x00garbage")):
        headers = auth if key == S else {}
        if body is None:
            body = gzip.compress(b"#" * (4 * MAX_BODY))
            headers = dict(headers, **{"Content-Encoding": "gzip"})
            exchange(key, what, "POST", key[0], body, headers, want="413", code="payload_too_large")
        elif body.startswith(b"\x1f\x8b"):
            exchange(key, what, "POST", key[0], body, dict(headers, **{"Content-Encoding": "gzip"}), want="400",
                     code="bad_request")
        else:
            exchange(key, what, "POST", key[0], body, headers, want="413", code="payload_too_large")

    # Too many connections: the answer comes as the connection is accepted,
    # before any request is read, so it is the answer to whichever
    # operation the request would have been for.
    idle = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(PER_CLIENT)]
    time.sleep(0.2)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        try:
            refused = read_response(s)
        except OSError as e:
            refused = None
            fail(f"the connection over --max-connections-per-client: no answer ({e})")
    for s in idle:
        s.close()
    if refused:
        status, h, data = refused
        code = json.loads(data)["error"]["code"] if data else None
        if (status, code, h.get("retry-after")) != ("503", "too_many_connections", "1"):
            fail(f"the connection over --max-connections-per-client: {status} {code} Retry-After "
                 f"{h.get('retry-after')!r}, want 503 too_many_connections Retry-After '1'")
        for key in operations:
            conforms(key, "a connection over --max-connections-per-client", status, h, data)
    for _ in range(100):  # until the server has seen the idle connections go
        try:
            if send(port, "GET", "/v1/health")[0] == "200":
                break
        except OSError:
            pass
        time.sleep(0.05)

    # HEAD of every GET: the same status and headers, no body.
    for key, (method, target) in targets.items():
        if method != "GET":
            continue
        got, want = send(port, "HEAD", target), send(port, "GET", target)
        if (got[0], got[1].get("content-type"), got[1].get("content-length"), got[2]) != \
                (want[0], want[1].get("content-type"), want[1].get("content-length"), b""):
            fail(f"HEAD {target}: {got[0]} {got[1].get('content-type')!r} length {got[1].get('content-length')} with "
                 f"{len(got[2])} body bytes, want GET's {want[0]} {want[1].get('content-type')!r} length "
                 f"{want[1].get('content-length')} and no body")

    # No operation takes these: 404 not_found (never 405), as the description says.
    not_found = resolve(document["components"]["responses"]["NotFound"])
    for method, target in (("GET", "/v1/nope"), ("POST", "/v1/health"), ("GET", "/v1/assess"),
                           ("DELETE", "/v1/store"), ("PUT", "/v1/models/alliance"), ("POST", "/")):
        status, h, data = send(port, method, target)
        if status != "404" or media(h.get("content-type", "")) != "application/json":
            fail(f"{method} {target} (no operation): {status} {h.get('content-type')!r}, want 404 application/json")
            continue
        error = validate(json.loads(data), not_found["content"]["application/json"]["schema"])
        if error:
            fail(f"{method} {target} (no operation): 404 does not match components/responses/NotFound: {error}")
finally:
    stop(server)

# FAULTY=check:crash: the faulty plugin crashes in its rule check, which
# POST /v1/validate runs in a child process.
server, port = start("check:crash")
try:
    exchange(V, "a plugin rule check that crashes", "POST", "/v1/validate", faulty_toml, want="500",
             code="plugin_crashed")
    exchange(H, "up after the crash", "GET", "/v1/health", want="200")
finally:
    stop(server)

# FAULTY=check:hang: the faulty plugin's rule check never returns; every
# request that runs it is stopped at --plugin-timeout with a 504.
server, port = start("check:hang", "--plugin-timeout", "0.5")
try:
    exchange(V, "a plugin rule check that hangs", "POST", "/v1/validate", faulty_toml, want="504",
             code="plugin_timeout")
    exchange(A, "a plugin rule check that hangs", "POST", "/v1/assess", faulty_toml, want="504",
             code="plugin_timeout")
    exchange(S, "a plugin rule check that hangs", "POST", "/v1/store", faulty_toml, {"Authorization": "Bearer s3cret"},
             want="504", code="plugin_timeout")
finally:
    stop(server)

# ---------------------------------------------------------------------------
# Every operation exercised; every declared status produced, or unreachable for a reason.

for key, op in operations.items():
    path, method = key
    seen = exercised.get(key, set())
    if not seen:
        fail(f"{method.upper()} {path}: never exercised")
    for status in op["responses"]:
        if status in seen or status in UNREACHABLE or (path, method, status) in UNREACHABLE_AT:
            continue
        fail(f"{method.upper()} {path}: declared status {status} was never produced, nor listed as unreachable")
unproduced = sorted({(p, m, s) for (p, m), op in operations.items() for s in op["responses"]
                     if s not in exercised.get((p, m), set())})
for p, m, s in unproduced:
    reason = UNREACHABLE.get(s) or UNREACHABLE_AT.get((p, m, s), "")
    print(f"not produced from outside: {m.upper()} {p} {s}: {reason}")

shutil.rmtree(tmp, ignore_errors=True)
for f in failures:
    print(f)
print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
