#!/usr/bin/env bash
# checkpoint.sh - what a progress checkpoint costs (every 2 s and every 64 MiB per active file, the engine records how
# far each file is on disk: JobStateChanger.Checkpoint -> the job store). Made to be run before and after the job
# store's redesign, with the same command; docs/benchmarks.md, "Progress checkpoints", has both sets of numbers.
#
#   write     bench/BitsLite.CheckpointBench, in process: one checkpoint's store write for a representative job (a
#             download of 4 files, a server and a proxy credential, 3 custom headers, a proxy list, a notification
#             program) against a real SQLite file that the engine's own JobStore opened (WAL, synchronous NORMAL).
#             ITERATIONS timed writes after a 2 s warm-up: median, p95, p99, max, mean; CPU and managed allocations per
#             write; bytes appended to jobs.db-wal per write. Exactly what is timed: EngineCheckpoint.cs, the only
#             file of the driver that uses the engine's internals (the one to change after the redesign).
#   transfer  the real bitslite-host: JOBS download jobs made with the real CLI (`bitslite create URL FILE
#             --max-bandwidth RATE`, with the same kinds of settings as above: 3 headers, --user and --proxy-user, a
#             proxy list bypassed for 127.0.0.1, --notify) of the shared harness's 1g.bin from nginx on loopback.
#             After WARMUP seconds of transfer, the host's utime + stime (/proc/PID/stat) and the jobs' bytes are read
#             at the start and end of a WINDOW-second steady window (no job starts or ends in it): host CPU seconds per
#             wall second and per MiB transferred. The jobs are then cancelled and the host stopped.
#
# Run from anywhere: `bash bench/checkpoint.sh` (about 3 minutes for RUNS=3, plus 1-2 minutes of build). Needs nginx
# (once, as root: ../shared/bench/setup.sh) unless PORT already serves the harness's data, curl and jq.
# Builds: the driver (Release, ReadyToRun), and the host and CLI published Release, ReadyToRun, framework-dependent
# (net10.0), as bench/host.sh does; AOT_DIR=DIR measures the NativeAOT host and CLI that bench/aot-publish.sh put
# in DIR instead.
# Env: RUNS (rounds, each one write run and one transfer run; default 3), ITERATIONS (timed writes per run, 2000),
# JOBS (4), RATE (per-job --max-bandwidth, 4M = 4 MiB/s), WARMUP (seconds, 5), WINDOW (seconds, 30),
# ONLY (subset of "write transfer"), PORT (18080: reused if it already serves the data, else nginx is started there
# and stopped at exit), AOT_DIR, SHARED_BENCH (default ../shared/bench beside the repository),
# RESULTS (default /tmp/bitslite-bench-checkpoint-<timestamp>.md).
# Each run's own table and the load average go to stderr as it goes; the Markdown report (medians of the runs) goes
# to stdout and RESULTS. Every host, home and server this script starts is stopped or deleted at exit.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
SHARED_BENCH=$(cd "${SHARED_BENCH:-$REPO/../shared/bench}" && pwd)
RUNS=${RUNS:-3}; ITERATIONS=${ITERATIONS:-2000}; JOBS=${JOBS:-4}; RATE=${RATE:-4M}
WARMUP=${WARMUP:-5}; WINDOW=${WINDOW:-30}; ONLY=${ONLY:-write transfer}; PORT=${PORT:-18080}
RESULTS=${RESULTS:-/tmp/bitslite-bench-checkpoint-$(date +%Y%m%d-%H%M%S).md}
source "$SHARED_BENCH/lib.sh" # DATA_DIR, median, calc
wants() { [[ " $ONLY " == *" $1 "* ]]; }
fixed() { awk "BEGIN { printf \"%.$1f\", $2 }"; } # fixed DECIMALS EXPR
load() { cut -d' ' -f1 /proc/loadavg; }
log() { echo "checkpoint.sh: $* [$(date +%T), load $(load)]" >&2; }

BUILD=$(mktemp -d "${TMPDIR:-/tmp}/blcp-build.XXXXXX")
SERVER_PID=""; HOST_PID=""; HOME_DIR=""; CLI=""
cleanup() {
  if [ -n "$HOST_PID" ] && [ -d "/proc/$HOST_PID" ]; then
    BITSLITE_HOME=$HOME_DIR "$CLI" host stop >/dev/null 2>&1 || kill "$HOST_PID" 2>/dev/null || true
  fi
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$BUILD"
}
trap cleanup EXIT

publish() { # project output-dir; retried once: someone's concurrent restore of a shared project can break a RID publish
  local args=("$REPO/$1" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$2" -nologo -v q)
  dotnet publish "${args[@]}" >&2 || { log "publishing $1 failed; retrying once"; sleep 5; dotnet publish "${args[@]}" >&2; }
}

log "building"
if wants write; then publish bench/BitsLite.CheckpointBench "$BUILD/driver"; fi
if wants transfer; then
  if [ -n "${AOT_DIR:-}" ]; then
    APP=$(cd "$AOT_DIR" && pwd); BUILD_KIND="NativeAOT, bench/aot-publish.sh ($APP)"
  else
    APP=$BUILD/app; BUILD_KIND="Release, ReadyToRun, framework-dependent (net10.0)"
    publish src/BitsLite.Host "$APP"; publish src/BitsLite.Cli "$APP"
  fi
  CLI=$APP/bitslite
  [ -x "$CLI" ] && [ -x "$APP/bitslite-host" ] || { echo "checkpoint.sh: no bitslite and bitslite-host in '$APP'" >&2; exit 2; }
  DATA_DIR=$DATA_DIR "$SHARED_BENCH/gen_data.sh" >/dev/null
  URL=http://127.0.0.1:$PORT/1g.bin
  if ! curl -sf -o /dev/null "http://127.0.0.1:$PORT/SHA256SUMS"; then
    line=$("$SHARED_BENCH/serve.sh" "$PORT" 2>/dev/null); SERVER_PID=${line%% *}
  fi
  [ "$(curl -sfI "$URL" | tr -d '\r' | awk 'tolower($1) == "content-length:" {print $2}')" = $((1 << 30)) ] ||
    { echo "checkpoint.sh: $URL is not the harness's 1 GiB file" >&2; exit 2; }
fi
TICKS=$(getconf CLK_TCK)
# Only this script's own host: its home is given by BITSLITE_HOME, and without XDG_RUNTIME_DIR (where a user's own host
# keeps its socket) the socket is in that home too.
unset XDG_RUNTIME_DIR
export BITSLITE_HOST_PATH=${APP:-}/bitslite-host BITSLITE_IDLE_TIMEOUT=0

# write RUN: one driver run; its RESULT line goes to $BUILD/write.RUN.
write_run() {
  log "write run $1: $ITERATIONS checkpoint writes"
  "$BUILD/driver/bitslite-checkpointbench" --iterations "$ITERATIONS" --work "$BUILD" | tee "$BUILD/write.$1.out" >&2
  grep '^RESULT ' "$BUILD/write.$1.out" | cut -d' ' -f2- | tr ' ' '\n' >"$BUILD/write.$1"
}

host_cpu() { awk -v hz="$TICKS" '{printf "%.2f\n", ($14 + $15) / hz}' "/proc/$HOST_PID/stat"; }
jobs_bytes() { "$CLI" list --json | jq '[.[].bytesTransferred] | add'; }
jobs_states() { "$CLI" list --json | jq -r '[.[].state] | unique | join(",")'; }
wal_size() { stat -c %s "$HOME_DIR/jobs.db-wal" 2>/dev/null || echo 0; }

# transfer RUN: a fresh 0700 home and host, JOBS throttled jobs, one steady window; key=value lines to $BUILD/transfer.RUN.
transfer_run() {
  local run=$1 work; work=$(mktemp -d "$BUILD/t$run.XXXX") # mktemp -d: 0700
  HOME_DIR=$work/home; export BITSLITE_HOME=$HOME_DIR
  mkdir -m 0700 "$HOME_DIR" "$work/dl"
  printf '#!/bin/sh\nexit 0\n' >"$work/notify.sh"; chmod 0700 "$work/notify.sh"
  local started; started=$("$CLI" host start)
  HOST_PID=$(grep -o 'process [0-9]*' <<<"$started" | cut -d' ' -f2)
  log "transfer run $run: host $HOST_PID, $JOBS jobs at --max-bandwidth $RATE each"
  local ids=() j
  for j in $(seq "$JOBS"); do
    ids+=("$(BITSLITE_PASSWORD="server secret $j" BITSLITE_PROXY_PASSWORD="proxy secret $j" "$CLI" create "$URL" "$work/dl/job$j.bin" \
      --name "checkpoint-$j" --max-bandwidth "$RATE" -H "Authorization: Bearer 9f86d081884c7d659a2feaa0c55ad015" -H "X-Request-Source: nightly-sync" \
      -H "Accept-Language: en-GB" --user "mirror-sync" --proxy-user 'CORP\ann' --proxy "proxy1.corp.example:3128,proxy2.corp.example:3128" \
      --proxy-bypass 127.0.0.1 --notify "$work/notify.sh" --notify-arg "job$j" --json | jq -r .id)")
  done
  sleep "$WARMUP"
  local states; states=$(jobs_states)
  [ "$states" = Transferring ] || { echo "checkpoint.sh: after ${WARMUP}s the jobs are $states, not all Transferring" >&2; exit 1; }

  local bytes0 cpu0 t0 wal0 bytes1 cpu1 t1 wal1 second prev_cpu prev_t cpu t rates=()
  bytes0=$(jobs_bytes); cpu0=$(host_cpu); t0=$EPOCHREALTIME; wal0=$(wal_size)
  prev_cpu=$cpu0; prev_t=$t0
  for second in $(seq "$WINDOW"); do
    sleep 1
    cpu=$(host_cpu); t=$EPOCHREALTIME
    rates+=("$(fixed 3 "($cpu - $prev_cpu) / ($t - $prev_t)")"); prev_cpu=$cpu; prev_t=$t
  done
  bytes1=$(jobs_bytes); cpu1=$(host_cpu); t1=$EPOCHREALTIME; wal1=$(wal_size)
  states=$(jobs_states)
  [ "$states" = Transferring ] || { echo "checkpoint.sh: at the window's end the jobs are $states, not all Transferring" >&2; exit 1; }
  local rss; rss=$(awk '/^VmRSS/ {print $2}' "/proc/$HOST_PID/status")

  "$CLI" cancel "${ids[@]}" >/dev/null
  "$CLI" host stop >&2
  [ ! -d "/proc/$HOST_PID" ] || { echo "checkpoint.sh: host $HOST_PID still running after host stop" >&2; exit 1; }
  HOST_PID=""
  rm -rf "$work"

  local wall mib; wall=$(calc "$t1 - $t0"); mib=$(calc "($bytes1 - $bytes0) / 1048576")
  {
    echo "wall_s=$(fixed 2 "$wall")"
    echo "mib_s=$(fixed 2 "$mib / $wall")"
    echo "cpu_per_s=$(fixed 4 "($cpu1 - $cpu0) / $wall")"
    echo "cpu_ms_per_mib=$(fixed 2 "($cpu1 - $cpu0) * 1000 / $mib")"
    echo "cpu_s=$(fixed 2 "$cpu1 - $cpu0")"
    echo "cpu_per_s_min=$(printf '%s\n' "${rates[@]}" | sort -g | head -1)"
    echo "cpu_per_s_max=$(printf '%s\n' "${rates[@]}" | sort -g | tail -1)"
    # The WAL only grows in a window (a fresh store; SQLite wraps it after ~1,000 pages, i.e. after several minutes here).
    echo "wal_bytes_per_s=$( ((wal1 >= wal0)) && fixed 0 "($wal1 - $wal0) / $wall" || echo n/a)"
    echo "rss_mib=$(fixed 1 "$rss / 1024")"
    echo "load=$(load)"
  } >"$BUILD/transfer.$run"
  sed 's/^/  /' "$BUILD/transfer.$run" >&2
}

for run in $(seq "$RUNS"); do
  if wants write; then write_run "$run"; fi
  if wants transfer; then transfer_run "$run"; fi
done

# value KIND KEY: the runs' values, comma-separated; med KIND KEY: their median.
value() { local r; for r in $(seq "$RUNS"); do grep "^$2=" "$BUILD/$1.$r" | cut -d= -f2; done | paste -sd, | sed 's/,/, /g'; }
med() { # with as many decimals as the runs' values have
  local r values decimals
  values=$(for r in $(seq "$RUNS"); do grep "^$2=" "$BUILD/$1.$r" | cut -d= -f2; done)
  if grep -qv '^[0-9.]*$' <<<"$values"; then echo n/a; return; fi
  decimals=$(head -1 <<<"$values" | awk -F. '{print (NF > 1 ? length($2) : 0)}')
  fixed "$decimals" "$(median <<<"$values")"
}
row() { echo "| $1 | $(med "$2" "$3") | $(value "$2" "$3") |"; }

{
  echo "## Progress checkpoints"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo n/a)$(git -C "$REPO" diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -h | awk '/^Mem:/ {print $2}') RAM, kernel $(uname -r), $(. /etc/os-release && echo "$PRETTY_NAME"), $(df --output=fstype "${TMPDIR:-/tmp}" | tail -1) under ${TMPDIR:-/tmp}"
  echo "- .NET SDK $(dotnet --version); command: \`RUNS=$RUNS ITERATIONS=$ITERATIONS JOBS=$JOBS RATE=$RATE WARMUP=$WARMUP WINDOW=$WINDOW ONLY=\"$ONLY\"${AOT_DIR:+ AOT_DIR=$AOT_DIR} bash bench/checkpoint.sh\`"
  echo "- 1-minute load average at the end: $(load); each run's is in its row"
  echo
  echo "| measure | median of $RUNS runs | each run |"
  echo "|---|---:|---|"
  if wants write; then
    row "checkpoint write, median (µs)" write median_us
    row "checkpoint write, p95 (µs)" write p95_us
    row "checkpoint write, p99 (µs)" write p99_us
    row "checkpoint write, mean incl. SQLite's WAL checkpoints (µs)" write mean_us
    row "CPU per checkpoint write (µs)" write cpu_us
    row "managed allocations per checkpoint write (bytes)" write alloc_bytes
    row "bytes appended to jobs.db-wal per checkpoint write" write wal_bytes
    row "WAL frames (pages) per checkpoint write" write wal_frames
    row "load average (write runs)" write load
  fi
  if wants transfer; then
    row "$JOBS jobs × $RATE/s: host CPU seconds per wall second" transfer cpu_per_s
    row "↳ host CPU ms per MiB transferred" transfer cpu_ms_per_mib
    row "↳ per-second samples, lowest" transfer cpu_per_s_min
    row "↳ per-second samples, highest" transfer cpu_per_s_max
    row "↳ MiB/s transferred (all jobs)" transfer mib_s
    row "↳ host's WAL bytes appended per second" transfer wal_bytes_per_s
    row "↳ host RSS at the window's end (MiB)" transfer rss_mib
    row "load average (transfer runs)" transfer load
  fi
  if wants transfer; then
    echo
    echo "Host and CLI: $BUILD_KIND. Window: ${WINDOW} s, starting ${WARMUP} s after the jobs were created."
  fi
} | tee "$RESULTS"
echo "checkpoint.sh: report saved to $RESULTS" >&2
