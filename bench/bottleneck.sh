#!/usr/bin/env bash
# bottleneck.sh - does a Low priority download keep a shared bottleneck responsive? Root only (network namespaces).
# Runs ../shared/bench/netns_bottleneck.sh (20 Mbit/s tbf with a 500 ms buffer, +40 ms RTT, cubic sender) twice:
# with curl, then with `bitslite create --priority low` (bench/bottleneck-job.sh). Each run pings the server from the
# client namespace while idle and during the download. Prints both outputs and a summary: RTT added by each
# (p95 under load less the idle median), bitslite's share of curl's, and bitslite's use of the link.
# Bars (docs/benchmarks.md): bitslite uses >= 80 % of the link alone, and adds <= 25 % of the p95 RTT curl adds.
# Env: SECS (per phase, default 15), RATE_MBIT, DELAY_MS, BUFFER_MS, CC (passed to the harness), RUNS (bitslite runs,
# default 1), SHARED_BENCH, BITSLITE_BACKOFF* (the host's back-off settings, see README), NO_CURL=1 (skip the curl run),
# YIELD_SECS (cross traffic: curl runs beside the job from 4 s on for that long, and its rate is printed),
# AOT_DIR (use the bitslite and bitslite-host that bench/aot-publish.sh put there instead of a ReadyToRun build).
# Everything it starts (namespaces, nginx, the host) is stopped at exit.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
SHARED_BENCH=$(cd "${SHARED_BENCH:-$REPO/../shared/bench}" && pwd)
[ "$(id -u)" = 0 ] || { echo "bottleneck.sh: needs root (network namespaces)" >&2; exit 1; }
export SECS=${SECS:-15}; RUNS=${RUNS:-1}
BUILD=$(mktemp -d "${TMPDIR:-/tmp}/bitslite-bottleneck.XXXXXX")
export BITSLITE_HOME=$BUILD/home BITSLITE_HOST_PATH=$BUILD/host/bitslite-host BITSLITE_CLI=$BUILD/cli/bitslite
export LINK_MBIT=${RATE_MBIT:-20} YIELD_SECS=${YIELD_SECS:-}
unset XDG_RUNTIME_DIR   # the socket goes under BITSLITE_HOME, never to a host outside the namespace
cleanup() {
  # The job script stops its host; this is for an interrupted run. A Unix socket is reachable from outside the namespace.
  [ -x "$BITSLITE_CLI" ] && "$BITSLITE_CLI" host stop >/dev/null 2>&1 || true
  rm -rf "$BUILD"
}
trap cleanup EXIT

publish() {   # ReadyToRun, as the product ships; retried once, as someone's concurrent build may break a restore
  local args=("$REPO/$1" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$2" -nologo -v q)
  dotnet publish "${args[@]}" >"$BUILD/publish.log" 2>&1 || { sleep 5; dotnet publish "${args[@]}" >"$BUILD/publish.log" 2>&1; } ||
    { tail -20 "$BUILD/publish.log"; echo "bottleneck.sh: publishing $1 failed" >&2; exit 1; }
}
if [ -n "${AOT_DIR:-}" ]; then   # an install published with bench/aot-publish.sh, instead of building here
  AOT_DIR=$(cd "$AOT_DIR" && pwd)
  [ -x "$AOT_DIR/bitslite" ] && [ -x "$AOT_DIR/bitslite-host" ] || { echo "bottleneck.sh: no bitslite and bitslite-host in AOT_DIR '$AOT_DIR'" >&2; exit 2; }
  export BITSLITE_HOST_PATH=$AOT_DIR/bitslite-host BITSLITE_CLI=$AOT_DIR/bitslite
  echo "using the NativeAOT build in $AOT_DIR"
else
  echo "building (Release, ReadyToRun) ..."
  publish src/BitsLite.Cli "$BUILD/cli"; publish src/BitsLite.Host "$BUILD/host"
fi

echo "machine: $(nproc) vCPU, kernel $(uname -r), $(dotnet --version), commit $(git -C "$REPO" rev-parse --short HEAD)$(git -C "$REPO" diff --quiet -- src || echo ' (src dirty)'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "back-off: ${BITSLITE_BACKOFF:-on (default)} target=${BITSLITE_BACKOFF_TARGET:-default} gain=${BITSLITE_BACKOFF_GAIN:-default} floor=${BITSLITE_BACKOFF_FLOOR:-default}"
LOG=$BUILD/runs.log
if [ -z "${NO_CURL:-}" ]; then
  echo; echo "== curl"; "$SHARED_BENCH/netns_bottleneck.sh" 2>&1 | tee -a "$LOG" | sed 's/^/curl | /'
fi
for run in $(seq "$RUNS"); do
  rm -rf "$BITSLITE_HOME"; mkdir -m 700 "$BITSLITE_HOME"   # a data root must be owner-only: the host refuses any other
  echo; echo "== bitslite (run $run)"
  "$SHARED_BENCH/netns_bottleneck.sh" "$REPO/bench/bottleneck-job.sh {url} {out}" 2>&1 | tee -a "$LOG" | sed 's/^/bitslite | /'
done

echo; echo "== summary (added RTT = p95 under load - idle median)"
awk '
  /^idle/        { for (i = 1; i <= NF; i++) if ($i ~ /^median=/) { split($i, a, "="); idle = (a[2] == "" ? $(i+1) : a[2]) } }
  /^under load/  { for (i = 1; i <= NF; i++) { if ($i ~ /^median=/) { split($i, a, "="); med = (a[2] == "" ? $(i+1) : a[2]) }
                                               if ($i ~ /^p95=/) { split($i, a, "="); p95 = (a[2] == "" ? $(i+1) : a[2]) } } }
  /^bitslite:/   { util = $0 }
  /^tbf:/        { n++; tool = (util == "" ? "curl" : "bitslite");
                   printf "%-9s idle median %6.1f ms | under load median %6.1f, p95 %6.1f ms | added p95 %6.1f ms\n", tool, idle, med, p95, p95 - idle
                   if (tool == "curl") curl_added = p95 - idle; else { sum += p95 - idle; runs++ }
                   if (util != "") print "          " util; util = "" }
  END { if (curl_added > 0 && runs > 0) printf "bitslite added p95 / curl added p95 = %.0f %% (mean of %d run(s); bar <= 25 %%)\n", 100 * sum / runs / curl_added, runs }
' "$LOG"
