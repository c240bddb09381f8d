#!/usr/bin/env python3
"""`mmf serve` holds against resource attacks, on loopback: a gzip body bomb
and an 8 MiB chunked body over a 1 MiB limit get 413 while the server's
memory stays within 100 MB of its rest; an unknown Content-Encoding gets
415; gzip and chunked bodies within the limit are scored as plain ones; a
header block of 1,000,000 fields and one over the size limit get 431; 1,000
byte ranges get 416 while one range gets 206 with its bytes; a half-closed
client gets its reply; connections beyond the per-client cap get 503; slow
headers are cut at the header deadline; 16 slowloris connections and 2,000
idle ones held for 15 s leave every health probe answered within a second,
as does every worker being busy; with 1,100 idle connections open a POST
/v1/assess is still scored; and SIGTERM with idle and slow connections open
stops the service at once.
Usage: check_attacks.py MMF_EXE SOURCE_DIR"""
import concurrent.futures
import gzip
import json
import os
import resource
import select
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import zlib

mmf, source = sys.argv[1], sys.argv[2]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_support import check, failures, free_port, request, wait_healthy  # noqa: E402

MIB = 1024 * 1024
measured = []  # printed at the end, pass or fail
HEADER_TIMEOUT = 3  # seconds, --header-timeout: short, so that the deadline is seen within the test

soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if hard != resource.RLIM_INFINITY and hard < 4096:
    raise SystemExit(f"check_attacks.py needs 4,096 descriptors; the hard limit is {hard}")
resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else 65536, hard))

with open(os.path.join(source, "examples", "alliance-acme-globex.toml"), "rb") as f:
    example = f.read()
with open(os.path.join(source, "web", "index.html"), "rb") as f:
    index_html = f.read()

port = free_port()
server = subprocess.Popen([mmf, "--db", os.path.join(tempfile.mkdtemp(), "s.db"), "serve", "--listen",
                           f"127.0.0.1:{port}", "--header-timeout", str(HEADER_TIMEOUT)], cwd=source,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wait_healthy(server, port)


def memory(field):
    """VmRSS or VmHWM (peak) of the server, in bytes."""
    with open(f"/proc/{server.pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise SystemExit(f"no {field} for the server")


def connect(source_address="127.0.0.1", timeout=10):
    s = socket.socket()
    s.bind((source_address, 0))
    s.settimeout(timeout)
    s.connect(("127.0.0.1", port))
    return s


def read_reply(s, limit=4 * MIB):
    """The bytes the server sends until it closes or the socket times out."""
    data = b""
    try:
        while len(data) < limit:
            part = s.recv(65536)
            if not part:
                break
            data += part
    except (socket.timeout, ConnectionResetError):
        pass
    return data


def readable(socks, timeout):
    """The sockets of `socks` with something to read (or closed), after up to `timeout` seconds."""
    poller = select.poll()
    by_fd = {s.fileno(): s for s in socks}
    for fd in by_fd:
        poller.register(fd, select.POLLIN)
    return [by_fd[fd] for fd, _ in poller.poll(timeout * 1000)]


def status_and_code(reply):
    """(status, error code or None) of the first response in `reply`."""
    head, _, body = reply.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 "):
        return None, None
    status = int(head.split()[1])
    try:
        return status, json.loads(body)["error"]["code"]
    except (ValueError, KeyError, TypeError):
        return status, None


def send_and_read(head, body_parts):
    """Sends `head`, then every part of `body_parts` from another thread
    (the server may stop reading), and returns the reply."""
    s = connect(timeout=20)
    s.sendall(head)

    def send():
        try:
            for part in body_parts:
                s.sendall(part)
        except OSError:
            pass  # the server refused the rest

    sender = threading.Thread(target=send)
    sender.start()
    reply = read_reply(s)
    sender.join(timeout=20)
    s.close()
    return reply


def probe_health():
    """Seconds GET /v1/health took, or None if it failed."""
    started = time.monotonic()
    try:
        status, _, _ = request(port, "GET", "/v1/health")
    except OSError:
        return None
    return time.monotonic() - started if status == 200 else None


try:
    status, _, _ = request(port, "POST", "/v1/assess?model=alliance", example)
    check("a plain assessment", status, 200)
    rest = memory("VmRSS")
    plain = json.loads(request(port, "POST", "/v1/assess?model=alliance", example)[2])

    # Bodies: decoded ones within the limit are scored as the plain one.
    status, _, data = request(port, "POST", "/v1/assess?model=alliance", gzip.compress(example),
                              {"Content-Encoding": "gzip"})
    check("a gzip body within the limit", (status, json.loads(data) if status == 200 else data), (200, plain))
    status, _, data = request(port, "POST", "/v1/assess?model=alliance", zlib.compress(example),
                              {"Content-Encoding": "deflate"})
    check("a deflate body within the limit", (status, json.loads(data) if status == 200 else data), (200, plain))
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(example[i:i + 100]), example[i:i + 100])
                      for i in range(0, len(example), 100)) + b"0\r\n\r\n"
    reply = send_and_read(b"POST /v1/assess?model=alliance HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                          b"Connection: close\r\n\r\n", [chunks])
    check("a chunked body within the limit", (status_and_code(reply)[0], json.loads(reply.partition(b"\r\n\r\n")[2])),
          (200, plain))
    status, _, data = request(port, "POST", "/v1/assess", b"abc", {"Content-Encoding": "br"})
    check("an unknown Content-Encoding", (status, json.loads(data)["error"]),
          (415, {"code": "unsupported_encoding",
                 "message": "Content-Encoding 'br' is not supported (gzip, deflate or identity)"}))
    status, _, data = request(port, "POST", "/v1/assess", gzip.compress(example)[:40], {"Content-Encoding": "gzip"})
    check("a truncated gzip body", (status, json.loads(data)["error"]),
          (400, {"code": "bad_request", "message": "the request body ends inside its compressed stream"}))

    # A gzip bomb: 512 MiB of zeros in about 500 KB, under the 1 MiB limit as sent.
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * MIB
    bomb = b"".join(z.compress(block) for _ in range(512)) + z.flush()
    check("the bomb is under the limit as sent", len(bomb) < MIB, True)
    started = time.monotonic()
    reply = send_and_read(b"POST /v1/assess HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: %d\r\n\r\n"
                          % len(bomb), [bomb])
    check("a gzip bomb", status_and_code(reply), (413, "payload_too_large"))
    check("a gzip bomb is refused within 5 s", time.monotonic() - started < 5, True)
    # The same inside chunks.
    reply = send_and_read(b"POST /v1/assess HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\n"
                          b"Transfer-Encoding: chunked\r\n\r\n",
                          [b"%x\r\n%s\r\n" % (len(bomb[i:i + 65536]), bomb[i:i + 65536])
                           for i in range(0, len(bomb), 65536)] + [b"0\r\n\r\n"])
    check("a chunked gzip bomb", status_and_code(reply), (413, "payload_too_large"))
    # 8 MiB in 64 KiB chunks.
    chunk = b"%x\r\n%s\r\n" % (65536, b"x" * 65536)
    reply = send_and_read(b"POST /v1/assess HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
                          [chunk] * 128 + [b"0\r\n\r\n"])
    check("an 8 MiB chunked body", status_and_code(reply), (413, "payload_too_large"))
    grown = memory("VmHWM") - rest
    measured.append(f"peak memory after the body attacks: {grown / MIB:.1f} MiB over rest ({rest / MIB:.1f} MiB)")
    check(f"peak memory after the bodies stays within 100 MB of rest (grew {grown // MIB} MiB)", grown < 100 * MIB, True)

    # Headers: a million fields, and one field over the size limit.
    fields = (b"X-Field-%d: y\r\n" % i for i in range(1_000_000))
    batches = (b"".join(next(fields) for _ in range(10_000)) for _ in range(100))
    reply = send_and_read(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n", batches)
    check("1,000,000 header fields", status_and_code(reply), (431, "header_too_large"))
    reply = send_and_read(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"y" * 32768 + b"\r\n\r\n", [])
    check("a header over 16 KiB", status_and_code(reply), (431, "header_too_large"))
    status, _, _ = request(port, "GET", "/v1/health", headers={f"X-Field-{i}": "y" for i in range(90)})
    check("90 header fields are fine", status, 200)
    grown = memory("VmHWM") - rest
    measured.append(f"peak memory after the header floods: {grown / MIB:.1f} MiB over rest")
    check(f"peak memory after the headers stays within 100 MB of rest (grew {grown // MIB} MiB)", grown < 100 * MIB, True)

    # Ranges of a static file.
    ranges = ",".join(f"{i}-{i}" for i in range(1000))
    status, _, data = request(port, "GET", "/index.html", headers={"Range": f"bytes={ranges}"})
    check("1,000 ranges", (status, json.loads(data)["error"]["code"]), (416, "range_not_satisfiable"))
    status, _, data = request(port, "GET", "/index.html", headers={"Range": "bytes=0-0,0-0"})
    check("two overlapping ranges", status, 416)
    status, _, data = request(port, "GET", "/index.html", headers={"Range": "bytes=10-99"})
    check("one range", (status, data), (206, index_html[10:100]))
    status, _, data = request(port, "GET", "/index.html", headers={"Range": "bytes=-16"})
    check("a suffix range", (status, data), (206, index_html[-16:]))
    status, _, data = request(port, "GET", "/index.html", headers={"Range": f"bytes={len(index_html)}-"})
    check("a range past the end", status, 416)
    status, _, data = request(port, "GET", "/index.html")
    check("no range", (status, data), (200, index_html))
    status, _, data = request(port, "GET", "/../CMakeLists.txt")
    check("a path out of the web folder", status, 404)

    # A client that shuts its sending side down after its request.
    s = connect()
    s.sendall(b"POST /v1/assess?model=alliance HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(example) + example)
    s.shutdown(socket.SHUT_WR)
    reply = read_reply(s)
    s.close()
    check("a half-closed client gets its reply",
          (status_and_code(reply)[0], json.loads(reply.partition(b"\r\n\r\n")[2]) if reply else None), (200, plain))

    # The per-client cap: 64 connections from one address, the 65th refused.
    held = [connect("127.0.0.3") for _ in range(64)]
    time.sleep(0.2)
    extra = connect("127.0.0.3")
    check("the 65th connection from one address", status_and_code(read_reply(extra)), (503, "too_many_connections"))
    extra.close()
    check("the 64 before it stay open", len(readable(held, 0.2)), 0)
    for s in held:
        s.close()

    # The header deadline: a header that never ends is cut after --header-timeout.
    s = connect()
    s.sendall(b"GET /v1/health HTTP/1.1\r\n")
    started = time.monotonic()
    s.settimeout(HEADER_TIMEOUT + 5)
    cut = read_reply(s) == b""
    waited = time.monotonic() - started
    s.close()
    check(f"a slow header is cut at the header deadline (after {waited:.1f} s)",
          (cut, HEADER_TIMEOUT - 0.5 < waited < HEADER_TIMEOUT + 2), (True, True))

    # Slowloris and idle connections, from other addresses than the probes'.
    stop = threading.Event()
    slow_closed = [0]

    def slowloris():
        socks = []
        while not stop.is_set():
            while len(socks) < 16:
                try:
                    s = connect("127.0.0.4")
                    s.sendall(b"POST /v1/assess HTTP/1.1\r\n")
                    socks.append(s)
                except OSError:
                    time.sleep(0.1)
            for s in list(socks):
                try:
                    s.sendall(b"X")  # one byte of a header that never ends
                except OSError:
                    slow_closed[0] += 1
                    socks.remove(s)
                    s.close()
            stop.wait(1)
        for s in socks:
            s.close()

    attacker = threading.Thread(target=slowloris)
    attacker.start()
    idle = []
    for i in range(2000):
        idle.append(connect(f"127.0.1.{i // 50 + 1}"))
    slowest, failed, probes = 0.0, 0, 0
    held_until = time.monotonic() + 15
    while time.monotonic() < held_until:
        took = probe_health()
        probes += 1
        if took is None:
            failed += 1
        else:
            slowest = max(slowest, took)
        time.sleep(0.25)
    stop.set()
    attacker.join(timeout=10)
    measured.append(f"{probes} health probes during 15 s of slowloris and 2,000 idle connections: slowest "
                    f"{slowest:.3f} s, {failed} failed; {slow_closed[0]} slowloris connections cut")
    check(f"health probes during 15 s of 16 slowloris and 2,000 idle connections ({probes} probes, slowest "
          f"{slowest:.3f} s)", (failed, slowest < 1.0), (0, True))
    check("slowloris connections were cut by the header deadline", slow_closed[0] >= 16, True)
    ready = set(readable(idle, 0.5))

    def closed_by_server(s):
        try:
            return s.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    still_open = sum(1 for s in idle if s not in ready or not closed_by_server(s))
    measured.append(f"{still_open} of the 2,000 idle connections left open")
    check(f"at most 1,024 connections stay open ({still_open} of the 2,000 idle ones)", still_open <= 1024, True)
    for s in idle:
        s.close()

    # 1,100 idle connections, then a normal request.
    idle = [connect(f"127.0.2.{i // 50 + 1}") for i in range(1100)]
    time.sleep(0.2)
    status, _, data = request(port, "POST", "/v1/assess?model=alliance", example)
    check("POST /v1/assess with 1,100 idle connections open",
          (status, json.loads(data)["overall"]["level"]["id"] if status == 200 else data), (200, "solution"))
    for s in idle:
        s.close()
    check("the server still runs", server.poll(), None)
    # Left open for the stop: idle connections and a header that never ends.
    left_open = [connect("127.0.0.5") for _ in range(50)]
    left_open[0].sendall(b"GET /v1/health HTTP/1.1\r\n")
finally:
    server.send_signal(signal.SIGTERM)
    stopping = time.monotonic()
    try:
        check("exit after SIGTERM", server.wait(timeout=15), 0)
        check("SIGTERM with idle and slow connections open: stopped within 3 s", time.monotonic() - stopping < 3, True)
    except subprocess.TimeoutExpired:
        server.kill()
        failures.append("mmf serve did not stop within 15 s of SIGTERM")

# Every worker busy (two store writes waiting on a store another process
# holds locked): health is still answered at once, from the I/O thread.
tmp = tempfile.mkdtemp()
db = os.path.join(tmp, "s.db")
port = free_port()
server = subprocess.Popen([mmf, "--db", db, "serve", "--listen", f"127.0.0.1:{port}", "--threads", "2", "--token", "t"],
                          cwd=source, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wait_healthy(server, port)
try:
    check("a first store write", request(port, "POST", "/v1/store", example, {"Authorization": "Bearer t"})[0], 201)
    lock = sqlite3.connect(db, isolation_level=None)
    lock.execute("BEGIN EXCLUSIVE")
    writes = concurrent.futures.ThreadPoolExecutor(2)
    pending = [writes.submit(request, port, "POST", "/v1/store", example, {"Authorization": "Bearer t"})
               for _ in range(2)]
    time.sleep(1)
    check("the writes wait for the lock", [p.done() for p in pending], [False, False])
    probes = [probe_health() for _ in range(5)]
    measured.append(f"health while every worker is busy: {max(p or 99 for p in probes):.3f} s at most")
    check(f"health while every worker is busy (took {probes})",
          all(p is not None and p < 1.0 for p in probes), True)
    lock.execute("COMMIT")
    lock.close()
    check("the writes, once the lock is gone", sorted(p.result(timeout=30)[0] for p in pending), [201, 201])
    writes.shutdown()
finally:
    server.send_signal(signal.SIGTERM)
    try:
        check("exit after SIGTERM (second server)", server.wait(timeout=15), 0)
    except subprocess.TimeoutExpired:
        server.kill()
        failures.append("mmf serve did not stop within 15 s of SIGTERM")

for m in measured:
    print(m)
for f in failures:
    print(f)
print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
