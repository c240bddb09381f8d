#!/usr/bin/env bash
# The doors for integrators, from an installed mmf: a C++ program built with
# find_package(mmf), and a C program built with pkg-config against the C API,
# each scoring an example with the values `mmf assess` gives; and the .deb
# CPack builds. Usage: embed_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
source=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
prefix=$scratch/prefix
fail() { echo "FAIL: $*" >&2; exit 1; }
# Under the sanitizers the consumers, not instrumented themselves, preload the ASan runtime.
run() { if [ -n "${MMF_TEST_PRELOAD:-}" ]; then LD_PRELOAD=$MMF_TEST_PRELOAD ASAN_OPTIONS=detect_leaks=0 "$@"; else "$@"; fi; }

cmake --install "$build" --prefix "$prefix" >/dev/null
mmf=$prefix/bin/mmf

# C++: scores from strings with the built-in rules (the bands model needs no plugin).
cmake -S "$source/examples/embed-cpp" -B "$scratch/embed" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$scratch/embed" >/dev/null
got=$(run "$scratch/embed/embed" "$source/tests/fixtures/rules/bands.toml" "$source/tests/fixtures/rules/bands-answers.toml")
want=$("$mmf" assess "$source/tests/fixtures/rules/bands.toml" "$source/tests/fixtures/rules/bands-answers.toml" --format json |
       python3 -c 'import json,sys; r=json.load(sys.stdin)["overall"]; print(r["percent"], r["level"]["id"])')
[ "$got" = "$want" ] || fail "C++ consumer printed '$got', mmf assess says '$want'"

# C: the C API through the installed pkg-config file, with the installed plugins.
export PKG_CONFIG_PATH=$(dirname "$(find "$prefix" -name mmf.pc)")
cc -std=c11 -o "$scratch/consumer" "$source/tests/c/consumer.c" \
   $(pkg-config --define-variable=prefix="$prefix" --cflags --libs mmf) -Wl,-rpath,"$prefix/lib"
plugins=$(pkg-config --define-variable=prefix="$prefix" --variable=plugindir mmf)
out=$(run "$scratch/consumer" "$prefix/share/mmf/models" "$plugins" "$source/examples/alliance-acme-globex.toml")
want=$("$mmf" assess alliance "$source/examples/alliance-acme-globex.toml" --format json |
       python3 -c 'import json,sys; r=json.load(sys.stdin)["overall"]; print("alliance", r["percent"], r["level"]["id"])')
grep -qx "$want" <<<"$out" || fail "C consumer printed '$out', mmf assess says '$want'"

# The .deb.
(cd "$build" && cpack -G DEB -B "$scratch/deb" >/dev/null)
deb=$(ls "$scratch"/deb/*.deb)
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/mmf ./usr/include/mmf/mmf.h ./usr/share/mmf/models/alliance.toml ./usr/lib/mmf/plugins/alliance.so \
         ./usr/lib/cmake/mmf/mmfConfig.cmake ./usr/lib/pkgconfig/mmf.pc; do
  grep -q " $f" <<<"$contents" || fail "the .deb lacks $f"
done
echo "1 passed, 0 failed"
