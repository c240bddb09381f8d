#!/usr/bin/env python3
"""Writes a wide CSV survey export for a model: a header `subject,unit,<question ids>`,
then ROWS rows of deterministic pseudo-random answers.
Usage: generate_wide_csv.py MODEL.toml ROWS > survey.csv"""
import random
import sys
import tomllib

model_file, rows = sys.argv[1], int(sys.argv[2])
with open(model_file, "rb") as f:
    model = tomllib.load(f)
scales = model.get("scales", {})
questions = model["questions"]
choices = []
for q in questions:
    scale = scales[q["scale"]]
    if "options" in scale:
        choices.append([o["id"] for o in scale["options"]])
    else:
        choices.append([str(v) for v in range(int(scale["min"]), int(scale["max"]) + 1)])
rng = random.Random(1)
pool = [",".join(rng.choice(c) for c in choices) for _ in range(1000)]
out = sys.stdout
out.write("subject,unit," + ",".join(q["id"] for q in questions) + "\n")
for i in range(rows):
    out.write(f"partner-{i},tier-{i % 3},{pool[i % 1000]}\n")
