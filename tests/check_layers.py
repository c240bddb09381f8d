#!/usr/bin/env python3
"""The walls of the house (docs/architecture.md): each folder of core/src
includes only the folders below it, host/ and the plugins include only the
public headers, and no public header includes a private one.
Usage: check_layers.py SOURCE_DIR"""
import os
import re
import sys

source = sys.argv[1]
# What each folder of core/src may include from the others ("plugins/plugin_call.h": that header only).
allowed = {
    "base": set(),
    "rules": {"base"},
    "load": {"base", "rules"},
    "check": {"base", "load", "rules"},
    "csv": {"base", "load", "check"},
    "xlsx": {"base", "load", "check", "render/xlsx_workbook.h", "render/messages.h"},
    "engine": {"base", "load", "check", "rules", "csv/csv_layout.h", "plugins/plugin_call.h"},
    "render": {"base", "plugins/plugin_call.h"},
    "report": {"base", "render/render_common.h", "render/messages.h", "render/plugin_sections.h"},
    "batch": {"base", "csv", "check", "engine", "render"},
    "store": {"base"},
    "plugins": {"base"},
    "doors": {"base", "load", "check", "rules", "csv", "xlsx", "engine", "render", "report", "batch", "store", "plugins"},
}
include = re.compile(r'^#include "([a-z_]+)/([a-z_]+\.h)"', re.M)
failures = []
src = os.path.join(source, "core/src")
folders = sorted(d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d)))
if set(folders) != set(allowed):
    failures.append(f"core/src holds {folders}; the walls name {sorted(allowed)}")
loose = sorted(f for f in os.listdir(src) if os.path.isfile(os.path.join(src, f)))
if loose:
    failures.append(f"files outside any layer in core/src: {loose}")
for folder in folders:
    for name in sorted(os.listdir(os.path.join(src, folder))):
        with open(os.path.join(src, folder, name)) as f:
            text = f.read()
        for other, header in include.findall(text):
            if other in ("mmf", folder):
                continue
            if other not in allowed.get(folder, set()) and f"{other}/{header}" not in allowed.get(folder, set()):
                failures.append(f"core/src/{folder}/{name} includes {other}/{header}: {folder} may include "
                                f"{sorted(allowed.get(folder, set()))}")
# Outside core/src: public headers only.
for top in ("host", "plugins", "core/include/mmf"):
    for root, _, files in os.walk(os.path.join(source, top)):
        for name in files:
            if not name.endswith((".cpp", ".h")):
                continue
            with open(os.path.join(root, name)) as f:
                text = f.read()
            for other, header in include.findall(text):
                if other in allowed:
                    failures.append(f"{os.path.relpath(os.path.join(root, name), source)} includes the private "
                                    f"{other}/{header}")
for f in failures:
    print(f)
print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
