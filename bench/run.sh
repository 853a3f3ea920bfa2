#!/usr/bin/env bash
# run.sh - BitsLite benchmarks against curl/wget/aria2c using the shared harness.
# Run from anywhere: `bash bench/run.sh` (repo root). Needs the shared harness set up once
# (as root: ../shared/bench/setup.sh). Takes about 13 minutes with the defaults.
# Env: N (1 GiB harness runs, default 5), FSYNC_N (curl/curl+fsync/bitslite interleaved runs,
# default N), THROTTLE_N (per-job limit runs, default 3), THROTTLE_BG_N (background-limit runs,
# default 1: the harness re-runs the peers too), SMALL_N (many-small-files runs, default 5), SHARED_BENCH, PORT,
# RESULTS (results file, default /tmp/bitslite-bench-results-<timestamp>.txt),
# ONLY (space-separated subset of: download download-fsync throttle throttle-bg small; default all).
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
SHARED_BENCH=$(cd "${SHARED_BENCH:-$(dirname "$0")/../../shared/bench}" && pwd)
N=${N:-5}; FSYNC_N=${FSYNC_N:-$N}; THROTTLE_N=${THROTTLE_N:-3}; THROTTLE_BG_N=${THROTTLE_BG_N:-1}; SMALL_N=${SMALL_N:-5}
RESULTS=${RESULTS:-/tmp/bitslite-bench-results-$(date +%Y%m%d-%H%M%S).txt}
source "$SHARED_BENCH/lib.sh"                  # ensure_server, fill, median, calc, now, DATA_DIR, BASE

exec > >(tee "$RESULTS") 2>&1
section() { printf '\n===== %s [%s] =====\n' "$*" "$(date +%T)"; }
want() { [ -z "${ONLY:-}" ] || [[ " $ONLY " == *" $1 "* ]]; }

section "machine"
echo "date:   $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "host:   nproc=$(nproc), mem=$(free -h | awk '/^Mem:/ {print $2}'), kernel=$(uname -r)"
echo "disk:   $(df -h --output=source,fstype,size "$DATA_DIR" | tail -1)"
echo "tools:  $(curl --version | head -1 | cut -d' ' -f1-2), $(wget --version | head -1 | cut -d' ' -f1-3), $(aria2c --version | head -1), $(nginx -v 2>&1)"
echo "dotnet: $(dotnet --version)"
echo "commit: $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo n/a)$(git -C "$REPO" diff --quiet 2>/dev/null || echo ' (dirty)')"

section "build"
# ReadyToRun, as the product ships: the driver's start-up (JIT) is not what is being measured.
PUBLISH=${TMPDIR:-/tmp}/bitslite-bench-driver
dotnet publish "$REPO/bench/BitsLite.Bench" -c Release --use-current-runtime --self-contained false \
  -p:PublishReadyToRun=true -o "$PUBLISH" -nologo -v q
DRIVER=$PUBLISH/bitslite-bench
[ -x "$DRIVER" ] || { echo "driver not found: $DRIVER"; exit 1; }
D=$(printf %q "$DRIVER")

# One server for the whole run (the harness scripts reuse it); stop it only if we started it.
SMALL_OUT=$(mktemp -d "${TMPDIR:-/tmp}/bitslite-bench-small.XXXXXX")
ensure_server
trap '[ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$SMALL_OUT"' EXIT

want download && section "1 GiB download, N=$N (product = bitslite-bench; it fsyncs before Transferred)"
want download && N=$N "$SHARED_BENCH/bench_download.sh" "$D {url} {out}"

fsync_cmp() {
section "1 GiB download, curl vs curl+fsync vs bitslite-bench, interleaved, N=$FSYNC_N (own timing, cmp-verified)"
local out=$OUT_DIR/fsync.bin url=$BASE/1g.bin names=(curl curl+fsync bitslite) run i t0 t1 cmd
local timings=$OUT_DIR/timings.txt; rm -f "$timings"
local cmds=("curl -sS --fail -o {out} {url}" "$(printf %q "$BENCH_DIR/curl-fsync.sh") {url} {out}" "$D --timings $(printf %q "$timings") {url} {out}")
declare -A FT; mkdir -p "$OUT_DIR"
for run in $(seq "$FSYNC_N"); do
  for i in "${!names[@]}"; do
    rm -f "$out"; cmd=$(fill "${cmds[$i]}" url="$url" out="$out")
    t0=$(now); bash -c "$cmd" || { echo "FAIL: ${names[$i]} exited $?"; exit 1; }; t1=$(now)
    cmp -s "$out" "$DATA_DIR/1g.bin" || { echo "FAIL: ${names[$i]} output differs"; exit 1; }
    FT[${names[$i]}]+="$(calc "$t1 - $t0") "; echo "run $run ${names[$i]}: ok ($(calc "$t1 - $t0") s)"
  done
done
rm -f "$out"
printf '\n%-11s %8s %8s %8s %9s %8s %13s\n' tool median_s min_s max_s MiB/s vs_curl vs_curl+fsync
local cm fm m ts n
cm=$(tr ' ' '\n' <<<"${FT[curl]}" | grep . | median); fm=$(tr ' ' '\n' <<<"${FT[curl+fsync]}" | grep . | median)
for n in "${names[@]}"; do
  ts=$(tr ' ' '\n' <<<"${FT[$n]}" | grep .); m=$(median <<<"$ts")
  printf '%-11s %8.3f %8.3f %8.3f %9.1f %8.2f %13.2f\n' "$n" "$m" "$(sort -g <<<"$ts" | head -1)" \
    "$(sort -g <<<"$ts" | tail -1)" "$(calc "1073741824 / 1048576 / $m")" "$(calc "$cm / $m")" "$(calc "$fm / $m")"
done
# The driver's own split: process start-up, then Resume -> Transferred (what a warm host spends), then Complete.
local su tr co
su=$(awk '{print $1}' "$timings" | median); tr=$(awk '{print $2}' "$timings" | median); co=$(awk '{print $3}' "$timings" | median)
printf '\nbitslite split (medians): start-up %.3f s, transfer %.3f s (%.1f MiB/s, %.2f x curl, %.2f x curl+fsync), complete %.3f s\n' \
  "$su" "$tr" "$(calc "1073741824 / 1048576 / $tr")" "$(calc "$cm / $tr")" "$(calc "$fm / $tr")" "$co"
}
if want download-fsync; then fsync_cmp; fi

want throttle && section "throttle, per-job limit: --max-bandwidth {rate}, N=$THROTTLE_N"
want throttle && N=$THROTTLE_N "$SHARED_BENCH/bench_throttle.sh" "$D --max-bandwidth {rate} {url} {out}"

want throttle-bg && section "throttle, shared background limit: --priority Normal --background-bandwidth {rate}, N=$THROTTLE_BG_N"
want throttle-bg && N=$THROTTLE_BG_N "$SHARED_BENCH/bench_throttle.sh" "$D --priority Normal --background-bandwidth {rate} {url} {out}"

small() {
section "many small files: 1,000 x 64 KiB, N=$SMALL_N"
mapfile -t FILES < <(cd "$DATA_DIR/small" && ls | sort)
[ "${#FILES[@]}" -eq 1000 ] || { echo "expected 1000 files in $DATA_DIR/small, found ${#FILES[@]}"; exit 1; }
TOTAL=$(cat "$DATA_DIR"/small/* | wc -c)
SUMS=$SMALL_OUT/SHA256SUMS; awk '$2 ~ /^small\// {sub(/^small\//, "", $2); print $1 "  " $2}' "$DATA_DIR/SHA256SUMS" > "$SUMS"
[ "$(wc -l < "$SUMS")" -eq 1000 ] || { echo "SHA256SUMS has no 1000 small/ entries"; exit 1; }
LIST=$SMALL_OUT/urls.txt; CURLCFG=$SMALL_OUT/curl.cfg; ARGS=()
: > "$LIST"; : > "$CURLCFG"
for f in "${FILES[@]}"; do
  echo "$BASE/small/$f" >> "$LIST"
  printf 'url = "%s"\noutput = "%s"\n' "$BASE/small/$f" "$SMALL_OUT/out/$f" >> "$CURLCFG"
  ARGS+=("$BASE/small/$f" "$SMALL_OUT/out/$f")
done
ARIA="aria2c -q --allow-overwrite=true --auto-file-renaming=false -d $(printf %q "$SMALL_OUT/out") -i $(printf %q "$LIST")"
SNAMES=(bitslite aria2c-j16 aria2c-j1 curl-par16 curl-seq)
SCMDS=("$D ${ARGS[*]@Q}" "$ARIA -j16 -x1" "$ARIA -j1 -x1"
       "curl -sS --no-progress-meter --fail --parallel --parallel-max 16 -K $(printf %q "$CURLCFG")" "curl -sS --fail -K $(printf %q "$CURLCFG")")
declare -A ST
for run in $(seq "$SMALL_N"); do
  for i in "${!SNAMES[@]}"; do
    rm -rf "$SMALL_OUT/out"; mkdir -p "$SMALL_OUT/out"
    t0=$(now); bash -c "${SCMDS[$i]}" || { echo "FAIL: ${SNAMES[$i]} exited $?"; exit 1; }; t1=$(now)
    (cd "$SMALL_OUT/out" && sha256sum -c --quiet --strict "$SUMS") || { echo "FAIL: ${SNAMES[$i]} sha256 mismatch"; exit 1; }
    [ "$(ls "$SMALL_OUT/out" | wc -l)" -eq 1000 ] || { echo "FAIL: ${SNAMES[$i]} wrong file count"; exit 1; }
    ST[${SNAMES[$i]}]+="$(calc "$t1 - $t0") "; echo "run $run ${SNAMES[$i]}: ok ($(calc "$t1 - $t0") s)"
  done
done
printf '\n1,000 files, %s bytes, N=%s, sha256 verified for every file of every run\n' "$TOTAL" "$SMALL_N"
printf '%-11s %8s %8s %8s %9s %8s %10s\n' tool median_s min_s max_s files/s MiB/s vs_aria16
am=$(tr ' ' '\n' <<<"${ST[aria2c-j16]}" | grep . | median)
for n in "${SNAMES[@]}"; do
  ts=$(tr ' ' '\n' <<<"${ST[$n]}" | grep .); m=$(median <<<"$ts")
  printf '%-11s %8.3f %8.3f %8.3f %9.0f %8.1f %10.2f\n' "$n" "$m" "$(sort -g <<<"$ts" | head -1)" \
    "$(sort -g <<<"$ts" | tail -1)" "$(calc "1000 / $m")" "$(calc "$TOTAL / 1048576 / $m")" "$(calc "$am / $m")"
done
}
if want small; then small; fi
printf '\nfinished %s; results: %s\n' "$(date +%T)" "$RESULTS"
