#!/usr/bin/env bash
# bench-scale.sh [N_IONS]: the CLI's commands on an N-ion .pos (default 1e8 = 1.6 GB; SCALE=1e9
# from `make bench` writes 16 GB), each timed against `cat FILE > /dev/null` of the same bytes,
# with its peak resident and peak private memory per ion (private: anonymous pages, not the
# mapped cache the kernel may drop and read again). Runs from the repository root after a build.
set -euo pipefail
cd "$(dirname "$0")/.."
n=$(python3 -c "print(int(float('${1:-${SCALE:-1e8}}')))")
tools=build/bench/scale-tools
cli=${BENCH_CLI:-build/app/cli/ionscape-cli}   # BENCH_CLI: another build, to compare
dir=$(mktemp -d "${TMPDIR:-/tmp}/bench-scale-XXXXXX")
# the column cache of this run stays in the run's folder
export XDG_CACHE_HOME="$dir/cache"
trap 'rm -rf "$dir"' EXIT

free_kib=$(df -Pk "$dir" | awk 'NR == 2 { print $4 }')
if [ $(( n / 64 )) -gt "$free_kib" ]; then   # file (16 B/ion) + its column cache, twice over
  echo "bench-scale: $n ions need $(( n * 32 / 1000000000 )) GB of disk, only $(( free_kib / 1000000 )) GB free in $dir" >&2
  exit 1
fi
pos="$dir/scale.pos"
if [ -n "${BENCH_POS:-}" ]; then   # an N-ion file `scale-tools write` made before: not written again
  ln -s "$(realpath "$BENCH_POS")" "$pos"
else
  "$tools" write "$n" "$pos"
fi
"$cli" demo --out "$dir/demo" >/dev/null
ranges=$(ls "$dir"/demo/apt/*/*.rrng 2>/dev/null | head -1 || true)
[ -n "$ranges" ] || ranges=$(find "$dir/demo" -name '*.rrng' | head -1)

measure () {  # prints "SECONDS RSS_KIB STATUS PRIVATE_KIB" of one run
  "$tools" measure "$@" 2>&1 >/dev/null | tail -1
}
cat "$pos" > /dev/null   # warm the page cache
read -r t_cat _ _ < <(measure cat "$pos")
printf 'bench-scale: %s ions, %.1f GB .pos; baseline cat %.2f s\n' "$n" "$(python3 -c "print($n * 16 / 1e9)")" "$t_cat"
printf '%-48s %9s %7s %8s %10s %13s %s\n' command seconds "cat s" "× cat" "RSS B/ion" "private B/ion" status
# each command against a cat of the same bytes just before it: the ratio holds on a busy machine.
# Once the column cache exists the commands read it, not the .pos: cat the cache then, so the
# page cache stays warm with what they read (.pos and cache together exceed RAM at 10^9).
row () {
  local label=$1 bytes
  shift
  bytes=$(ls "$XDG_CACHE_HOME"/ionscape/columns/*.iscol 2>/dev/null | head -1 || true)
  read -r t_cat _ _ < <(measure cat "${bytes:-$pos}")
  read -r t kib status private < <(measure "$@")
  printf '%-48s %9.2f %7.2f %8.2f %10.2f %13.2f %s\n' "$label" "$t" "$t_cat" \
         "$(python3 -c "print($t / max($t_cat, 1e-6))")" \
         "$(python3 -c "print($kib * 1024 / $n)")" "$(python3 -c "print($private * 1024 / $n)")" "$status"
}
row "info (first load, writes the cache)" "$cli" info "$pos" --json
row "info (mapped)" "$cli" info "$pos" --json
# the window's 3-D view: map the cache, the first picture's sample, the batch it draws
row "3-D view: load, first picture, detail batch" "$tools" picture "$pos"
row "composition" "$cli" composition "$pos" --ranges "$ranges"
row "fda Li, sequence (first ranged: writes the index)" "$cli" fda "$pos" --ranges "$ranges" --element Li
# the tiled needle grows 1.5 µm per 10^6 ions: keep its profile under the 10^6-bin limit
bin=$(python3 -c "print(max(1, $n // 400000000 + 1))")
row "profile z, $bin nm" "$cli" profile "$pos" --ranges "$ranges" --axis z --bin "$bin"
row "fda Li, sequence blocks of 100" "$cli" fda "$pos" --ranges "$ranges" --element Li
row "profile z, 10000 atoms per bin" "$cli" profile "$pos" --ranges "$ranges" --axis z --count 10000
row "fda Li, spatial blocks of 100" "$cli" fda "$pos" --ranges "$ranges" --element Li --blocks spatial
# the neighbour analyses: memory follows the queries, centres and solutes, not the ions
row "nn Li, 1st neighbour (default 10^6 queries)" "$cli" nn "$pos" --ranges "$ranges" --element Li
row "rdf Li (default 10^5 centres)" "$cli" rdf "$pos" --ranges "$ranges" --element Li
row "cluster Li, dmax 0.5 nm, nmin 10" "$cli" cluster "$pos" --ranges "$ranges" --elements Li --dmax 0.5 --nmin 10
row "fda Li, nn blocks of 20 (default 10^5 blocks)" "$cli" fda "$pos" --ranges "$ranges" --element Li --blocks nn
