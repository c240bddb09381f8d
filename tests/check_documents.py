#!/usr/bin/env python3
"""The client documents, opened as a client would open them. Every shipped
example is rendered to docx, pdf and xlsx in every shipped locale; each docx
and xlsx is converted to PDF by LibreOffice headless, and each PDF (mmf's
own and LibreOffice's) is read with poppler's pdftotext. Each must show the
subject, the overall level, the executive summary and every group by name.
mmf's PDFs are then checked page by page: no page ends in a heading, and a
chart's caption, its labels and its legend stand on one page. Rendering
twice gives the same bytes, for html, docx, pdf, xlsx and csv. The
comparison, the roadmap, the history and the benchmark, as Word and PDF,
show their own sentences and tables in English and German. A brand file
puts the firm, its footer and its mark on the pages; a broken one is
refused with file, line and column.
Usage: check_documents.py MMF_EXE SOURCE_DIR"""
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

mmf, source = sys.argv[1], sys.argv[2]
failures = []
tmp = tempfile.mkdtemp()
locales = ["en", "de", "fr", "es"]


def check(what, got, want):
    if got != want:
        failures.append(f"{what}: got {got!r}, want {want!r}")


def run(*args, ok=True):
    p = subprocess.run([mmf, *args], cwd=source, capture_output=True)
    if ok and p.returncode != 0:
        failures.append(f"mmf {' '.join(args)}: exit {p.returncode}: {p.stderr.decode()[-400:]}")
    return p


def pages_of(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    m = re.search(r"Pages:\s+(\d+)", info)
    if not m:
        return []
    return [subprocess.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-"], capture_output=True,
                           text=True).stdout for p in range(1, int(m[1]) + 1)]


def flat(text):
    return re.sub(r"\s+", " ", text)


def catalogue(lang):
    """msgid -> msgstr of core/po/LANG.po; English is the msgid itself."""
    words = {}
    path = os.path.join(source, "core", "po", lang + ".po")
    if os.path.exists(path):
        text = open(path, encoding="utf-8").read()
        for msgid, msgstr in re.findall(r'^msgid "((?:[^"\\]|\\.)*)"\nmsgstr "((?:[^"\\]|\\.)*)"$', text, re.M):
            if msgid and msgstr:
                words[msgid.replace('\\"', '"')] = msgstr.replace('\\"', '"')
    return lambda english: words.get(english, english)


def summary_of(args):
    """The executive summary's first sentence, from the Markdown report."""
    md = run(*args, "--format", "md").stdout.decode()
    m = re.search(r"^## .+\n\n(.+)$", md, re.M)  # the first section is the summary
    return re.sub(r"\\(.)", r"\1", m[1]).split(". ")[0].strip() if m else None


examples = []
for example in sorted(os.listdir(os.path.join(source, "examples"))):
    if re.search(r"\.(toml|json)$", example):
        examples.append((example, example.split("-")[0]))

# Render everything; LibreOffice converts all the docx and xlsx in one run.
rendered = []  # (label, kind, path, result, summary)
for example, model in examples:
    for loc in locales:
        args = ["assess", model, os.path.join("examples", example), "--locale", loc]
        result = json.loads(run(*args, "--format", "json").stdout)
        summary = summary_of(args)
        for kind in ("pdf", "docx", "xlsx"):
            path = os.path.join(tmp, f"{example}.{loc}.{kind}")
            run(*args, "--format", kind, "-o", path)
            rendered.append((f"{example} ({loc}) {kind}", kind, path, result, summary, loc))

office = os.path.join(tmp, "office")
subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo-profile", "--convert-to", "pdf",
                "--outdir", office] + [p for _, kind, p, _, _, _ in rendered if kind != "pdf"],
               capture_output=True, timeout=900)

checked = 0
for label, kind, path, result, summary, loc in rendered:
    tr = catalogue(loc)
    pdf = path if kind == "pdf" else os.path.join(office, os.path.basename(path)[: -len(kind) - 1] + ".pdf")
    if not os.path.exists(pdf):
        failures.append(f"{label}: LibreOffice could not open it")
        continue
    pages = pages_of(pdf)
    text = flat("\n".join(pages))
    wanted = [result["subject"], result["overall"]["level"]["name"] if result["overall"]["level"] else None]
    wanted += [g["name"] for g in result["groups"] if g["parent"] is None]
    if kind != "xlsx" and summary:  # the workbook's cells cut long sentences where a column ends
        wanted.append(summary)
    for w in wanted:
        if w and flat(w) not in text:
            failures.append(f"{label}: {w!r} is not on any page")
    checked += 1

    if kind != "pdf":
        continue
    # Page by page: the cover holds the subject; no page ends in a heading;
    # every chart stands whole on one page.
    headings = {tr(h) for h in ("Executive summary", "Roadmap", "Findings", "Crosswalk", "Answers", "Notes",
                                "How far each group is toward each level")}
    headings.add(tr("Where {} stands").replace("{}", result["subject"]))
    headings |= {g["name"] for g in result["groups"]}
    if result["target"]:
        headings.add(tr("Gaps to the target '{}'").replace("{}", result["target"]))
    page_of = tr("Page {} of {}")
    check(f"{label}: the cover shows the subject", result["subject"] in pages[0], True)
    check(f"{label}: the cover has no page number", page_of.replace("{}", "1", 1).split("{}")[0] in pages[0], False)
    for n, page in enumerate(pages[1:], start=2):
        lines = [l.strip() for l in page.splitlines() if l.strip()]
        number = page_of.replace("{}", str(n), 1).replace("{}", str(len(pages)), 1)
        if not (lines and lines[-1].endswith(number)):
            failures.append(f"{label}: page {n} ends {lines[-1:]!r}, not {number!r}")
        body = lines[1:-1]  # less the header and the footer
        while body and body[-1].startswith("Northwind"):
            body.pop()
        if body and re.sub(r" {2,}.*", "", body[-1]) in headings and "  " not in body[-1]:
            failures.append(f"{label}: page {n} ends in the heading {body[-1]!r}")
        for caption, legend in ((tr("The profile by group"), tr("Score")),
                                (tr("Each group against the levels' bands"), tr("Score"))):
            if caption in page:
                after = page[page.index(caption):]
                if legend not in after:
                    failures.append(f"{label}: page {n} cuts the chart '{caption}' from its legend")
                if caption == tr("The profile by group"):
                    for g in result["groups"]:
                        if g["parent"] is None and not all(w in flat(after) for w in g["name"].split()):
                            failures.append(f"{label}: page {n}: the radar's label {g['name']!r} is not with it")

check("documents checked", checked, len(examples) * len(locales) * 3)

# The comparison, the roadmap, the history and the benchmark are documents too: the same cover, frame
# and page numbers, their own sections, in the locale's words.
views = [("compare", ["compare", "examples/ecosystem-portfolio.toml", "examples/ecosystem-portfolio.json"],
          {"en": ["2026-12-31 stands highest: Managed, 53.7%. 2026-09-30 stands lowest: Managed, 44.2%.",
                  "From 2026-09-30 to 2026-12-31, the overall score moves +9.5 points. The largest rise is in "
                  "Outcomes (reported, not scored) (+11.2 points).", "Group by group", "Joint go-to-market"],
           "de": ["2026-12-31 steht am höchsten: Gesteuert, 53,7 %.", "Gruppe für Gruppe", "Gemeinsamer Marktauftritt"]}),
         ("roadmap", ["roadmap", "examples/alliance-acme-globex.toml"],
          {"en": ["Acme × Globex alliance stands at Solution today (63.8%). The 17 actions below, in 3 phases, bring it "
                  "to Strategic Alliance (80.8%).", "First: List the two or three competitor alliances that matter most "
                  "in your market.", "Phase 1: then Solution (71.6%)", "Phase 2: then Solution (77.3%)"],
           "de": ["Acme × Globex alliance steht heute bei Lösung (63,8 %).", "Phase 1: danach Lösung (71,6 %)"]})]
# A history needs a store, a benchmark a population.
history_db = os.path.join(tmp, "history.db")
run("--db", history_db, "store", "add", "examples/ecosystem-portfolio.toml", "examples/ecosystem-portfolio.json")
population = os.path.join(tmp, "population.csv")
with open(population, "wb") as f:
    f.write(run("batch", "alliance", "examples/alliance-acme-globex.toml", "examples/alliance-one-sided.toml",
                "examples/alliance-team.json", "--format", "csv").stdout)
views += [("history", ["--db", history_db, "history", "Globex partner ecosystem"],
           {"en": ["From 30 September 2026 to 31 December 2026, Globex partner ecosystem moved from Managed (44.2%) "
                   "to Managed (53.7%): +9.5 points.", "Programme strategy", "Group by group"],
            "de": ["Vom 30. September 2026 bis zum 31. Dezember 2026 bewegte sich Globex partner ecosystem von "
                   "Gesteuert (44,2 %) zu Gesteuert (53,7 %): +9,5 Punkte.", "Programmstrategie"]}),
          ("benchmark", ["benchmark", "examples/alliance-acme-globex.toml", "--population", population],
           {"en": ["Acme × Globex alliance scores 63.8% overall, ahead of 16.7% of the 3 results it is compared with.",
                   "Furthest ahead: Strategic (percentile 50); furthest behind: Technical (percentile 17)."],
            "de": ["Am weitesten vorn: Strategisch (Perzentil 50)", "Kommerziell"]})]
view_docs = []
for name, args, wants in views:
    for loc, want in wants.items():
        for kind in ("pdf", "docx"):
            path = os.path.join(tmp, f"{name}.{loc}.{kind}")
            run(*args, "--locale", loc, "--format", kind, "-o", path)
            view_docs.append((f"{name} ({loc}) {kind}", kind, path, want, loc))
subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo-profile", "--convert-to", "pdf",
                "--outdir", os.path.join(tmp, "office-views")] + [p for _, kind, p, _, _ in view_docs if kind == "docx"],
               capture_output=True, timeout=300)
for label, kind, path, want, loc in view_docs:
    pdf = path if kind == "pdf" else os.path.join(tmp, "office-views", os.path.basename(path)[:-5] + ".pdf")
    if not os.path.exists(pdf):
        failures.append(f"{label}: LibreOffice could not open it")
        continue
    pages = pages_of(pdf)
    text = flat("\n".join(pages))
    for w in want:
        if flat(w) not in text:
            failures.append(f"{label}: {w!r} is not on any page")
    if kind == "pdf":
        page_of = catalogue(loc)("Page {} of {}")
        last = [l.strip() for l in pages[-1].splitlines() if l.strip()][-1]
        check(f"{label}: the last page's number", last.endswith(page_of.replace("{}", str(len(pages)), 1)
                                                                .replace("{}", str(len(pages)), 1)), True)
        check(f"{label}: a cover", "Page 1" in pages[0] or "Seite 1" in pages[0], False)

# The same result renders to the same bytes.
for kind in ("html", "docx", "pdf", "xlsx", "csv"):
    a = run("assess", "alliance", "examples/alliance-acme-globex.toml", "--format", kind).stdout
    b = run("assess", "alliance", "examples/alliance-acme-globex.toml", "--format", kind).stdout
    check(f"{kind}: the same bytes twice", a == b and len(a) > 0, True)
for args in (["compare", "examples/ecosystem-portfolio.toml", "examples/ecosystem-portfolio.json"],
             ["roadmap", "examples/alliance-acme-globex.toml"]):
    for kind in ("docx", "pdf"):
        a, b = run(*args, "--format", kind).stdout, run(*args, "--format", kind).stdout
        check(f"{args[0]} {kind}: the same bytes twice", a == b and len(a) > 0, True)

# The Word document is editable: real heading styles, a table style, a
# header and a footer with page fields.
with zipfile.ZipFile(os.path.join(tmp, "capability-acme.toml.en.docx")) as z:
    document = z.read("word/document.xml").decode()
    styles = z.read("word/styles.xml").decode()
    footer = z.read("word/footer1.xml").decode()
    check("docx: Heading 1 paragraphs", document.count('<w:pStyle w:val="Heading1"/>') >= 5, True)
    check("docx: tables in the mmf Table style", document.count('<w:tblStyle w:val="mmfTable"/>') >= 5, True)
    check("docx: the heading style keeps with the next", '<w:style w:type="paragraph" w:styleId="Heading1">' in styles
          and "<w:keepNext/>" in styles, True)
    check("docx: page X of Y", " PAGE " in footer and " NUMPAGES " in footer, True)
    check("docx: pictures of the charts", len([n for n in z.namelist() if n.startswith("word/media/")]), 2)

# The workbook speaks the locale too: its sheets, and the dropdown a consultant plans in.
for loc, sheets, status in (("de", ["Zusammenfassung", "Antworten", "Fahrplan", "Abstände", "Befunde"], "Nicht begonnen"),
                            ("es", ["Resumen", "Respuestas", "Hoja de ruta", "Brechas", "Hallazgos"], "Sin empezar")):
    with zipfile.ZipFile(os.path.join(tmp, f"capability-acme.toml.{loc}.xlsx")) as z:
        check(f"xlsx ({loc}): sheets", re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode()), sheets)
        check(f"xlsx ({loc}): the status dropdown", status in z.read("xl/worksheets/sheet3.xml").decode(), True)

# A brand: the firm on the cover and in the header, its footer and mark on
# every page, its logo on the cover.
brand_dir = os.path.join(tmp, "brand")
os.makedirs(brand_dir)
w, h = 60, 20
raw = b"".join(b"\x00" + b"\x1f\x6e\x43" * w for _ in range(h))
chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
with open(os.path.join(brand_dir, "logo.png"), "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
brand = os.path.join(brand_dir, "brand.toml")
with open(brand, "w") as f:
    f.write('format = "mmf-brand/1"\nfirm = "Northwind Advisory"\nfooter = "Northwind Advisory LLP, Leith"\n'
            'confidentiality = "Strictly confidential"\nprimary = "#1F6E43"\nlogo = "logo.png"\n')
for kind in ("pdf", "docx"):
    path = os.path.join(tmp, f"branded.{kind}")
    run("assess", "readiness", "examples/readiness-acme.toml", "--format", kind, "--brand", brand, "-o", path)
    if kind == "docx":
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo-profile", "--convert-to",
                        "pdf", "--outdir", office, path], capture_output=True, timeout=300)
        path = os.path.join(office, "branded.pdf")
    pages = pages_of(path) if os.path.exists(path) else []
    check(f"branded {kind}: pages", len(pages) > 2, True)
    if pages:
        check(f"branded {kind}: the firm on the cover", "Northwind Advisory" in pages[0], True)
        for n, page in enumerate(pages[1:], start=2):
            for want in ("Northwind Advisory", "Northwind Advisory LLP, Leith", "Strictly confidential"):
                if want not in page:
                    failures.append(f"branded {kind}: page {n} lacks {want!r}")
if os.path.exists(os.path.join(tmp, "branded.docx")):
    with zipfile.ZipFile(os.path.join(tmp, "branded.docx")) as z:
        check("branded docx: the logo is in it", [n for n in z.namelist() if n.startswith("word/media/")][0:1],
              ["word/media/image1.png"])
        check("branded docx: the brand's colour in the styles", "1F6E43" in z.read("word/styles.xml").decode(), True)

# A broken brand file: every problem, where it is, and no file written.
bad = os.path.join(brand_dir, "bad.toml")
with open(bad, "w") as f:
    f.write('format = "mmf-brand/1"\nprimary = "green"\nfont = "Evil<Font>"\nlogo = "missing.png"\nfirms = "x"\n')
with open(os.path.join(brand_dir, "notpng.toml"), "w") as f:
    f.write('format = "mmf-brand/1"\nlogo = "brand.toml"\n')
out = os.path.join(tmp, "never.pdf")
p = run("assess", "readiness", "examples/readiness-acme.toml", "--format", "pdf", "--brand", bad, "-o", out, ok=False)
err = p.stderr.decode()
check("bad brand: exit", p.returncode, 2)
check("bad brand: no file", os.path.exists(out), False)
for want in [f'{bad}:2:11: error: \'primary\' must be a colour written #RRGGBB, such as "#1F4E79", not "green"',
             f"{bad}:3:8: error: 'font' must be a font family name (letters, digits, spaces, hyphens; at most 64), "
             f'not "Evil<Font>"',
             f"{bad}:4:8: error: the logo 'missing.png': cannot open: No such file or directory",
             f"{bad}:5:1: warning: unknown key 'firms' in the brand file; did you mean 'firm'?"]:
    if want not in err:
        failures.append(f"bad brand: {want!r} not in {err!r}")
p = run("assess", "readiness", "examples/readiness-acme.toml", "--format", "pdf", "--brand",
        os.path.join(brand_dir, "notpng.toml"), ok=False)
check("brand with a logo that is no PNG", p.stderr.decode().strip().splitlines()[-1:],
      [f"{os.path.join(brand_dir, 'notpng.toml')}:2:8: error: the logo 'brand.toml' must be a PNG image"])

# A mark longer than a line, and a logo too large to place, each named where it is.
with open(os.path.join(brand_dir, "huge.png"), "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 5000, 10, 8, 2, 0, 0, 0)))
with open(os.path.join(brand_dir, "big.toml"), "w") as f:
    f.write('format = "mmf-brand/1"\nconfidentiality = "' + "x" * 201 + '"\nlogo = "huge.png"\n')
big = os.path.join(brand_dir, "big.toml")
p = run("assess", "readiness", "examples/readiness-acme.toml", "--format", "docx", "--brand", big, "-o", out, ok=False)
check("big brand: exit", p.returncode, 2)
check("big brand: messages", [l for l in p.stderr.decode().splitlines() if "error:" in l],
      [f"{big}:2:19: error: 'confidentiality' must be one line of at most 200 characters",
       f"{big}:3:8: error: the logo 'huge.png' is 5000×10 pixels; at most 4096 on either side"])
check("big brand: no file", os.path.exists(out), False)

shutil.rmtree(tmp, ignore_errors=True)
for f in failures:
    print(f)
print(f"{checked} documents; {len(failures)} failed")
sys.exit(1 if failures else 0)
