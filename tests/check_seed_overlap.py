#!/usr/bin/env python3
"""Every text of the shipped models (questions, help, answers, criteria, next
steps, levels, groups...) is in mmf's own words: none shares a run of eight
words with the two alliance-management articles the models' concepts come
from. The articles are not in the repository; tests/fixtures/seeds/shingles.txt
holds a hash of each of their 8-word runs (made by this script's --make from
the articles), which is all the check needs.

usage: check_seed_overlap.py SOURCE_DIR            check models/*.toml
       check_seed_overlap.py --make ARTICLE...     print the hashes
"""
import glob
import hashlib
import os
import re
import sys
import tomllib

N = 8


def words(text):
    return re.findall(r"[a-z0-9äöüß]+(?:'[a-z]+)?", text.lower())


def digest(run):
    return hashlib.sha256(" ".join(run).encode()).hexdigest()[:16]


def runs(text):
    w = words(text)
    return [tuple(w[i:i + N]) for i in range(len(w) - N + 1)]


def texts(value, path):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from texts(v, f"{path}.{k}" if path else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from texts(v, f"{path}[{i}]")


def main():
    if sys.argv[1:2] == ["--make"]:
        hashes = sorted({digest(r) for f in sys.argv[2:] for r in runs(open(f, encoding="utf-8").read())})
        print("\n".join(hashes))
        return 0
    root = sys.argv[1]
    known = set(open(os.path.join(root, "tests/fixtures/seeds/shingles.txt")).read().split())
    assert len(known) > 1000, "the shingle file is missing or empty"
    bad = 0
    files = sorted(glob.glob(os.path.join(root, "models/*.toml")) + glob.glob(os.path.join(root, "examples/*/*.toml")))
    for f in files:
        with open(f, "rb") as fh:
            doc = tomllib.load(fh)
        for path, text in texts(doc, ""):
            for r in runs(text):
                if digest(r) in known:
                    print(f"{os.path.relpath(f, root)}: {path}: shares the run '{' '.join(r)}' with a seed article")
                    bad += 1
                    break
    print(f"{len(files)} model files checked, {bad} texts share a run of {N} words with the seed articles")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
