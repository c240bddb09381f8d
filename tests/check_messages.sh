#!/usr/bin/env bash
# The catalogues translate every word of the reports, and the check names a
# word one of them lacks, with where the code uses it, and fails.
set -euo pipefail
source_dir=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$source_dir/scripts/check-messages" > "$tmp/out"
grep -qx "fr: [0-9]* of [0-9]* words translated" "$tmp/out"
! grep -q "no translation" "$tmp/out"
cp -r "$source_dir/core/po" "$tmp/po"
python3 - "$tmp/po/fr.po" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
text = text.replace('msgid "Notes"\nmsgstr "Remarques"\n', 'msgid "Notes"\nmsgstr ""\n')
text = text.replace('msgid "Roadmap"\nmsgstr "Feuille de route"\n\n', '')
text += '\nmsgid "A word of long ago"\nmsgstr "Un mot d\'antan"\n'
open(sys.argv[1], "w", encoding="utf-8").write(text)
PY
if "$source_dir/scripts/check-messages" --po "$tmp/po" > "$tmp/bad"; then echo "a missing word passed"; exit 1; fi
grep -q "^fr.po: no translation of 'Notes' (.*core/src/report/document.cpp:[0-9]*.*)$" "$tmp/bad"
grep -q "^fr.po: no translation of 'Roadmap' (.*core/src/report/document.cpp:[0-9]*.*)$" "$tmp/bad"
grep -q "^fr.po: 'A word of long ago' is no longer used$" "$tmp/bad"
grep -q "^de: \([0-9]*\) of \1 words translated$" "$tmp/bad"
echo "check-messages: ok"
