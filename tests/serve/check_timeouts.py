#!/usr/bin/env python3
"""A plugin that hangs cannot hold `mmf serve`: the faulty fixture plugin,
told by FAULTY=score:hang to sleep for ever in its rule, is stopped at the
scoring deadline (--plugin-timeout). Nine requests at once (more than the
eight workers) each get a 504 naming the plugin and the call; meanwhile the
service answers health probes within a second and scores another model; and
afterwards no scoring child is left. A plugin that throws is the server's
fault: 500 plugin_failed, not 422. And with 1,100 idle connections open (more
than 1,024 descriptors), an isolated request still gets its answer.
Usage: check_timeouts.py MMF_EXE SOURCE_DIR TEST_PLUGIN_DIR"""
import concurrent.futures
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time

mmf, source, plugins = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_support import check, failures, free_port, request, wait_healthy  # noqa: E402

models = os.path.join(source, "tests/fixtures/plugins")


def start(faulty, *extra):
    port = free_port()
    env = dict(os.environ)
    env["FAULTY"] = faulty  # "none": names no call, so the plugin behaves
    server = subprocess.Popen([mmf, "--plugin-dir", plugins, "--models-dir", models, "--models-dir",
                               os.path.join(source, "models"), "--db", os.path.join(tempfile.mkdtemp(), "s.db"),
                               "serve", "--listen", f"127.0.0.1:{port}", "--threads", "8", *extra],
                              cwd=source, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return wait_healthy(server, port)


def children_of(pid):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def error_of(data):
    e = json.loads(data)["error"]
    return e["code"], e["message"]


with open(os.path.join(models, "answers.faulty"), "rb") as f:
    faulty_body = f.read()
with open(os.path.join(source, "examples/alliance-acme-globex.toml"), "rb") as f:
    alliance_body = f.read()

server, port = start("score:hang", "--plugin-timeout", "2")
hung = "/v1/assess?input_format=faulty-in&format=json"
started = time.monotonic()
with concurrent.futures.ThreadPoolExecutor(max_workers=12) as pool:
    futures = [pool.submit(request, port, "POST", hung, faulty_body) for _ in range(9)]
    time.sleep(0.5)
    # While nine requests hang: health within a second, and another model scores.
    worst = 0.0
    for _ in range(5):
        t = time.monotonic()
        status, _, _ = request(port, "GET", "/v1/health")
        worst = max(worst, time.monotonic() - t)
        check("health while plugins hang", status, 200)
        time.sleep(0.1)
    check("health answered within a second while plugins hang", worst < 1.0, True)
    status, _, data = request(port, "POST", "/v1/assess", alliance_body)
    check("another model scores while plugins hang", status, 200)
    answers = [f.result() for f in futures]
elapsed = time.monotonic() - started
for status, _, data in answers:
    check("a hung plugin: 504 naming it", (status, error_of(data)),
          (504, ("plugin_timeout",
                 "plugin 'faulty' did not finish within 2 s in rule 'faulty.rule'; the request was not scored")))
check(f"nine hung requests end near their deadlines (took {elapsed:.1f} s)", elapsed < 12, True)
time.sleep(0.3)
check("no scoring child left", children_of(server.pid), [])
check("the service still runs", server.poll(), None)
server.terminate()
server.wait(timeout=10)

server, port = start("score:throw")
status, _, data = request(port, "POST", hung, faulty_body)
check("a plugin that throws is the server's fault", (status, error_of(data)[0]), (500, "plugin_failed"))
server.terminate()
server.wait(timeout=10)

# Past 1,024 descriptors, an isolated request still gets a clean answer: the
# scoring child is waited for with poll(), not select() on an fd_set.
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192) if hard != resource.RLIM_INFINITY else 8192, hard))
server, port = start("none")
idle = []
for i in range(1100):  # from many loopback addresses: the cap per client is 64
    c = socket.socket()
    c.bind((f"127.0.3.{i // 50 + 1}", 0))
    c.connect(("127.0.0.1", port))
    idle.append(c)
time.sleep(0.5)
with open(f"/proc/{server.pid}/status") as f:
    fds = len(os.listdir(f"/proc/{server.pid}/fd"))
check(f"the server holds more than 1,024 descriptors ({fds})", fds > 1024, True)
status, _, data = request(port, "POST", hung, faulty_body)
check("an isolated request with 1,100 idle connections open", (status, json.loads(data).get("subject") if status == 200 else data[:200]),
      (200, "Faulty Co"))
check("the service still runs after it", server.poll(), None)
for c in idle:
    c.close()
server.terminate()
check("it stops cleanly (no sanitizer report)", server.wait(timeout=15), 0)

for f in failures:
    print(f)
print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
