#!/usr/bin/env python3
"""A plugin that crashes while scoring costs `mmf serve` one request, not the
service: with the crash fixture plugin loaded from --plugin-dir (untrusted),
a segfault and an abort each answer 500 `plugin_crashed` naming the plugin
and the signal; the service then still answers health, the shipped alliance
model (scored in-process: its plugin is trusted) and a store write; with
--isolate none the same request takes the service down.
Usage: check_isolation.py MMF_EXE SOURCE_DIR TEST_PLUGIN_DIR"""
import http.client
import json
import os
import subprocess
import sys
import tempfile

mmf, source, plugins = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_support import check, failures, free_port, wait_healthy  # noqa: E402
from serve_support import request as full_request  # noqa: E402


def request(port, method, path, body=None, headers=None):
    status, _, data = full_request(port, method, path, body, headers)
    return status, data


def read(relative):
    with open(os.path.join(source, relative), "rb") as f:
        return f.read()


def start(isolate):
    port = free_port()
    tmp = tempfile.mkdtemp()
    server = subprocess.Popen([mmf, "--plugin-dir", plugins, "--models-dir", os.path.join(source, "tests/fixtures/plugins"),
                               "--db", os.path.join(tmp, "s.db"), "serve", "--listen", f"127.0.0.1:{port}",
                               "--token", "t", "--isolate", isolate], cwd=source,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return wait_healthy(server, port)


segv, abort = read("tests/fixtures/plugins/crash-segv.toml"), read("tests/fixtures/plugins/crash-abort.toml")
server, port = start("untrusted")
try:
    for body, signal_name in ((segv, "SIGSEGV"), (abort, "SIGABRT"), (segv, "SIGSEGV")):
        status, data = request(port, "POST", "/v1/assess", body)
        check(f"{signal_name}: status", status, 500)
        check(f"{signal_name}: error", json.loads(data)["error"],
              {"code": "plugin_crashed",
               "message": f"plugin 'crash' crashed ({signal_name}) in rule 'crash.by-answer'; the request was not scored"})
    status, data = request(port, "POST", "/v1/store", segv, {"Authorization": "Bearer t"})
    check("store of a crashing model: status", status, 500)
    check("store of a crashing model: code", json.loads(data)["error"]["code"], "plugin_crashed")
    check("health after the crashes", request(port, "GET", "/v1/health")[0], 200)
    status, data = request(port, "POST", "/v1/assess?model=alliance", read("examples/alliance-acme-globex.toml"))
    check("alliance after the crashes: status", status, 200)
    check("alliance after the crashes: level", json.loads(data)["overall"]["level"]["id"], "solution")
    status, data = request(port, "POST", "/v1/store", read("examples/alliance-acme-globex.toml"),
                           {"Authorization": "Bearer t"})
    check("store after the crashes", status, 201)
    check("the service is still running", server.poll(), None)
finally:
    server.terminate()
    server.wait(timeout=10)

# Without isolation the crash is the service's.
server, port = start("none")
try:
    try:
        request(port, "POST", "/v1/assess", segv)
    except (OSError, http.client.HTTPException):
        pass
    server.wait(timeout=10)
    check("--isolate none: the service died of the plugin's crash", server.returncode < 0, True)
finally:
    if server.poll() is None:
        server.kill()
        server.wait()

for f in failures:
    print(f, file=sys.stderr)
sys.exit(1 if failures else 0)
