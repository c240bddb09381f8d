#!/usr/bin/env python3
"""Plugin formats and plugin faults through `mmf serve`, as on the command
line: the good fixture plugin's input format ("lines", chosen with
?input_format=) and output format ("summary") answer POST /v1/assess as
`mmf assess` does; GET /v1/formats is `mmf formats --format json`; and the
faulty fixture plugin, told by FAULTY=<call>:<how> to throw a non-standard
exception or to crash in each kind of call (rule check, rule score, insight,
importer, renderer, report section), is named in one message form, while the
service goes on answering.
Usage: check_faults.py MMF_EXE SOURCE_DIR TEST_PLUGIN_DIR"""
import json
import os
import subprocess
import sys
import tempfile

mmf, source, plugins = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_support import check, failures, free_port, request, wait_healthy  # noqa: E402

THREW = "it threw something that is not a std::exception"
models = os.path.join(source, "tests/fixtures/plugins")


def start(faulty=None):
    port = free_port()
    env = dict(os.environ)
    env.pop("FAULTY", None)
    if faulty:
        env["FAULTY"] = faulty
    server = subprocess.Popen([mmf, "--plugin-dir", plugins, "--models-dir", models, "--db",
                               os.path.join(tempfile.mkdtemp(), "s.db"), "serve", "--listen", f"127.0.0.1:{port}"],
                              cwd=source, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return wait_healthy(server, port)


def stop(server):
    server.terminate()
    server.wait(timeout=10)


def error_of(data):
    e = json.loads(data)["error"]
    return e["code"], e["message"], [d["message"] for d in e.get("diagnostics", [])]


def read(name):
    with open(os.path.join(models, name), "rb") as f:
        return f.read()


# The good plugin's formats, through the service and through mmf assess.
server, port = start()
cli = subprocess.run([mmf, "--plugin-dir", plugins, "assess", "tests/fixtures/plugins/good-model.toml",
                      "tests/fixtures/plugins/answers.lines", "--format", "summary"], cwd=source, check=True,
                     capture_output=True).stdout
status, ctype, data = request(port, "POST", "/v1/assess?input_format=lines&format=summary", read("answers.lines"))
check("lines in, summary out: status", status, 200)
check("lines in, summary out: body equals mmf assess", data, cli)
check("lines in, summary out: body", data, b"Lines import: 50%\n")
check("a plugin format's media type (add_typed_renderer)", ctype, "text/plain; charset=utf-8")
status, _, data = request(port, "POST", "/v1/assess?input_format=pdf", read("answers.lines"))
check("unknown input format", (status, error_of(data)[:2]),
      (400, ("unknown_format", "unknown input format 'pdf' (known: toml, json, csv, xlsx, faulty-in, lines)")))
status, _, data = request(port, "POST", "/v1/assess?input_format=lines&format=odt", read("answers.lines"))
check("unknown output format", (status, error_of(data)[:2]),
      (400, ("unknown_format", "unknown format 'odt' for result output (known: text, json, markdown (md), html, csv, "
                               "xlsx, docx, pdf, faulty-out, summary)")))
status, ctype, data = request(port, "GET", "/v1/formats")
listed = subprocess.run([mmf, "--plugin-dir", plugins, "formats", "--format", "json"], cwd=source, check=True,
                        capture_output=True).stdout
check("GET /v1/formats equals mmf formats --format json", (status, ctype, data), (200, "application/json", listed))
status, _, data = request(port, "POST", "/v1/assess?input_format=faulty-in&format=faulty-out", read("answers.faulty"))
check("the faulty plugin behaves unless told", (status, data), (200, b"faulty: Faulty Co\n"))
stop(server)

# Each kind of call, throwing and crashing. The fixture plugins are not
# shipped with mmf, so their code runs in a child process.
calls = [("check", "rule 'faulty.rule' (check)", "json"), ("score", "rule 'faulty.rule'", "json"),
         ("insight", "its insight producer", "json"), ("importer", "importer 'faulty-in'", "json"),
         ("renderer", "renderer 'faulty-out'", "faulty-out"), ("section", "its report section", "html")]
body = read("answers.faulty")
for call, named, fmt in calls:
    path = f"/v1/assess?input_format=faulty-in&format={fmt}"
    server, port = start(f"{call}:throw")
    status, ctype, data = request(port, "POST", path, body)
    message = f"plugin 'faulty' failed in {named}: {THREW}"
    if call == "section":
        check("section throws: the report, with a warning in its place",
              (status, message.replace("'", "&#39;") in data.decode()), (200, True))
    elif call == "renderer":
        check("renderer throws", (status, error_of(data)), (500, ("render_failed", message, [])))
    else:  # the plugin's fault, not the client's
        code, said, diagnostics = error_of(data)
        check(f"{call} throws", (status, code, said, message in diagnostics), (500, "plugin_failed", message, True))
    stop(server)

    server, port = start(f"{call}:crash")
    status, _, data = request(port, "POST", path, body)
    check(f"{call} crashes", (status, error_of(data)[:2]),
          (500, ("plugin_crashed", f"plugin 'faulty' crashed (SIGSEGV) in {named}; the request was not scored")))
    status, _, _ = request(port, "GET", "/v1/health")
    check(f"after a crash in {call}: the service still answers", status, 200)
    check(f"after a crash in {call}: the service still runs", server.poll(), None)
    stop(server)

for f in failures:
    print(f)
print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
