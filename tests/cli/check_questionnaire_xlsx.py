#!/usr/bin/env python3
"""The questionnaire workbook, as a consultant uses it: `mmf template MODEL
--format xlsx` writes it; openpyxl fills it in as another spreadsheet writer
would (labels in English or German, evidence, comments, a real date);
LibreOffice Calc opens and saves it again; `mmf assess`, `mmf batch` and
`mmf serve` read it back. The answers read back must equal those written,
and every bad workbook must be refused with its sheet and cell named, exit 2
and no output file. Usage: check_questionnaire_xlsx.py MMF SOURCE_DIR"""
import datetime
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "serve"))
from serve_support import failures, check, free_port, request, wait_healthy  # noqa: E402

mmf, source = sys.argv[1], sys.argv[2]
tmp = tempfile.mkdtemp()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def run(*args):
    return subprocess.run([mmf, *args], cwd=source, capture_output=True, text=True)


def resolved(model):
    return tomllib.loads(run("show", model, "--resolved").stdout)


def template(model, name, *extra):
    path = os.path.join(tmp, name)
    r = run("template", model, "--format", "xlsx", "-o", path, *extra)
    if r.returncode != 0:
        raise SystemExit(f"mmf template {model} --format xlsx failed: {r.stderr}")
    return path


def label(model, question, option, locale):
    scale = model["scales"][question["scale"]]
    for o in scale["options"]:
        if o["id"] == option:
            text = o.get("label", o["id"])
            return text if isinstance(text, str) else text.get(locale, text["en"])
    raise KeyError(option)


def fill(path, out, answers, locale="en", cover=None, edit=None):
    """Writes each answer's label (and its evidence and comment) into the
    row of its question, the cover's fields, then `edit(workbook)`."""
    model = resolved("alliance")
    questions = {q["id"]: q for q in model["questions"]}
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            qid = row[0].value
            if qid in answers:
                a = answers[qid]
                a = a if isinstance(a, dict) else {"answer": a}
                row[5].value = label(model, questions[qid], a["answer"], locale)
                row[6].value = a.get("evidence")
                row[7].value = a.get("comment")
    fields = {"mmf_subject": "Acme × Globex alliance", "mmf_date": datetime.datetime(2026, 11, 1),
              "mmf_assessor": "Dana Whitfield, alliance manager (Acme)", "mmf_respondent": "dana",
              "mmf_name": "Dana Whitfield", "mmf_role": "alliance manager", "mmf_unit": "acme"}
    fields.update(cover or {})
    for name, value in fields.items():
        sheet, ref = named(wb, name)
        wb[sheet][ref] = value
    if edit:
        edit(wb)
    wb.save(out)
    return out


def named(wb, name):
    """(sheet, cell) of a one-cell defined name."""
    for d in wb.defined_names.definedName:
        if d.name == name:
            sheet, ref = d.attr_text.split("!")
            return sheet.strip("'"), ref.replace("$", "")
    raise KeyError(name)


def options_of(result):
    return {q["id"]: q.get("option") for q in result["questions"] if q.get("answered")}


example = tomllib.load(open(os.path.join(source, "examples/alliance-acme-globex.toml"), "rb"))
answers = example["answers"]
want = json.loads(run("assess", "alliance", "examples/alliance-acme-globex.toml", "--format", "json").stdout)

# The same model gives the same bytes, in each language.
blank = template("alliance", "blank.xlsx")
again = template("alliance", "again.xlsx")
check("two templates are byte for byte the same", open(blank, "rb").read() == open(again, "rb").read(), True)
blank_de = template("alliance", "blank-de.xlsx", "--locale", "de")

# What a respondent sees.
wb = openpyxl.load_workbook(blank)
check("sheets", wb.sheetnames, ["Assessment", "Commercial", "Technical", "Strategic", "Cultural", "Operational"])
ws = wb["Commercial"]
check("header row", [c.value for c in ws[1]],
      ["ID", "Question", "Help", "What each answer means", "Evidence to look for", "Answer", "Evidence", "Comment"])
check("frozen below the header, beside id and question", ws.freeze_panes, "C2")
check("first question", (ws["A2"].value, ws["B2"].value),
      ("com-revenue-tracking", "How often do the partners review the revenue the alliance creates together, "
                               "working from one shared set of figures?"))
check("what each answer means, first line", ws["D2"].value.split("\n")[0],
      "Never — The partners never look at alliance revenue together; nobody can say how much the alliance brings in.")
check("criteria as bullets", ws["E2"].value.split("\n")[0],
      "• A written definition of alliance-sourced revenue signed off by both partners")
dv = {str(d.sqref): d.formula1 for d in ws.data_validations.dataValidation}
check("the answer's dropdown lists its scale's labels", dv.get("F2"),
      '"Never,Only when a problem forces it,About once a year,Every quarter or more often,Does not apply"')
check("the print setup", (ws.page_setup.orientation, ws.page_setup.paperSize, ws.print_title_rows),
      ("landscape", 9, "$1:$1"))
check("named cells", sorted(d.name for d in wb.defined_names.definedName),
      sorted([f"mmf_{kind}_{k}" for kind in ("ids", "answers", "evidence", "comments") for k in range(1, 6)] +
             ["mmf_questionnaire", "mmf_model", "mmf_model_version", "mmf_subject", "mmf_date", "mmf_assessor",
              "mmf_respondent", "mmf_name", "mmf_role", "mmf_unit", "mmf_target"]))
check("the cover's cells", [named(wb, n) for n in ("mmf_model", "mmf_subject", "mmf_date")],
      [("Assessment", "B5"), ("Assessment", "B7"), ("Assessment", "B8")])
wb_de = openpyxl.load_workbook(blank_de)
check("German question text", wb_de["Kommerziell"]["B2"].value,
      "Wie oft prüfen die Partner gemeinsam den Umsatz, den die Allianz schafft, anhand eines einheitlichen Zahlenstands?")

# Filled in English: the same answers as the TOML example, the same result.
filled = fill(blank, os.path.join(tmp, "filled.xlsx"), answers)
r = run("assess", "alliance", filled, "--format", "json")
check("mmf assess of the filled workbook exits", (r.returncode, r.stderr), (0, ""))
got = json.loads(r.stdout) if r.returncode == 0 else {"questions": [], "overall": {}}
check("answers read back", options_of(got), options_of(want))
check("overall percent", got["overall"].get("percent"), want["overall"]["percent"])
check("subject, date and assessor", (got.get("subject"), got.get("date"), got.get("assessor")),
      (want["subject"], want["date"], want["assessor"]))
notes = {q["id"]: q.get("notes") for q in got["questions"] if q.get("notes")}
check("evidence and comment", notes.get("tec-integration"),
      [{"respondent": "dana", "evidence": "Joint reference architecture v2",
        "comment": "Certified by both engineering teams"}])

# Filled in German, on the German template: the same answers.
filled_de = fill(blank_de, os.path.join(tmp, "filled-de.xlsx"), answers, locale="de", cover={"mmf_date": "2026-11-01"})
r = run("assess", "alliance", filled_de, "--format", "json")
check("German labels read back", options_of(json.loads(r.stdout)) if r.returncode == 0 else r.stderr, options_of(want))

# Saved again by LibreOffice Calc, as a consultant's machine would: the
# named cells move with it and the answers still read back.
calc = os.path.join(tmp, "calc")
os.makedirs(calc)
subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo-profile", "--convert-to",
                "xlsx:Calc MS Excel 2007 XML", "--outdir", calc, filled], capture_output=True, timeout=180)
resaved = os.path.join(calc, "filled.xlsx")
r = run("assess", "alliance", resaved, "--format", "json")
check("after LibreOffice saved it", options_of(json.loads(r.stdout)) if r.returncode == 0 else r.stderr,
      options_of(want))


def refused(name, edit=None, want_message=None, raw=None, cover=None, prefix=False):
    path = os.path.join(tmp, name)
    if raw is not None:
        with open(path, "wb") as f:
            f.write(raw)
    else:
        fill(blank, path, answers, cover=cover, edit=edit)
    out = os.path.join(tmp, name + ".json")
    r = run("assess", "alliance", path, "--format", "json", "-o", out)
    check(f"{name}: exit", r.returncode, 2)
    want = f"{path}: error: {want_message}"
    check(f"{name}: message", r.stderr.strip()[:len(want)] if prefix else r.stderr.strip(), want)
    check(f"{name}: no output file", os.path.exists(out), False)


def set_cell(sheet, ref, value):
    def edit(wb):
        wb[sheet][ref] = value
    return edit


refused("wrong-label.xlsx", set_cell("Commercial", "F3", "Mostly"),
        "sheet 'Commercial', cell F3: 'Mostly' is not an answer of question 'com-shared-fate' (choose one of: "
        "\"Not in place\", \"Partly in place\", \"Largely in place\", \"Fully in place\")")
refused("unknown-question.xlsx", set_cell("Technical", "A3", "tec-teleport"),
        "sheet 'Technical', cell A3: 'tec-teleport' is not a question of model 'alliance' 2.0.0")
def twice(wb):
    wb["Commercial"]["A3"] = "com-revenue-tracking"
    wb["Commercial"]["F3"] = "Never"
refused("twice.xlsx", twice,
        "sheet 'Commercial', cell A3: question 'com-revenue-tracking' is answered twice (also at sheet "
        "'Commercial', cell A2)")
refused("other-model.xlsx", set_cell("Assessment", "B5", "capability"),
        "sheet 'Assessment', cell B5: the questionnaire is for model 'capability', not 'alliance'")
refused("bad-date.xlsx", None, "sheet 'Assessment', cell B8: is not a date (write it as YYYY-MM-DD)",
        cover={"mmf_date": -5})
refused("error-value.xlsx", set_cell("Cultural", "F2", "#N/A"),
        "sheet 'Cultural', cell F2: holds the error value #N/A, not an answer")
refused("not-a-zip.xlsx", want_message="this is not an .xlsx workbook (it is not a zip package)",
        raw=b"subject,respondent\n")
plain = io.BytesIO()
openpyxl.Workbook().save(plain)
refused("plain.xlsx", want_message="this workbook is not an mmf questionnaire (it has no cell named mmf_model); "
        "write one with mmf template alliance --format xlsx", raw=plain.getvalue())
# A zip bomb: 64 MiB of spaces in a sheet, about 64 KiB packed.
bomb = io.BytesIO()
with zipfile.ZipFile(open(filled, "rb")) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
    for item in src.infolist():
        data = src.read(item.filename)
        if item.filename == "xl/worksheets/sheet2.xml":
            data = data.replace(b"<worksheet ", b" " * (64 << 20) + b"<worksheet ", 1)
        dst.writestr(item.filename, data)
refused("bomb.xlsx", want_message="the workbook's part 'xl/worksheets/sheet2.xml' unpacks to more than 8 MiB",
        raw=bomb.getvalue())
# Cells deleted under a name: the name points at #REF!.
def deleted(wb):
    wb.defined_names.definedName = [d for d in wb.defined_names.definedName if d.name != "mmf_answers_2"]
    wb.defined_names.append(openpyxl.workbook.defined_name.DefinedName("mmf_answers_2", attr_text="#REF!"))
refused("ref.xlsx", deleted, "the workbook's name mmf_answers_2 points at cells that were deleted (#REF!)")
# A named column taken away altogether.
def lost(wb):
    wb.defined_names.definedName = [d for d in wb.defined_names.definedName if d.name != "mmf_answers_2"]
refused("lost-column.xlsx", lost, "the workbook has no name mmf_answers_2: its question sheet lost a column mmf reads")
# A text cell over the limit of one string: a cell holds at most 32,767
# characters, so three-byte ones (30,000 euro signs, 90,000 bytes).
refused("long-evidence.xlsx", set_cell("Commercial", "G2", "€" * 30000),
        "sheet 'Commercial', cell G2: holds 90000 bytes of text, over the limit of 64 KiB")


def repacked(replace=None, drop=None):
    """The filled workbook's package with one part replaced or left out."""
    out = io.BytesIO()
    with zipfile.ZipFile(open(filled, "rb")) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename == drop:
                continue
            dst.writestr(item.filename, replace[1] if replace and item.filename == replace[0] else src.read(item.filename))
    return out.getvalue()


refused("broken-xml.xlsx", want_message="the workbook's part 'xl/workbook.xml' is not well-formed XML (",
        raw=repacked(replace=("xl/workbook.xml", b"<workbook><sheets>")), prefix=True)
refused("no-relationships.xlsx", want_message="the workbook has no part 'xl/_rels/workbook.xml.rels'",
        raw=repacked(drop="xl/_rels/workbook.xml.rels"))

# A range scale: a number, typed as one or as text with a decimal comma.
survey_model = "tests/fixtures/csv/survey.toml"
survey = template(survey_model, "survey.xlsx", "--locale", "de")
for answer, want_value, want_error in (
        (8, 8, None), ("7,5", 7.5, None),
        (12, None, "sheet 'Running', cell F3: 12 is outside the answers to 'run-satisfaction' (a number from 0 to 10)")):
    wb = openpyxl.load_workbook(survey)
    # The workbook's own words are German: the cover sheet, its labels, the columns.
    check("the German survey sheets", wb.sheetnames, ["Bewertung", "Planning", "Running"])
    check("the German cover's labels", [wb["Bewertung"].cell(row=r, column=1).value for r in range(4, 7)],
          ["Modell", "Modellversion", "Gegenstand"])
    check("the German columns", [c.value for c in wb["Running"][1]],
          ["ID", "Frage", "Hilfe", "Was jede Antwort bedeutet", "Worauf zu achten ist", "Antwort", "Nachweis", "Kommentar"])
    wb["Running"]["F2"] = "Weitgehend vorhanden"
    wb["Running"]["F3"] = answer
    path = os.path.join(tmp, "survey-filled.xlsx")
    wb.save(path)
    r = run("assess", survey_model, path, "--format", "json")
    if want_error:
        check(f"range answer {answer!r}", (r.returncode, r.stderr.strip()), (2, f"{path}: error: {want_error}"))
    else:
        got = {q["id"]: q.get("value") for q in json.loads(r.stdout)["questions"]} if r.returncode == 0 else r.stderr
        check(f"range answer {answer!r}", got if isinstance(got, str) else (got["run-reviews"], got["run-satisfaction"]),
              (0.66, want_value))

# Labels that no literal list can hold (a comma): no dropdown, a hint, and
# what is typed still reads by label. The same model with "No, not in place".
comma_model = os.path.join(tmp, "comma.toml")
with open(os.path.join(source, survey_model)) as f:
    text = f.read().replace('{ en = "Not in place", de = "Nicht vorhanden" }',
                            '{ en = "No, not in place", de = "Nein, nicht vorhanden" }')
with open(comma_model, "w") as f:
    f.write(text)
comma = template(comma_model, "comma.xlsx")
wb = openpyxl.load_workbook(comma)
validations = {str(d.sqref): (d.type, d.prompt) for d in wb["Planning"].data_validations.dataValidation}
check("a label with a comma: no dropdown, a hint", validations.get("F2"),
      (None, 'Type one of the answers that “What each answer means” lists.'))
wb["Planning"]["F2"] = "No, not in place"
path = os.path.join(tmp, "comma-filled.xlsx")
wb.save(path)
r = run("assess", comma_model, path, "--format", "json")
check("the label with a comma reads back", [q.get("option") for q in json.loads(r.stdout)["questions"]][:1]
      if r.returncode == 0 else r.stderr, ["ni"])

# mmf batch: a folder of workbooks, the lock file an open one leaves skipped.
folder = os.path.join(tmp, "batch")
os.makedirs(folder)
shutil.copy(filled, os.path.join(folder, "dana.xlsx"))
shutil.copy(filled_de, os.path.join(folder, "dana-de.xlsx"))
with open(os.path.join(folder, "~$dana.xlsx"), "wb") as f:
    f.write(b"\0" * 165)
out = os.path.join(tmp, "batch.csv")
r = run("batch", "alliance", folder, "-o", out, "-q")
check("mmf batch of two workbooks", (r.returncode, r.stderr), (0, ""))
rows = open(out).read().splitlines() if os.path.exists(out) else []
check("mmf batch rows", len(rows), 3)
check("mmf batch overall", [row.split(",")[1] for row in rows[1:]] if len(rows) == 3 else rows,
      [f"{want['overall']['percent']}"] * 2)

# mmf serve: the workbook as a request body.
port = free_port()
server = subprocess.Popen([mmf, "serve", "--listen", f"127.0.0.1:{port}", "-q"], cwd=source)
try:
    wait_healthy(server, port)
    status, ctype, body = request(port, "POST", "/v1/assess?model=alliance", open(filled, "rb").read(),
                                  {"Content-Type": XLSX})
    check("POST /v1/assess of the workbook", status, 200)
    if status == 200:
        check("served overall percent", json.loads(body)["overall"]["percent"], want["overall"]["percent"])
    status, ctype, body = request(port, "POST", "/v1/assess?model=alliance",
                                  open(os.path.join(tmp, "wrong-label.xlsx"), "rb").read(), {"Content-Type": XLSX})
    check("a wrong label over HTTP", status, 422)
    message = json.loads(body)["error"]["diagnostics"][0]["message"] if status == 422 else body
    check("its message", message,
          "sheet 'Commercial', cell F3: 'Mostly' is not an answer of question 'com-shared-fate' (choose one of: "
          "\"Not in place\", \"Partly in place\", \"Largely in place\", \"Fully in place\")")
    status, ctype, body = request(port, "POST", "/v1/assess?model=alliance", bomb.getvalue(), {"Content-Type": XLSX})
    check("a zip bomb over HTTP", status, 422)
    # The questionnaire itself, from the service: the same bytes as mmf template.
    status, ctype, body = request(port, "GET", "/v1/models/alliance/template?format=xlsx&locale=de")
    check("GET the German questionnaire", (status, ctype), (200, XLSX))
    check("the same bytes as mmf template", body == open(blank_de, "rb").read(), True)
    status, ctype, body = request(port, "GET", "/v1/models/alliance/template")
    check("GET the TOML template", (status, body.decode().splitlines()[0] if status == 200 else body),
          (200, "# Assessment for Alliance Maturity Model 2.0.0 (alliance)."))
    status, ctype, body = request(port, "GET", "/v1/models/alliance/template?format=pdf")
    check("an unknown template format", (status, json.loads(body)["error"]["message"]),
          (400, "unknown format 'pdf' for template output (known: toml, csv, xlsx)"))
    status, ctype, body = request(port, "GET", "/v1/models/nope/template?format=xlsx")
    check("the template of no model", (status, json.loads(body)["error"]["code"]), (404, "model_not_found"))
finally:
    server.terminate()
    server.wait(timeout=10)

shutil.rmtree(tmp, ignore_errors=True)
for f in failures:
    print(f)
print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
