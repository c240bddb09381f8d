#!/usr/bin/env bash
# The doors for integrators, from an installed mmf: a C++ program built with
# find_package(mmf) with Boost and nlohmann-json out of reach, a relocatable
# pkg-config file, and a C program built by gcc with that file alone against
# the C API, each scoring an example with the values `mmf assess` gives; and
# the .deb CPack builds. Usage: embed_test.sh BUILD_DIR SOURCE_DIR
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
# find_package(mmf) must not look for Boost or nlohmann-json: they are disabled.
grep -rnE '^[^#]*(find_dependency|find_package)[[:space:]]*\(|Boost::|nlohmann_json::' "$prefix/lib/cmake/mmf" &&
  fail "the installed CMake package looks for another package"
cmake -S "$source/examples/embed-cpp" -B "$scratch/embed" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON -DCMAKE_DISABLE_FIND_PACKAGE_nlohmann_json=ON >/dev/null
cmake --build "$scratch/embed" >/dev/null
got=$(run "$scratch/embed/embed" "$source/tests/fixtures/rules/bands.toml" "$source/tests/fixtures/rules/bands-answers.toml")
want=$("$mmf" assess "$source/tests/fixtures/rules/bands.toml" "$source/tests/fixtures/rules/bands-answers.toml" --format json |
       python3 -c 'import json,sys; r=json.load(sys.stdin)["overall"]; print(r["percent"], r["level"]["id"])')
[ "$got" = "$want" ] || fail "C++ consumer printed '$got', mmf assess says '$want'"

# pkg-config: the installed mmf.pc finds its prefix from where it lies, so it
# points into the prefix given to `cmake --install`, not the configured one.
pcdir=$prefix/lib/pkgconfig
[ -f "$pcdir/mmf.pc" ] || fail "no mmf.pc in $pcdir"
cflags=$(PKG_CONFIG_PATH=$pcdir pkg-config --cflags mmf | xargs)
[ "$(realpath -m "${cflags#-I}")" = "$(realpath "$prefix/include")" ] || fail "pkg-config --cflags mmf gives '$cflags', not -I$prefix/include"
libs=$(PKG_CONFIG_PATH=$pcdir pkg-config --libs-only-L mmf | xargs)
[ "$(realpath -m "${libs#-L}")" = "$(realpath "$prefix/lib")" ] || fail "pkg-config --libs-only-L mmf gives '$libs', not -L$prefix/lib"
for v in plugindir modeldir; do
  d=$(PKG_CONFIG_PATH=$pcdir pkg-config --variable=$v mmf)
  [ -d "$d" ] || fail "pkg-config --variable=$v mmf gives '$d', which does not exist"
done
# Moved elsewhere, the tree still describes itself.
cp -a "$prefix" "$scratch/moved"
moved=$(PKG_CONFIG_PATH=$scratch/moved/lib/pkgconfig pkg-config --variable=plugindir mmf)
[ "$(realpath -m "$moved")" = "$(realpath "$scratch/moved/lib/mmf/plugins")" ] || fail "a moved tree's plugindir is '$moved'"
rm -rf "$scratch/moved"

# C: the C API through the installed pkg-config file alone (PKG_CONFIG_LIBDIR
# holds only the prefix's folder, so no system package can be found), built
# by gcc as C, including nothing from a C++ library; with the installed plugins.
export PKG_CONFIG_LIBDIR=$pcdir PKG_CONFIG_PATH=
c_flags=$(pkg-config --cflags --libs mmf)
gcc -std=c11 -Wall -Wextra -Werror -pedantic -M $(pkg-config --cflags mmf) "$source/tests/c/consumer.c" >"$scratch/consumer.d"
include=$(realpath "$prefix/include")
found=
for h in $(sed -e 's/\\$//' -e 's/^[^:]*://' "$scratch/consumer.d"); do
  case $(realpath "$h") in
    "$include/mmf/mmf.h") found=yes ;;
    "$include"/*) ;;
    */c++/*|*boost*|*nlohmann*) fail "the C consumer includes a C++ library's header: $h" ;;
  esac
done
[ -n "$found" ] || fail "the C consumer did not include $include/mmf/mmf.h: $(cat "$scratch/consumer.d")"
gcc -std=c11 -Wall -Wextra -Werror -pedantic -o "$scratch/consumer" "$source/tests/c/consumer.c" $c_flags \
    -Wl,-rpath,"$prefix/lib"
plugins=$(pkg-config --variable=plugindir mmf)
out=$(run "$scratch/consumer" "$(pkg-config --variable=modeldir mmf)" "$plugins" "$source/examples/alliance-acme-globex.toml")
want=$("$mmf" assess alliance "$source/examples/alliance-acme-globex.toml" --format json |
       python3 -c 'import json,sys; r=json.load(sys.stdin)["overall"]; print("alliance", r["percent"], r["level"]["id"])')
grep -qx "$want" <<<"$out" || fail "C consumer printed '$out', mmf assess says '$want'"
unset PKG_CONFIG_LIBDIR PKG_CONFIG_PATH

# The installed mmf writes PDF and Word through the report module beside
# libmmf_core; without the module it says so, exits 1 and writes nothing.
run "$mmf" assess alliance "$source/examples/alliance-acme-globex.toml" --format pdf -o "$scratch/report.pdf"
[ "$(head -c 5 "$scratch/report.pdf")" = "%PDF-" ] || fail "the installed mmf wrote no PDF"
module=$(find "$prefix" -name libmmf_report.so | head -1)
[ -n "$module" ] || fail "libmmf_report.so is not installed beside libmmf_core"
mv "$module" "$scratch/moved.so"
if run "$mmf" assess alliance "$source/examples/alliance-acme-globex.toml" --format docx -o "$scratch/none.docx" \
     2>"$scratch/err"; then fail "docx without the report module succeeded"; fi
grep -q "error: renderer 'docx' failed: the report module libmmf_report.so could not be loaded beside libmmf_core (the log says why)" "$scratch/err" ||
  fail "no clear message without the report module: $(cat "$scratch/err")"
[ ! -e "$scratch/none.docx" ] || fail "a docx was written without the report module"
mv "$scratch/moved.so" "$module"

# The .deb.
(cd "$build" && cpack -G DEB -B "$scratch/deb" >/dev/null)
deb=$(ls "$scratch"/deb/*.deb)
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/mmf ./usr/lib/libmmf_report.so ./usr/include/mmf/mmf.h ./usr/share/mmf/models/alliance.toml ./usr/lib/mmf/plugins/alliance.so \
         ./usr/lib/cmake/mmf/mmfConfig.cmake ./usr/lib/pkgconfig/mmf.pc; do
  grep -q " $f" <<<"$contents" || fail "the .deb lacks $f"
done
echo "1 passed, 0 failed"
