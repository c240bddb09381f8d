"""Helpers shared by the mmf serve checks: collected failures, a free port,
one HTTP request."""
import http.client
import socket
import time

failures = []


def check(what, got, want):
    if got != want:
        failures.append(f"{what}: got {got!r}, want {want!r}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, method, path, body=None, headers=None):
    """(status, content type, body) of one request on a fresh connection."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, r.getheader("Content-Type", ""), data


def wait_healthy(server, port):
    """(server, port) once GET /v1/health answers; exits if it never does."""
    for _ in range(200):
        try:
            request(port, "GET", "/v1/health")
            return server, port
        except OSError:
            time.sleep(0.05)
    raise SystemExit("mmf serve did not start")
