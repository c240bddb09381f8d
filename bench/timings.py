#!/usr/bin/env python3
"""Whole-process timings of mmf, for docs/performance.md.

Runs each measurement as separate processes, takes the median wall time and
the peak memory (each child's own maximum resident set, from wait4), and
rewrites the part of docs/performance.md between the markers
<!-- timings:begin --> and <!-- timings:end -->. bench/run-timings.sh builds
the release binaries and calls this; see that script for the arguments.
"""
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build", "release")
MMF = os.path.join(BUILD, "host", "mmf")
SYNTH = os.path.join(BUILD, "bench", "mmf-synth")
FLOOR = os.path.join(BUILD, "bench", "csv_floor")


def run_once(argv, stdout=subprocess.DEVNULL):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"timings: {' '.join(argv)} exited with {proc.returncode}")
    return wall, usage.ru_maxrss / 1024.0  # MiB


def measure(argv, runs):
    run_once(argv)  # warm-up: page cache, dynamic loader
    samples = [run_once(argv) for _ in range(runs)]
    return statistics.median(w for w, _ in samples), max(m for _, m in samples)


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def wrk(url, body, seconds):
    env = dict(os.environ)
    if body:
        env["BODY"] = body
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", "-s", "bench/wrk-assess.lua", url],
                         cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        sys.exit(f"timings: wrk saw {non2xx.group(1)} error responses")
    return rps, float(p99.group(1)) * scale


def main():
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    work = tempfile.mkdtemp(prefix="mmf-timings-")
    lines = []
    try:
        # Cold start: a shipped example, every shipped plugin and model discovered.
        wall, peak = measure([MMF, "assess", "alliance", "examples/alliance-acme-globex.toml", "--format", "json"], 30)
        lines.append(("Cold start: `mmf assess alliance examples/alliance-acme-globex.toml --format json`, "
                      "four plugins loaded, models discovered (only alliance parsed)",
                      "under 10 ms", f"{ms(wall)} median of 30, {peak:.1f} MiB peak", wall < 0.010))
        models = [os.path.join("models", m + ".toml") for m in ("alliance", "ecosystem", "capability", "readiness")]
        wall, _ = measure([MMF, "validate", *models], 20)
        lines.append(("`mmf validate` of the four shipped models", "—", f"{ms(wall)} median of 20", None))

        # A 5,000-question model, six levels of groups.
        big = os.path.join(work, "m5000.toml")
        with open(big, "w") as f:
            subprocess.run([SYNTH, "model", "--questions", "5000", "--depth", "6"], stdout=f, check=True)
        wall, peak = measure([MMF, "validate", big], 15)
        size = os.path.getsize(big) / 1e6
        lines.append((f"`mmf validate` of a 5,000-question model, six levels of groups ({size:.1f} MB of TOML; "
                      "`mmf-synth model --questions 5000 --depth 6`)",
                      "under 50 ms", f"{ms(wall)} median of 15, {peak:.1f} MiB peak", wall < 0.050))

        # Batch: ROWS respondents x 60 questions, wide CSV in, CSV out.
        model = os.path.join(work, "wide60.toml")
        with open(model, "w") as f:
            subprocess.run([SYNTH, "model", "--questions", "60", "--depth", "2", "--id", "wide60"], stdout=f,
                           check=True)
        csv = os.path.join(work, "survey.csv")
        with open(csv, "w") as f:
            subprocess.run([SYNTH, "csv", "--questions", "60", "--depth", "2", "--rows", str(rows)], stdout=f,
                           check=True)
        size = os.path.getsize(csv) / 1e6
        out = os.path.join(work, "out.csv")
        floor, _ = measure([FLOOR, csv], 3)
        both, peak = measure([MMF, "--models-dir", work, "batch", "wide60", csv, "-q", "-o", out], 3)
        one, _ = measure([MMF, "--models-dir", work, "batch", "wide60", csv, "-q", "-j", "1", "-o", out], 3)
        lines.append((f"`mmf batch` of {rows:,} respondents × 60 questions ({size:.0f} MB wide CSV; CSV out), "
                      "both cores", "≥ 1,000,000 respondents/s",
                      f"{both:.2f} s median of 3 = {rows / both:,.0f} respondents/s", rows / both >= 1_000_000))
        lines.append(("… its peak memory", "under 64 MB", f"{peak:.1f} MiB", peak < 64))
        lines.append(("… against reading and splitting the same file into fields (`bench/csv_floor`, one core)",
                      "within 3×", f"floor {floor:.2f} s; batch/floor = {both / floor:.2f}×", both / floor <= 3))
        lines.append(("… the same batch on one thread (`-j 1`)", "—", f"{one:.2f} s = {rows / one:,.0f} respondents/s",
                      None))

        # The service, with wrk on the same two cores.
        if shutil.which("wrk"):
            server = subprocess.Popen([MMF, "serve", "--listen", "127.0.0.1:18080", "--threads", "32", "-q"], cwd=ROOT,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                time.sleep(1.0)
                url = "http://127.0.0.1:18080/v1/assess?model=alliance"
                body = os.path.join(work, "acme.json")
                import tomllib
                with open(os.path.join(ROOT, "examples/alliance-acme-globex.toml"), "rb") as f:
                    data = tomllib.load(f)
                with open(body, "w") as f:
                    json.dump(data, f, default=str)
                for label, payload in (("JSON", body), ("TOML", None)):
                    rps, p99 = wrk(url, payload, 10)
                    lines.append((f"`mmf serve`, `POST /v1/assess` of the alliance example as {label}, "
                                  "`wrk -t2 -c16 -d10s` on the same two cores",
                                  "≥ 20,000/s, p99 under 5 ms", f"{rps:,.0f}/s, p99 {p99:.2f} ms",
                                  rps >= 20000 and p99 < 5))
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait()
        else:
            lines.append(("`mmf serve` under wrk", "≥ 20,000/s, p99 under 5 ms", "not measured: wrk is not installed",
                          None))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    table = ["| measurement | target | measured | met |", "|---|---|---|---|"]
    for what, target, measured, met in lines:
        table.append(f"| {what} | {target} | {measured} | {'—' if met is None else ('yes' if met else 'no')} |")
    stamp = time.strftime("%Y-%m-%d")
    block = (f"<!-- timings:begin -->\nMeasured {stamp} by `bench/run-timings.sh {rows}` (release build, "
             f"{os.cpu_count()} cores):\n\n" + "\n".join(table) + "\n<!-- timings:end -->")
    doc = os.path.join(ROOT, "docs", "performance.md")
    text = open(doc).read()
    text = re.sub(r"<!-- timings:begin -->.*<!-- timings:end -->", lambda _: block, text, flags=re.S)
    with open(doc + ".tmp", "w") as f:
        f.write(text)
    os.replace(doc + ".tmp", doc)
    print(block)


if __name__ == "__main__":
    main()
