#!/usr/bin/env python3
"""Opens the xlsx workbooks mmf writes (an xlsx is a zip of XML), checks the
cell values against mmf's JSON result for the same assessment, and finds the
chart. Usage: check_xlsx.py MMF_EXE SOURCE_DIR"""
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

mmf, source = sys.argv[1], sys.argv[2]
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
failures = []


def cells(book, sheet, strings):
    """Cell reference -> value (str or float) of one worksheet."""
    out = {}
    root = ET.fromstring(book.read(f"xl/worksheets/{sheet}.xml"))
    for c in root.iter(f"{{{NS['m']}}}c"):
        v = c.find("m:v", NS)
        if v is None:
            continue
        out[c.get("r")] = strings[int(v.text)] if c.get("t") == "s" else float(v.text)
    return out


def check(model, example):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "r.xlsx")
        subprocess.run([mmf, "assess", model, example, "--format", "xlsx", "-o", path], cwd=source, check=True)
        result = json.loads(subprocess.run([mmf, "assess", model, example, "--format", "json"], cwd=source,
                                           check=True, capture_output=True).stdout)
        book = zipfile.ZipFile(path)
        strings = ["".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t"))
                   for si in ET.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", NS)]
        summary = cells(book, "sheet1", strings)
        want = {"B1": result["subject"], "B6": result["overall"]["level"]["name"], "B7": result["overall"]["percent"]}
        for ref, value in want.items():
            if summary.get(ref) != value:
                failures.append(f"{example}: Summary!{ref} is {summary.get(ref)!r}, the JSON says {value!r}")
        for i, g in enumerate(result["groups"]):
            row = 11 + i
            got = (summary.get(f"B{row}"), summary.get(f"C{row}", ""), summary.get(f"D{row}"))
            expected = (g["id"], g["level"]["name"] if g["level"] else "—", g["percent"] if g["scored"] else None)
            if got != expected:
                failures.append(f"{example}: Summary row {row} is {got}, the JSON says {expected}")
        answers = cells(book, "sheet2", strings)
        for i, q in enumerate(result["questions"]):
            row = 2 + i
            if answers.get(f"A{row}") != q["id"] or answers.get(f"E{row}") != q["value"]:
                failures.append(f"{example}: Answers row {row} is {answers.get(f'A{row}')}={answers.get(f'E{row}')}, "
                                f"the JSON says {q['id']}={q['value']}")
        # The chart: a bar chart whose values are the Summary's percent column.
        chart = book.read("xl/charts/chart1.xml").decode()
        if "<c:barChart>" not in chart or "Summary!$D$11" not in chart:
            failures.append(f"{example}: no bar chart of Summary!$D over the groups")
        drawing_rels = book.read("xl/drawings/_rels/drawing1.xml.rels").decode()
        if "charts/chart1.xml" not in drawing_rels:
            failures.append(f"{example}: the chart is not placed on a sheet")
        return len(result["groups"])


checked = 0
for name in sorted(os.listdir(os.path.join(source, "examples"))):
    if not re.search(r"\.(toml|json)$", name):
        continue
    groups = check(name.split("-")[0], os.path.join("examples", name))
    checked += 1
for f in failures:
    print(f)
print(f"{checked - len({f.split(':')[0] for f in failures})} passed, {len({f.split(':')[0] for f in failures})} failed")
sys.exit(1 if failures else 0)
