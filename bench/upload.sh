#!/usr/bin/env bash
# upload.sh - 1 GiB upload on loopback: curl -T (plain PUT) against BitsLite, all to the same bitslite-upload-server,
# interleaved, in one run; every upload is cmp-verified against the source and then deleted. BitsLite as a user runs
# it: the NativeAOT `bitslite transfer --upload` / `--put` (create, wait, complete) talking to a NativeAOT
# bitslite-host started once before the timed runs; and bitslite-bench --upload / --put (the engine in process,
# ReadyToRun), whose --timings split start-up from transfer time. Run from anywhere: `bash bench/upload.sh`.
# About 6 minutes with N=5, 3-5 of them the NativeAOT publish (AOT_DIR skips it).
# Env: N (runs per tool, default 5), PORT (default 18090), FRAGMENT (largest BITS fragment in bytes, default the
# engine's; the driver only), AOT_DIR (an already published bench/aot-publish.sh directory; default: publish one),
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
if [ -z "${AOT_DIR:-}" ]; then
  AOT_DIR=${TMPDIR:-/tmp}/bitslite-bench-upload-aot
  bash "$REPO/bench/aot-publish.sh" "$AOT_DIR"
fi
AOT_DIR=$(cd "$AOT_DIR" && pwd)
CLI=$AOT_DIR/bitslite
[ -x "$CLI" ] && [ -x "$AOT_DIR/bitslite-host" ] || { echo "FAIL: no bitslite and bitslite-host in AOT_DIR '$AOT_DIR'"; exit 1; }

# One server and one host for the run; the server receives into a scratch directory on the same disk as the data.
# The host gets a fresh data root there, and no XDG_RUNTIME_DIR (where a user's own host keeps its socket), so this
# script only ever starts, uses and stops its own host.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bitslite-bench-upload.XXXXXX")
export BITSLITE_HOME=$WORK/home BITSLITE_HOST_PATH=$AOT_DIR/bitslite-host BITSLITE_IDLE_TIMEOUT=0
unset XDG_RUNTIME_DIR
"$SERVER" --urls "http://127.0.0.1:$PORT" --directory "$WORK/in" --max-size 2G >"$WORK/server.out" 2>&1 &
SERVER_PID=$!
trap '"$CLI" host stop >/dev/null 2>&1; kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do grep -qs listening "$WORK/server.out" && break; sleep 0.1; done
grep -q listening "$WORK/server.out" || { cat "$WORK/server.out"; echo "FAIL: the upload server did not start"; exit 1; }
URL=http://127.0.0.1:$PORT/uploads
echo "server: $(head -1 "$WORK/server.out")"
# Started before the timed runs, as a background service is; BITSLITE_IDLE_TIMEOUT=0 keeps it up between them.
started=$("$CLI" host start); echo "host:   $started Data root: $BITSLITE_HOME"
HOST_PID=$(grep -o 'process [0-9]*' <<<"$started" | cut -d' ' -f2)

section "1 GiB upload to bitslite-upload-server, interleaved, N=$N (own timing, cmp-verified)"
# cli-*: what an admin runs, `bitslite transfer` (create the job, wait, complete it, as curl -T does in one go);
# --json keeps the job's own times, for the host's split below. driver-*: the engine in a fresh process.
names=(curl-put cli-bits cli-put driver-bits driver-put)
cmds=("curl -sS --fail -o /dev/null -T {file} {url}"
      "$(printf %q "$CLI") transfer --upload {file} {url} --json >{json}"
      "$(printf %q "$CLI") transfer --put {file} {url} --json >{json}"
      "$(printf %q "$DRIVER") --upload $FRAGMENT --timings $(printf %q "$WORK/bits.timings") {file} {url}"
      "$(printf %q "$DRIVER") --put --timings $(printf %q "$WORK/put.timings") {file} {url}")
declare -A T
# host_cpu: the host's CPU seconds so far (user + system). host_seconds JSON: the job's creation to Transferred, as
# the host recorded them.
TICKS=$(getconf CLK_TCK)
host_cpu() { awk -v hz="$TICKS" '{print ($14 + $15) / hz}' "/proc/$HOST_PID/stat"; }
host_seconds() { calc "$(date -d "$(jq -r .transferCompletionTime "$1")" +%s.%N) - $(date -d "$(jq -r .creationTime "$1")" +%s.%N)"; }
for run in $(seq "$N"); do
  echo "run $run: load $(cut -d' ' -f1-3 /proc/loadavg)"
  for i in "${!names[@]}"; do
    name="${names[$i]}-$run.bin"; json=$WORK/${names[$i]}-$run.json
    cmd=$(fill "${cmds[$i]}" file="$DATA" url="$URL/$name" json="$json")
    c0=$(host_cpu); t0=$(now); bash -c "$cmd" >"$WORK/out" 2>&1 || { rc=$?; cat "$WORK/out"; echo "FAIL: ${names[$i]} exited $rc"; exit 1; }; t1=$(now)
    cmp -s "$WORK/in/$name" "$DATA" || { echo "FAIL: ${names[$i]}: the uploaded file differs"; exit 1; }
    rm -f "$WORK/in/$name"
    t=$(calc "$t1 - $t0"); T[${names[$i]}]+="$t "; echo "run $run ${names[$i]}: ok ($t s)"
    if [ -f "$json" ]; then h=$(host_seconds "$json"); echo "$h $(calc "$t - $h") $(calc "$(host_cpu) - $c0")" >>"$WORK/${names[$i]}.timings"; fi
  done
done

printf '\n%-14s %8s %8s %8s %9s %8s\n' tool median_s min_s max_s MiB/s vs_curl
cm=$(tr ' ' '\n' <<<"${T[curl-put]}" | grep . | median)
for n in "${names[@]}"; do
  ts=$(tr ' ' '\n' <<<"${T[$n]}" | grep .); m=$(median <<<"$ts")
  printf '%-14s %8.3f %8.3f %8.3f %9.1f %8.2f\n' "$n" "$m" "$(sort -g <<<"$ts" | head -1)" \
    "$(sort -g <<<"$ts" | tail -1)" "$(calc "1073741824 / 1048576 / $m")" "$(calc "$cm / $m")"
done
# The CLI's split: in the host, the job's creation to Transferred; the rest is the CLI's own process, its requests
# (create, complete) and its wait for the Transferred event.
for kind in bits put; do
  f=$WORK/cli-$kind.timings
  printf 'cli-%s split (medians):    host create->Transferred %.3f s (%.2f x curl), the rest %.3f s; host CPU %.2f s\n' "$kind" \
    "$(awk '{print $1}' "$f" | median)" "$(calc "$cm / $(awk '{print $1}' "$f" | median)")" "$(awk '{print $2}' "$f" | median)" \
    "$(awk '{print $3}' "$f" | median)"
done
# The driver's own split: process start-up, then Resume -> Transferred (what a warm host spends), then Complete.
for kind in bits put; do
  f=$WORK/$kind.timings
  printf 'driver-%s split (medians): start-up %.3f s, transfer %.3f s (%.2f x curl), complete %.3f s\n' "$kind" \
    "$(awk '{print $1}' "$f" | median)" "$(awk '{print $2}' "$f" | median)" \
    "$(calc "$cm / $(awk '{print $2}' "$f" | median)")" "$(awk '{print $3}' "$f" | median)"
done
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo; echo "results: $RESULTS"
