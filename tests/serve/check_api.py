#!/usr/bin/env python3
"""Starts `mmf serve` on a free loopback port and checks every endpoint,
including the errors: an oversized body, a missing token, malformed JSON, an
unknown model, an unknown endpoint, each with its status and stable code;
concurrent requests; and a clean stop on SIGTERM.
Usage: check_api.py MMF_EXE SOURCE_DIR"""
import concurrent.futures
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

mmf, source = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_support import check, failures, free_port, request  # noqa: E402


def error_code(data):
    return json.loads(data)["error"]["code"]


with open(os.path.join(source, "examples", "alliance-acme-globex.toml"), "rb") as f:
    example = f.read()
tmp = tempfile.mkdtemp()
# A file named for one model that holds another.
os.mkdir(os.path.join(tmp, "models"))
with open(os.path.join(source, "tests", "fixtures", "csv", "survey.toml")) as f, \
        open(os.path.join(tmp, "models", "mislabelled.toml"), "w") as out:
    out.write(f.read().replace('id = "survey"', 'id = "held-elsewhere"', 1))
port = free_port()
server = subprocess.Popen([mmf, "--db", os.path.join(tmp, "s.db"), "--models-dir", "tests/fixtures/csv",
                           "--models-dir", os.path.join(tmp, "models"), "serve", "--listen", f"127.0.0.1:{port}",
                           "--token", "s3cret", "--max-body", "65536"], cwd=source,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
try:
    for _ in range(100):
        try:
            request(port, "GET", "/v1/health")
            break
        except OSError:
            time.sleep(0.05)

    status, ctype, data = request(port, "GET", "/v1/health")
    check("health", (status, json.loads(data)["status"]), (200, "ok"))

    status, _, data = request(port, "GET", "/v1/models")
    check("models", (status, sorted(m["id"] for m in json.loads(data))),
          (200, ["alliance", "capability", "ecosystem", "held-elsewhere", "readiness", "survey"]))

    status, _, data = request(port, "GET", "/v1/models/alliance?locale=de")
    model = json.loads(data)
    check("model", (status, len(model["groups"]), model["groups"][0]["name"], len(model["scales"]["implementation"]["options"]),
                    len(model["scales"]["implementation-na"]["options"])),
          (200, 5, "Kommerziell", 4, 5))
    status, _, data = request(port, "GET", "/v1/models/readiness")
    first = json.loads(data)["groups"][0]["questions"][0]
    check("a question's defined answers and criteria", (status, first["id"], first["answers"]["missing"], first["criteria"][1]),
          (200, "rdy-strategy-link", "No alliance strategy is written; alliances are pursued case by case.",
           "Minutes of the leadership meeting that accepted it"))
    status, _, data = request(port, "GET", "/v1/models/nope")
    check("unknown model (get)", (status, error_code(data)), (404, "model_not_found"))

    status, ctype, data = request(port, "POST", "/v1/assess?model=alliance", example)
    expected = json.loads(subprocess.run([mmf, "assess", "alliance", "examples/alliance-acme-globex.toml", "--format", "json"],
                                         cwd=source, capture_output=True, check=True).stdout)
    check("assess json", (status, ctype, json.loads(data)), (200, "application/json", expected))
    # A CSV body: one subject's respondents, the model in the query, columns named as on the command line.
    csv_body = b"\xef\xbb\xbfrespondent;plan-vision;plan-case;run-reviews;run-satisfaction\r\nr1;Largely in place;fi;pi;7,5\r\n"
    status, ctype, data = request(port, "POST", "/v1/assess?model=survey&subject=North", csv_body,
                                  {"Content-Type": "text/csv"})
    result = json.loads(data) if status == 200 else {}
    check("assess csv", (status, result.get("subject"), [q.get("value") for q in result.get("questions", [])]),
          (200, "North", [0.66, 1, 0.33, 7.5]))
    status, _, data = request(port, "POST", "/v1/assess?subject=North", csv_body, {"Content-Type": "text/csv"})
    check("assess csv without a model", (status, error_code(data)), (400, "bad_request"))
    status, _, data = request(port, "POST", "/v1/assess?model=/etc/passwd", csv_body, {"Content-Type": "text/csv"})
    check("assess csv with a path for a model", (status, error_code(data), b"/etc" in data), (400, "bad_request", False))
    status, _, data = request(port, "POST", "/v1/assess?model=survey", b"respondent,plan-vision\nr1,maybe\n",
                              {"Content-Type": "text/csv"})
    check("assess csv with a bad cell", (status, error_code(data), b"row 2: column 2 'plan-vision'" in data),
          (422, "invalid_input", True))
    status, ctype, data = request(port, "POST", "/v1/assess?format=html", example)
    check("assess html", (status, ctype.startswith("text/html"), b"<svg class=\"radar\"" in data), (200, True, True))
    status, ctype, data = request(port, "POST", "/v1/assess?format=xlsx", example)
    check("assess xlsx", (status, data[:2]), (200, b"PK"))
    status, ctype, data = request(port, "POST", "/v1/assess?format=pdf", example)
    check("assess pdf", (status, ctype, data[:8]), (200, "application/pdf", b"%PDF-1.5"))
    status, ctype, data = request(port, "POST", "/v1/assess?format=docx", example)
    check("assess docx", (status, ctype, data[:2]),
          (200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"))
    status, _, data = request(port, "POST", "/v1/assess?format=odt", example)
    check("unknown format", (status, error_code(data)), (400, "unknown_format"))
    status, _, data = request(port, "POST", "/v1/assess?model=nope", example)
    check("unknown model", (status, error_code(data)), (404, "model_not_found"))
    # An assessment's model key is an id, never a path: not the shipped model by its absolute path, not ../
    for spelling in (os.path.join(os.path.abspath(source), "models", "alliance"), "../../models/alliance"):
        status, _, data = request(port, "POST", "/v1/assess", example.replace(b'model = "alliance"',
                                                                               f'model = "{spelling}"'.encode(), 1))
        check(f"model key as a path ({spelling})", (status, error_code(data)), (404, "model_not_found"))
        check(f"model key as a path ({spelling}): nothing of it in the reply",
              (spelling.encode() in data, b"models/alliance" in data, b"Alliance" in data), (False, False, False))
    for spelling in (os.path.join(os.path.abspath(source), "models", "alliance.toml"), "../models/alliance"):
        status, _, data = request(port, "POST", "/v1/assess?model=" + spelling.replace("/", "%2F"), example)
        check(f"?model= as a path ({spelling})", (status, error_code(data), b"models" in data),
              (404, "model_not_found", False))
    # mislabelled.toml holds model 'held-elsewhere': GET /v1/models/mislabelled must not serve (and cache) it
    status, _, data = request(port, "GET", "/v1/models/mislabelled")
    check("file named for another model", (status, error_code(data)), (404, "model_not_found"))
    status, _, data = request(port, "POST", "/v1/assess", b'{"format": "mmf-assessment/1", "model": "alliance",',
                              {"Content-Type": "application/json"})
    body = json.loads(data)
    check("malformed json", (status, body["error"]["code"], body["error"]["diagnostics"][0]["line"]), (422, "invalid_input", 1))
    status, _, data = request(port, "POST", "/v1/assess", example.replace(b'"li"', b'"maybe"', 1))
    body = json.loads(data)
    check("bad answer", (status, body["error"]["code"], body["error"]["diagnostics"][0]["message"][:33]),
          (422, "invalid_input", "'maybe' is not an option of scale"))
    status, _, data = request(port, "POST", "/v1/assess", b"x" * 70000)
    check("oversized body", (status, error_code(data)), (413, "payload_too_large"))
    status, _, data = request(port, "GET", "/v1/no-such-endpoint")
    check("unknown endpoint", (status, error_code(data)), (404, "not_found"))

    # The reports' words in a language, for the web questionnaire.
    words = ["Save draft", "{} of {} answered", "not a word mmf has"]
    status, _, data = request(port, "POST", "/v1/messages", json.dumps({"locale": "de-CH", "words": words}).encode())
    check("messages in German", (status, json.loads(data)),
          (200, {"locale": "de-CH", "language": "de", "words": {"Save draft": "Entwurf speichern",
                                                                 "{} of {} answered": "{} von {} beantwortet",
                                                                 "not a word mmf has": "not a word mmf has"}}))
    status, _, data = request(port, "POST", "/v1/messages?locale=es", json.dumps({"words": ["Save draft"]}).encode())
    check("messages, the locale in the query", (status, json.loads(data)["words"]), (200, {"Save draft": "Guardar borrador"}))
    status, _, data = request(port, "POST", "/v1/messages", json.dumps({"locale": "it", "words": ["Save draft"]}).encode())
    check("messages in a language without a catalogue", (status, json.loads(data)["language"], json.loads(data)["words"]),
          (200, "en", {"Save draft": "Save draft"}))
    for body, message in ((b"[1]", 'send a JSON object {"locale": "de", "words": ["…"]}'),
                          (b'{"words": [1]}', "words[0] must be a string"),
                          (b'{"locale": 5, "words": []}', "'locale' must be a string, such as \"de\" or \"fr-CA\""),
                          (json.dumps({"words": ["x"] * 2001}).encode(), "at most 2000 words in one request, not 2001"),
                          (json.dumps({"words": ["x" * 2001]}).encode(), "words[0] is longer than 2000 bytes"),
                          (json.dumps({"words": ["a\u0000b"]}).encode(), "words[0] holds a NUL character")):
        status, _, data = request(port, "POST", "/v1/messages", body)
        check(f"messages refused: {message}", (status, error_code(data), json.loads(data)["error"]["message"]),
              (400, "bad_request", message))

    status, _, data = request(port, "POST", "/v1/validate?kind=model", b'format = "mmf-model/1"\n[model]\nid = "Bad"\n')
    body = json.loads(data)
    check("validate", (status, body["valid"], any(d["text"] == "request.toml:3:6: error: model id 'Bad' must match ^[a-z][a-z0-9-]*$"
                                                    for d in body["diagnostics"])), (200, False, True))
    status, _, data = request(port, "POST", "/v1/validate", example)
    check("validate assessment", (status, json.loads(data)["valid"]), (200, True))

    status, _, data = request(port, "POST", "/v1/store", example)
    check("store without token", (status, error_code(data)), (401, "unauthorized"))
    status, _, data = request(port, "POST", "/v1/store", example, {"Authorization": "Bearer wrong"})
    check("store with a wrong token", (status, error_code(data)), (401, "unauthorized"))
    status, _, data = request(port, "POST", "/v1/store", example, {"Authorization": "Bearer s3cret"})
    check("store", (status, json.loads(data)), (201, {"id": 1}))
    status, _, data = request(port, "GET", "/v1/history?subject=" + "Acme%20%C3%97%20Globex%20alliance")
    points = json.loads(data)["points"]
    check("history", (status, len(points), points[0]["percent"]), (200, 1, 63.8))
    status, _, data = request(port, "GET", "/v1/history")
    check("history without subject", (status, error_code(data)), (400, "bad_request"))

    # Concurrent requests, all answered.
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(lambda _: request(port, "POST", "/v1/assess", example)[0], range(64)))
    check("concurrent", statuses.count(200), 64)
finally:
    server.send_signal(signal.SIGTERM)
    try:
        code = server.wait(timeout=15)
        check("exit after SIGTERM", code, 0)
    except subprocess.TimeoutExpired:
        server.kill()
        failures.append("mmf serve did not stop within 15 s of SIGTERM")

# Beyond loopback without a token: refused at start.
refused = subprocess.run([mmf, "serve", "--listen", f"0.0.0.0:{free_port()}"], cwd=source, capture_output=True, timeout=15)
check("non-loopback without token", (refused.returncode, b"needs a token" in refused.stderr), (2, True))

for f in failures:
    print(f)
print(f"{1 if not failures else 0} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
