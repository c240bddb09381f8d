#!/usr/bin/env python3
"""The result workbooks mmf writes, opened as a consultant would: with
openpyxl for their cells, formats and sheet set-up, as the zip of XML they
are for the chart, and printed by LibreOffice Calc to PDF, read back with
pdftotext. Every example's workbook must hold the JSON result's values,
names and answer labels, a roadmap with High / Medium / Low and columns to
plan in, and a Summary page that keeps its table, chart and heatmap on one
page. Usage: check_xlsx.py MMF_EXE SOURCE_DIR"""
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

import openpyxl

mmf, source = sys.argv[1], sys.argv[2]
failures = []
tmp = tempfile.mkdtemp()


def check(what, got, want):
    if got != want:
        failures.append(f"{what}: got {got!r}, want {want!r}")


def run(*args):
    return subprocess.run([mmf, *args], cwd=source, check=True, capture_output=True)


def rows_of(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def header_row(ws, first):
    """The 1-based row whose first cell is `first` (a table's header)."""
    for i, row in enumerate(ws.iter_rows(max_col=1), start=1):
        if row[0].value == first:
            return i
    return None


def pdf_pages(xlsx):
    out = os.path.join(tmp, "pdf")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo-profile", "--convert-to", "pdf",
                    "--outdir", out, xlsx], capture_output=True, timeout=180)
    pdf = os.path.join(out, os.path.basename(xlsx)[:-5] + ".pdf")
    if not os.path.exists(pdf):
        return []
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout)[1])
    return [subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-"], capture_output=True,
                           text=True).stdout for p in range(1, pages + 1)]


def workbook(name, args):
    path = os.path.join(tmp, name + ".xlsx")
    run(*args, "--format", "xlsx", "-o", path)
    result = json.loads(run(*args, "--format", "json").stdout)
    return path, result


def check_workbook(name, path, result, crosswalked=False):
    wb = openpyxl.load_workbook(path)
    sheets = ["Summary", "Answers", "Roadmap", "Gaps"]
    if result.get("insights"):
        sheets.append("Findings")
    if crosswalked:
        sheets.append("Crosswalk")
    check(f"{name}: sheets", wb.sheetnames, sheets)
    s = wb["Summary"]
    check(f"{name}: title", s["A1"].value, result["subject"])
    values = {row[0]: row[1] for row in rows_of(s) if row and row[0]}
    summary = [row[0] for row in rows_of(s)[:5] if isinstance(row[0], str) and " stands at " in row[0]]
    check(f"{name}: the executive summary", len(summary) == 1 and summary[0].startswith(result["subject"]), True)
    check(f"{name}: overall level", values.get("Overall level"),
          result["overall"]["level"]["name"] if result["overall"]["level"] else "not assessed")
    score = values.get("Overall score")
    check(f"{name}: overall score", round(score, 6) if isinstance(score, float) else score,
          round(result["overall"]["percent"] / 100, 6))
    top = header_row(s, "Group")
    for i, g in enumerate(result["groups"]):
        row = [c.value for c in s[top + 1 + i]]
        want = g["percent"] / 100 if g["scored"] else None
        got = round(row[2], 6) if isinstance(row[2], float) else row[2]
        check(f"{name}: Summary group {g['id']}", (row[0].strip(), got), (g["name"], round(want, 6) if want else want))
    check(f"{name}: scores as percents", s.cell(row=top + 1, column=3).number_format, "0.0%")
    # fitToWidth and fitToHeight default to 1: libxlsxwriter leaves them out.
    check(f"{name}: the Summary prints on one page", (s.page_setup.fitToHeight or 1, s.page_setup.fitToWidth or 1,
                                                     s.sheet_properties.pageSetUpPr.fitToPage), (1, 1, True))
    a = wb["Answers"]
    head = header_row(a, "Group")
    check(f"{name}: Answers header", [c.value for c in a[head]][:10],
          ["Group", "ID", "Question", "Answer", "Score", "Target", "Respondents", "Spread", "Evidence", "Comment"])
    check(f"{name}: Answers frozen and filtered", (a.freeze_panes, a.auto_filter.ref is not None),
          (f"D{head + 1}", True))
    for i, q in enumerate(result["questions"]):
        row = [c.value for c in a[head + 1 + i]]
        score = round(row[4], 4) if isinstance(row[4], float) else row[4]
        want = q["normalised"] if q["answered"] and not q["not_applicable"] else None
        if (row[1], score) != (q["id"], want):
            failures.append(f"{name}: Answers row {head + 1 + i} is {row[1]}={score}, the JSON says {q['id']}={want}")
    r = wb["Roadmap"]
    head = header_row(r, "Priority")
    plan = [row for row in rows_of(r)[head:] if row[0]]
    check(f"{name}: one roadmap row per recommendation", len(plan), len(result["recommendations"]))
    check(f"{name}: priorities", {row[0] for row in plan} <= {"High", "Medium", "Low"}, True)
    check(f"{name}: the planning columns", [c.value for c in r[head]][6:10], ["Owner", "Effort", "Due", "Status"])
    if plan:
        kinds = {str(d.sqref).split(":")[0][0]: (d.type, d.formula1) for d in r.data_validations.dataValidation}
        check(f"{name}: Effort and Status are dropdowns", (kinds.get("H"), kinds.get("J")),
              (("list", '"S,M,L,XL"'), ("list", '"Not started,In progress,Done,Dropped"')))
        check(f"{name}: Due takes a date", kinds.get("I", ("",))[0], "date")
    # The chart: a bar chart of the Summary's score column.
    chart = zipfile.ZipFile(path).read("xl/charts/chart1.xml").decode()
    if "<c:barChart>" not in chart or f"Summary!$C${top + 1}" not in chart:
        failures.append(f"{name}: no bar chart of Summary!$C over the groups")
    # Printed: the subject, the level and every group by name; the Summary
    # alone on its first page, the heatmap with it.
    pages = pdf_pages(path)
    check(f"{name}: LibreOffice prints it", len(pages) > 0, True)
    if pages:
        first = pages[0]
        for text in [result["subject"], values.get("Overall level"), f"{result['subject']} stands at"] + \
                [g["name"] for g in result["groups"]]:
            if text and " ".join(text.split()) not in " ".join(first.split()):
                failures.append(f"{name}: the printed Summary lacks {text!r}")
        check(f"{name}: the Summary's page ends the sheet", "Summary" in first.splitlines()[-2] if len(first.splitlines()) > 1 else first, True)
        check(f"{name}: the second page is the Answers", "Answers" in pages[1], True)
    return wb


checked = 0
for example in sorted(os.listdir(os.path.join(source, "examples"))):
    if not re.search(r"\.(toml|json)$", example):
        continue
    model = example.split("-")[0]
    path, result = workbook(example, ["assess", model, os.path.join("examples", example)])
    check_workbook(example, path, result)
    checked += 1

# The one-sided alliance: its first action lifts the cap, from its answer to the next.
path, result = workbook("one-sided", ["assess", "alliance", "examples/alliance-one-sided.toml"])
wb = openpyxl.load_workbook(path)
r = wb["Roadmap"]
head = header_row(r, "Priority")
check("one-sided: first action", [c.value for c in r[head + 1]][:6],
      ["High", "Move a larger part of the fees onto usage- or outcome-based terms at the next contract review.",
       "com-shared-fate",
       "Partly in place", "Largely in place", "yes"])
heat = header_row(wb["Summary"], "How far each group is toward each level (100%: reached)") + 1
check("one-sided: the heatmap's levels", [c.value for c in wb["Summary"][heat]][:4],
      ["Group", "Product", "Solution", "Strategic Alliance"])
# Commercial at 70.1%: past Product (35%) and Solution (60%), 70.1 / 80 of the way to Strategic Alliance.
check("one-sided: the heatmap's first row", [c.value for c in wb["Summary"][heat + 1]][:4],
      ["Commercial", 1, 1, 70.1 / 80])
check("one-sided: a colour scale on it", any(str(r.sqref).startswith(f"D{heat + 1}")
                                             for r in wb["Summary"].conditional_formatting), True)

# A crosswalked result: the caveat on every sheet, and where the answers came from.
path, result = workbook("crosswalked", ["crosswalk", "examples/alliance-team.json", "--to", "capability"])
wb = check_workbook("crosswalked", path, result, crosswalked=True)
caveat = wb["Summary"]["A3"].value or ""
check("crosswalked: caveat", caveat.startswith("Converted from Alliance Maturity Model 2.0.0 (alliance) through "
                                               "crosswalk alliance-to-capability"), True)
for sheet in ("Answers", "Roadmap", "Gaps", "Crosswalk"):
    check(f"crosswalked: caveat on {sheet}", (wb[sheet]["A1"].value or "").startswith("Converted from"), True)
cw = wb["Crosswalk"]
check("crosswalked: source", [cw["A2"].value, cw["B2"].value], ["Source model", "Alliance Maturity Model 2.0.0 (alliance)"])

# The same result gives the same bytes.
again = os.path.join(tmp, "again.xlsx")
run("assess", "alliance", "examples/alliance-one-sided.toml", "--format", "xlsx", "-o", again)
check("byte for byte the same", open(again, "rb").read() == open(os.path.join(tmp, "one-sided.xlsx"), "rb").read(), True)

for f in failures:
    print(f)
failed = len({f.split(":")[0] for f in failures})
print(f"{max(0, checked + 3 - failed)} passed, {failed} failed")
sys.exit(1 if failures else 0)
