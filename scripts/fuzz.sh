#!/usr/bin/env bash
# make fuzz: builds the readers with clang, libFuzzer, AddressSanitizer and UBSan (build-fuzz/) and
# fuzzes each reader family for FUZZ_SECONDS (default 60) per format, seeded with the saved corpus
# (fuzz/corpus/FAMILY) and the real files of ../shared/fixtures. New inputs go to
# build-fuzz/corpus/FAMILY-SUFFIX; crashes to build-fuzz/crashes/. Save a crash that is fixed into
# fuzz/corpus/FAMILY/ (named with its suffix) so that `make test` replays it from then on.
#   FUZZ_SECONDS=300 make fuzz            FUZZ_FAMILIES="apt image" make fuzz
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh --fuzz
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang meson setup build-fuzz -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fsanitize=fuzzer-no-link -Dwerror=false
fi
meson compile -C build-fuzz

seconds=${FUZZ_SECONDS:-60}
families=${FUZZ_FAMILIES:-apt ranges image cycler project}
fixtures=${IONSCAPE_FIXTURES:-../shared/fixtures}
declare -A suffixes=(
  [apt]=".pos .epos .apt .ato .nxs .h5"
  [ranges]=".rrng .rng .env"
  [image]=".tif .dm3 .dm4 .emd .ser .mrc"
  [cycler]=".csv .mpt .mpr .txt"
  [project]=".ionscape"
)
mkdir -p build-fuzz/crashes
# The test suite's leak suppressions name third-party libraries only (libhdf5, fontconfig).
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
for family in $families; do
  for suffix in ${suffixes[$family]}; do
    work=build-fuzz/corpus/$family$suffix
    seeds=build-fuzz/seeds/$family$suffix
    mkdir -p "$work" "$seeds"
    # Seeds: saved inputs and fixtures with this suffix, linked (never copied into the tree).
    find fuzz/corpus/$family "$fixtures" -type f -iname "*$suffix" -size -4M 2>/dev/null | while read -r f; do
      ln -sf "$(realpath "$f")" "$seeds/$(echo "$f" | md5sum | cut -c1-12)$suffix"
    done
    echo "== fuzzing $family ($suffix) for ${seconds}s: $(ls "$seeds" | wc -l) seeds"
    ISC_FUZZ_SUFFIX=$suffix build-fuzz/fuzz/fuzz-$family "$work" "$seeds" \
      -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 -max_len=4000000 \
      -artifact_prefix="build-fuzz/crashes/$family-" -print_final_stats=1 2>&1 \
      | grep -E "^(#[0-9]+ *DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY|artifact_prefix)" || true
  done
done
# libFuzzer also keeps inputs that took long (slow-unit-…): worth a look, not failures. Reads of
# damaged HDF5 files are stopped after 5 s by design.
echo "crashes, leaks, timeouts: $(ls build-fuzz/crashes | grep -vc slow-unit || true); slow inputs: $(ls build-fuzz/crashes | grep -c slow-unit || true) (in build-fuzz/crashes/)"
