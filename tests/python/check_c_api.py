#!/usr/bin/env python3
"""The C API from Python's ctypes: load a model, score an assessment held in
memory, compare with `mmf assess`, render every built-in format, and check
that bad input gives a status and diagnostics instead of a crash.
A fixture plugin's input and output formats work through the C API as
through `mmf assess`, and mmf_formats lists what `mmf formats` lists.
Usage: check_c_api.py LIBMMF_CORE MMF_EXE SOURCE_DIR PLUGINS_DIR TEST_PLUGINS_DIR"""
import ctypes as C
import json
import os
import subprocess
import sys

lib_path, mmf, source, plugins, test_plugins = sys.argv[1:6]
lib = C.CDLL(lib_path)
P = C.c_void_p
lib.mmf_api_version.restype = C.c_int
lib.mmf_version.restype = C.c_char_p
lib.mmf_status_message.restype = C.c_char_p
lib.mmf_context_new.argtypes = [C.POINTER(C.c_char_p), C.c_size_t, C.POINTER(C.c_char_p), C.c_size_t, C.POINTER(P)]
lib.mmf_model_load.argtypes = [P, C.c_char_p, C.POINTER(P), C.POINTER(P)]
lib.mmf_model_parse.argtypes = [P, C.c_char_p, C.c_char_p, C.POINTER(P), C.POINTER(P)]
lib.mmf_model_id.argtypes = [P]
lib.mmf_model_id.restype = C.c_char_p
lib.mmf_assess.argtypes = [P, P, C.c_char_p, C.c_char_p, C.POINTER(P), C.POINTER(P)]
lib.mmf_result_percent.argtypes = [P]
lib.mmf_result_percent.restype = C.c_double
lib.mmf_result_level.argtypes = [P]
lib.mmf_result_level.restype = C.c_char_p
lib.mmf_result_render.argtypes = [P, P, C.c_char_p, C.c_char_p, C.POINTER(P), C.POINTER(C.c_size_t)]
lib.mmf_assess_input.argtypes = [P, P, C.c_char_p, C.c_size_t, C.c_char_p, C.c_char_p, C.POINTER(P), C.POINTER(P)]
lib.mmf_formats.argtypes = [P, C.POINTER(P)]
lib.mmf_model_template.argtypes = [P, P, C.c_char_p, C.c_char_p, C.POINTER(P), C.POINTER(C.c_size_t)]
for f in ("mmf_context_free", "mmf_model_free", "mmf_result_free", "mmf_string_free"):
    getattr(lib, f).argtypes = [P]

failures = []


def check(what, got, want):
    if got != want:
        failures.append(f"{what}: got {got!r}, want {want!r}")


def take_string(p):
    """Copies a library-owned string out and releases it."""
    if not p.value:
        return ""
    text = C.string_at(p.value).decode()
    lib.mmf_string_free(p)
    return text


check("api version", lib.mmf_api_version(), 1003)
models = (C.c_char_p * 1)(f"{source}/models".encode())
plugin_dirs = (C.c_char_p * 1)(plugins.encode())
ctx = P()
check("context", lib.mmf_context_new(models, 1, plugin_dirs, 1, C.byref(ctx)), 0)
model, diag = P(), P()
check("model", lib.mmf_model_load(ctx, b"alliance", C.byref(model), C.byref(diag)), 0)
check("model id", lib.mmf_model_id(model), b"alliance")

example = f"{source}/examples/alliance-team.json"
with open(example, "rb") as f:
    text = f.read()
result = P()
status = lib.mmf_assess(ctx, model, text, b"team.json", C.byref(result), C.byref(diag))
check("assess", status, 0)
expected = json.loads(subprocess.run([mmf, "assess", "alliance", example, "--format", "json"], cwd=source,
                                     check=True, capture_output=True).stdout)
check("percent", lib.mmf_result_percent(result), expected["overall"]["percent"])
check("level", lib.mmf_result_level(result).decode(), expected["overall"]["level"]["id"])
for fmt in (b"json", b"text", b"markdown", b"html", b"csv", b"xlsx"):
    out, length = P(), C.c_size_t()
    check(f"render {fmt}", lib.mmf_result_render(ctx, result, fmt, None, C.byref(out), C.byref(length)), 0)
    data = C.string_at(out.value, length.value)
    lib.mmf_string_free(out)
    if fmt == b"json":
        check("json result", json.loads(data), expected)
    if fmt == b"xlsx":
        check("xlsx is a zip", data[:2], b"PK")
out, length = P(), C.c_size_t()
check("unknown format", lib.mmf_result_render(ctx, result, b"odt", None, C.byref(out), C.byref(length)), 4)
lib.mmf_last_error.restype = C.c_char_p
check("unknown format: mmf_last_error", lib.mmf_last_error().decode(),
      "unknown format 'odt' (known: text, json, markdown (md), html, csv, xlsx, docx, pdf)")

# The questionnaire workbook: written by mmf_model_template, filled in (by
# option id, as a respondent may), read back by mmf_assess_input.
out, length = P(), C.c_size_t()
check("template xlsx", lib.mmf_model_template(ctx, model, b"xlsx", b"de", C.byref(out), C.byref(length)), 0)
workbook = C.string_at(out.value, length.value)
lib.mmf_string_free(out)
check("the workbook is a zip", workbook[:2], b"PK")
try:
    import io
    import tomllib
    import openpyxl
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    check("its German sheets", book.sheetnames[:2], ["Bewertung", "Kommerziell"])
    answers = tomllib.load(open(f"{source}/examples/alliance-acme-globex.toml", "rb"))["answers"]
    for ws in book.worksheets:
        for row in ws.iter_rows(min_row=2):
            a = answers.get(row[0].value)
            if a is not None:
                row[5].value = a["answer"] if isinstance(a, dict) else a
    filled = io.BytesIO()
    book.save(filled)
    data = filled.getvalue()
    scored = P()
    check("assess the workbook", lib.mmf_assess_input(ctx, model, data, len(data), b"q.xlsx", b"xlsx", C.byref(scored),
                                                      C.byref(diag)), 0)
    take_string(diag)
    expected_example = json.loads(subprocess.run([mmf, "assess", "alliance", "examples/alliance-acme-globex.toml",
                                                  "--format", "json"], cwd=source, check=True,
                                                 capture_output=True).stdout)
    check("the workbook's percent", lib.mmf_result_percent(scored), expected_example["overall"]["percent"])
    lib.mmf_result_free(scored)
except ImportError:
    failures.append("openpyxl is not installed (scripts/install-deps installs python3-openpyxl)")
check("template: a null model", lib.mmf_model_template(ctx, None, b"xlsx", None, C.byref(out), C.byref(length)), 4)
check("template: unknown format", lib.mmf_model_template(ctx, model, b"pdf", None, C.byref(out), C.byref(length)), 4)
check("template: mmf_last_error", lib.mmf_last_error().decode(),
      "unknown format 'pdf' for template output (known: toml, csv, xlsx)")

bad = P()
status = lib.mmf_assess(ctx, model, b"{\"format\": \"mmf-assessment/1\", \"model\": \"alliance\", \"subject\": \"x\", "
                        b"\"answers\": {\"str-joint-vision\": \"maybe\"}}", b"bad.json", C.byref(bad), C.byref(diag))
check("bad status", status, 2)
check("bad diagnostics", take_string(diag).startswith("bad.json:1:101: error: 'maybe' is not an option"), True)
missing = P()
check("missing model", lib.mmf_model_load(ctx, b"nope", C.byref(missing), C.byref(diag)), 3)
take_string(diag)
check("null handle", lib.mmf_assess(None, model, b"", None, C.byref(bad), None), 4)

lib.mmf_result_free(result)
lib.mmf_model_free(model)
lib.mmf_context_free(ctx)

# The good fixture plugin's importer ("lines") and renderer ("summary"). Not
# under ASan: Python, loaded before libstdc++, leaves ASan's __cxa_throw
# interceptor unresolved, and the fixture directory holds a plugin whose
# register function throws (the test build runs this part).
asan = "asan" in os.environ.get("LD_PRELOAD", "")


def fixture_checks():
    diag = P()
    fixture_dirs = (C.c_char_p * 1)(test_plugins.encode())
    ctx = P()
    check("fixture context", lib.mmf_context_new(None, 0, fixture_dirs, 1, C.byref(ctx)), 0)
    model = P()
    check("fixture model",
          lib.mmf_model_load(ctx, f"{source}/tests/fixtures/plugins/good-model.toml".encode(), C.byref(model), C.byref(diag)), 0)
    take_string(diag)
    lines_file = f"{source}/tests/fixtures/plugins/answers.lines"
    with open(lines_file, "rb") as f:
        lines = f.read()
    cli = subprocess.run([mmf, "--plugin-dir", test_plugins, "assess", "tests/fixtures/plugins/good-model.toml",
                          "tests/fixtures/plugins/answers.lines", "--format", "summary"], cwd=source, check=True,
                         capture_output=True).stdout
    for what, name, input_format in (("by format name", b"answers", b"lines"), ("by file name", b"answers.lines", None)):
        result = P()
        check(f"assess lines {what}", lib.mmf_assess_input(ctx, model, lines, len(lines), name, input_format,
                                                           C.byref(result), C.byref(diag)), 0)
        out, length = P(), C.c_size_t()
        check(f"render summary {what}", lib.mmf_result_render(ctx, result, b"summary", None, C.byref(out), C.byref(length)), 0)
        check(f"summary {what} equals mmf assess --format summary", C.string_at(out.value, length.value), cli)
        check("summary text", cli, b"Lines import: 50%\n")
        lib.mmf_string_free(out)
        lib.mmf_result_free(result)
        # A plugin renderer that throws: MMF_ERROR, and mmf_last_error names it.
        if what == "by format name":
            os.environ["FAULTY"] = "renderer:throw"
            check("a renderer that throws", lib.mmf_result_render(ctx, result, b"faulty-out", None, C.byref(out),
                                                                  C.byref(length)), 1)
            del os.environ["FAULTY"]
            check("a renderer that throws: mmf_last_error", lib.mmf_last_error().decode(),
                  "plugin 'faulty' failed in renderer 'faulty-out': it threw something that is not a std::exception")
    result = P()
    check("unknown input format", lib.mmf_assess_input(ctx, model, lines, len(lines), b"x", b"pdf", C.byref(result),
                                                       C.byref(diag)), 2)
    check("unknown input format message", take_string(diag),
          "x: error: unknown input format 'pdf' (known: toml, json, csv, xlsx, faulty-in, lines)\n")
    formats = P()
    check("formats", lib.mmf_formats(ctx, C.byref(formats)), 0)
    listed = subprocess.run([mmf, "--plugin-dir", test_plugins, "formats", "--format", "json"], cwd=source, check=True,
                            capture_output=True).stdout.decode()
    check("mmf_formats equals mmf formats --format json", take_string(formats), listed)
    lib.mmf_model_free(model)
    lib.mmf_context_free(ctx)


if not asan:
    fixture_checks()
for f in failures:
    print(f)
print(f"{1 if not failures else 0} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
