#!/usr/bin/env python3
"""Checks docs/schema against the files it describes: every shipped model,
example and rule fixture must validate, and known-bad files must not."""
import glob
import json
import sys
import tomllib

import jsonschema

root = sys.argv[1]


def load(path):
    with open(path, "rb") as f:
        data = tomllib.load(f) if path.endswith(".toml") else json.load(f)
    # TOML dates become strings in JSON, as editors see them.
    return json.loads(json.dumps(data, default=str))


def schema(name):
    with open(f"{root}/docs/schema/{name}.schema.json") as f:
        s = json.load(f)
    jsonschema.Draft7Validator.check_schema(s)
    return jsonschema.Draft7Validator(s)


model, assessment, mapping = schema("model"), schema("assessment"), schema("mapping")
failures = 0
good = [(model, p) for p in glob.glob(f"{root}/models/*.toml") + glob.glob(f"{root}/tests/fixtures/rules/*.toml")
        if "answers" not in p and "respondents" not in p]
good += [(assessment, p) for p in glob.glob(f"{root}/examples/*.toml") + glob.glob(f"{root}/examples/*.json")
         + glob.glob(f"{root}/tests/fixtures/rules/*answers.toml") + [f"{root}/tests/fixtures/rules/respondents.toml"]]
good += [(mapping, p) for p in glob.glob(f"{root}/examples/survey-exports/*.mapping.toml")
         + [f"{root}/tests/fixtures/csv/mapped.mapping.toml"]]
good += [(model, f"{root}/tests/fixtures/csv/survey.toml")]
for validator, path in good:
    errors = list(validator.iter_errors(load(path)))
    for e in errors:
        print(f"{path}: {'/'.join(map(str, e.path))}: {e.message}")
    failures += bool(errors)

bad = [(model, f"{root}/tests/fixtures/invalid/model/{n}.toml") for n in ("wrong-types", "bad-ids", "weights")]
bad += [(assessment, f"{root}/tests/fixtures/invalid/assessment/structure.toml")]
bad += [(mapping, f"{root}/tests/fixtures/csv/schema-bad.mapping.toml")]
for validator, path in bad:
    if validator.is_valid(load(path)):
        print(f"{path}: expected schema errors, found none")
        failures += 1

print(f"{len(good) + len(bad) - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
