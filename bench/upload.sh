#!/usr/bin/env bash
# upload.sh - 1 GiB upload on loopback: curl -T (plain PUT) against bitslite-bench --upload (the BITS upload protocol)
# and bitslite-bench --put, all to the same bitslite-upload-server, interleaved, in one run; every upload is
# cmp-verified against the source and then deleted. Run from anywhere: `bash bench/upload.sh`. About 3 minutes.
# Env: N (runs per tool, default 5), PORT (default 18090), FRAGMENT (largest BITS fragment in bytes, default the engine's),
# SHARED_BENCH, RESULTS (default /tmp/bitslite-bench-upload-<timestamp>.txt).
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
SHARED_BENCH=$(cd "${SHARED_BENCH:-$BENCH_DIR/../../shared/bench}" && pwd)
N=${N:-5}; PORT=${PORT:-18090}; FRAGMENT=${FRAGMENT:+--fragment-size $FRAGMENT}
RESULTS=${RESULTS:-/tmp/bitslite-bench-upload-$(date +%Y%m%d-%H%M%S).txt}
source "$SHARED_BENCH/lib.sh"                  # DATA_DIR, median, calc, now

exec > >(tee "$RESULTS") 2>&1
section() { printf '\n===== %s [%s] =====\n' "$*" "$(date +%T)"; }

section "machine"
echo "date:   $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "host:   nproc=$(nproc), mem=$(free -h | awk '/^Mem:/ {print $2}'), kernel=$(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "disk:   $(df -h --output=source,fstype,size "${TMPDIR:-/tmp}" | tail -1)"
echo "tools:  $(curl --version | head -1 | cut -d' ' -f1-2), dotnet $(dotnet --version)"
echo "commit: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo n/a)$(git -C "$REPO" diff --quiet 2>/dev/null || echo ' (dirty)')"

section "build"
DATA_DIR=$DATA_DIR "$SHARED_BENCH/gen_data.sh" >/dev/null
DATA=$DATA_DIR/1g.bin
PUBLISH=${TMPDIR:-/tmp}/bitslite-bench-driver
# Retried: in a working tree that others build at the same time, a plain restore can replace the RID-specific assets.
for attempt in 1 2 3; do
  dotnet publish "$REPO/bench/BitsLite.Bench" -c Release --use-current-runtime --self-contained false \
    -p:PublishReadyToRun=true -o "$PUBLISH" -nologo -v q && break
  [ "$attempt" = 3 ] && exit 1; sleep 5
done
DRIVER=$PUBLISH/bitslite-bench
dotnet build "$REPO/src/BitsLite.UploadServer" -c Release -nologo -v q
SERVER=$REPO/src/BitsLite.UploadServer/bin/Release/net10.0/bitslite-upload-server

# One server for the run, receiving into a scratch directory on the same disk as the data.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bitslite-bench-upload.XXXXXX")
"$SERVER" --urls "http://127.0.0.1:$PORT" --directory "$WORK/in" --max-size 2G >"$WORK/server.out" 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do grep -qs listening "$WORK/server.out" && break; sleep 0.1; done
grep -q listening "$WORK/server.out" || { cat "$WORK/server.out"; echo "FAIL: the upload server did not start"; exit 1; }
URL=http://127.0.0.1:$PORT/uploads
echo "server: $(head -1 "$WORK/server.out")"

section "1 GiB upload to bitslite-upload-server, interleaved, N=$N (own timing, cmp-verified)"
names=(curl-put bitslite-bits bitslite-put)
cmds=("curl -sS --fail -o /dev/null -T {file} {url}"
      "$(printf %q "$DRIVER") --upload $FRAGMENT --timings $(printf %q "$WORK/bits.timings") {file} {url}"
      "$(printf %q "$DRIVER") --put --timings $(printf %q "$WORK/put.timings") {file} {url}")
declare -A T
for run in $(seq "$N"); do
  for i in "${!names[@]}"; do
    name="${names[$i]}-$run.bin"; cmd=$(fill "${cmds[$i]}" file="$DATA" url="$URL/$name")
    t0=$(now); bash -c "$cmd" || { echo "FAIL: ${names[$i]} exited $?"; exit 1; }; t1=$(now)
    cmp -s "$WORK/in/$name" "$DATA" || { echo "FAIL: ${names[$i]}: the uploaded file differs"; exit 1; }
    rm -f "$WORK/in/$name"
    T[${names[$i]}]+="$(calc "$t1 - $t0") "; echo "run $run ${names[$i]}: ok ($(calc "$t1 - $t0") s)"
  done
done

printf '\n%-14s %8s %8s %8s %9s %8s\n' tool median_s min_s max_s MiB/s vs_curl
cm=$(tr ' ' '\n' <<<"${T[curl-put]}" | grep . | median)
for n in "${names[@]}"; do
  ts=$(tr ' ' '\n' <<<"${T[$n]}" | grep .); m=$(median <<<"$ts")
  printf '%-14s %8.3f %8.3f %8.3f %9.1f %8.2f\n' "$n" "$m" "$(sort -g <<<"$ts" | head -1)" \
    "$(sort -g <<<"$ts" | tail -1)" "$(calc "1073741824 / 1048576 / $m")" "$(calc "$cm / $m")"
done
# The driver's own split: process start-up, then Resume -> Transferred (what a warm host spends), then Complete.
for kind in bits put; do
  f=$WORK/$kind.timings
  printf 'bitslite-%s split (medians): start-up %.3f s, transfer %.3f s (%.2f x curl), complete %.3f s\n' "$kind" \
    "$(awk '{print $1}' "$f" | median)" "$(awk '{print $2}' "$f" | median)" \
    "$(calc "$cm / $(awk '{print $2}' "$f" | median)")" "$(awk '{print $3}' "$f" | median)"
done
echo; echo "results: $RESULTS"
