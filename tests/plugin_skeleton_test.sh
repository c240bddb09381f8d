#!/usr/bin/env bash
# Installs the built mmf into a scratch prefix, builds examples/plugin-skeleton
# against it with find_package(mmf), and has the installed mmf load and use
# the plugin. Usage: plugin_skeleton_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
source=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
prefix=$scratch/prefix

cmake --install "$build" --prefix "$prefix" >/dev/null
# A plugin needs no Boost or nlohmann-json either (plugin API 2.0): both are out of reach.
cmake -S "$source/examples/plugin-skeleton" -B "$scratch/skeleton" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=ON >/dev/null
cmake --build "$scratch/skeleton" >/dev/null
mkdir -m 755 "$scratch/plugins"
cp "$scratch/skeleton/skeleton.so" "$scratch/plugins/"

mmf=$prefix/bin/mmf
fail() { echo "FAIL: $*" >&2; exit 1; }

# The installed mmf finds the installed models and plugins, and the skeleton.
models=$("$mmf" models --format json)
for id in alliance ecosystem capability readiness; do
  grep -q "\"id\": \"$id\"" <<<"$models" || fail "installed mmf does not list model $id"
done
plugins=$("$mmf" --plugin-dir "$scratch/plugins" plugins)
for name in alliance ecosystem capability readiness skeleton; do
  grep -q "^$name " <<<"$plugins" || fail "installed mmf does not list plugin $name: $plugins"
done
grep -q "+ rule skeleton.median-band" <<<"$plugins" || fail "skeleton rule not registered"

result=$("$mmf" --plugin-dir "$scratch/plugins" assess "$source/examples/plugin-skeleton/skeleton-model.toml" \
  "$source/examples/plugin-skeleton/example.toml" --format json)
grep -q '"rule": "skeleton.median-band"' <<<"$result" || fail "rule not used: $result"
tr -d ' \n' <<<"$result" | grep -q '"insights":{"skeleton":{"practice":3}}' || fail "insight missing: $result"
tr -d ' \n' <<<"$result" | grep -q '"overall":{"score":0.6667,"max":1.0,"percent":66.7,"coverage":1.0,"scored":true,"level":{"id":"high"' \
  || fail "unexpected overall: $result"

# An installed alliance assessment scores with the installed plugin.
# (Read whole first: grep -q leaving a pipe early could SIGPIPE mmf under pipefail.)
alliance=$("$mmf" assess alliance "$source/examples/alliance-one-sided.toml" --format json)
grep -q '"capped": true' <<<"$alliance" || fail "installed alliance plugin did not cap the one-sided alliance"
echo "1 passed, 0 failed"
