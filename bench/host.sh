#!/usr/bin/env bash
# host.sh - bitslite-host benchmarks: cold start (no host running) to the first `list` answer; the idle host's
# memory, CPU and wake-ups over a minute; a store of 100,000 jobs: host start-up and full listings.
# Run from anywhere: `bash bench/host.sh` (no root, no network, no shared harness). It publishes the host
# ReadyToRun (as the product ships), the `bitslite` CLI (optional: skipped if it does not build), and the
# driver bench/BitsLite.HostBench, then runs the modes and prints a Markdown report (also saved to RESULTS).
# 15-20 minutes on 2 cores: 8-10 of them seed the store through the engine (see STORE), 2 watch idle hosts.
# Env: RUNS (cold starts, default 20), JOBS (stored jobs, default 100000), IDLE_SECONDS (default 60),
# LIST_RUNS (full listings per host start, default 5), HOST_STARTS (host starts on the big store, default 3),
# ONLY (space-separated subset of: cold-start idle list; default all), NO_CLI=1 (leave the CLI out),
# STORE (a file: keep the seeded store there and reuse it on later runs; seeding 100,000 jobs takes minutes),
# RESULTS (default /tmp/bitslite-host-bench-<timestamp>.md), FULL=1 (list whole snapshots with their files
# instead of the summaries tables use).
# NativeAOT in the same run: AOT=1 also publishes the host and CLI as NativeAOT (bench/aot-publish.sh, 3-5 more
# minutes) and runs every mode against them after the JIT build; AOT_DIR=DIR does the same with an already published
# directory (its bitslite-host and bitslite); NO_JIT=1 then leaves the JIT build out. Both builds share one seeded store.
# Every host the driver starts is stopped and every temporary home deleted; the build output goes at exit.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-20}; JOBS=${JOBS:-100000}; IDLE_SECONDS=${IDLE_SECONDS:-60}; LIST_RUNS=${LIST_RUNS:-5}; HOST_STARTS=${HOST_STARTS:-3}
ONLY=${ONLY:-cold-start idle list}
RESULTS=${RESULTS:-/tmp/bitslite-host-bench-$(date +%Y%m%d-%H%M%S).md}
BUILD=$(mktemp -d "${TMPDIR:-/tmp}/bitslite-hostbench-build.XXXXXX")
trap 'rm -rf "$BUILD"' EXIT

publish() { # project output-dir; retried once: a concurrent restore of a shared project (someone's plain build) can break a RID publish
  local args=("$REPO/$1" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$2" -nologo -v q)
  dotnet publish "${args[@]}" || { echo "publishing $1 failed; retrying once" >&2; sleep 5; dotnet publish "${args[@]}"; }
}

ASKED="RUNS=$RUNS JOBS=$JOBS IDLE_SECONDS=$IDLE_SECONDS LIST_RUNS=$LIST_RUNS HOST_STARTS=$HOST_STARTS ONLY=\"$ONLY\"${STORE:+ STORE=$STORE}${FULL:+ FULL=1}${NO_CLI:+ NO_CLI=1}${AOT:+ AOT=1}${AOT_DIR:+ AOT_DIR=$AOT_DIR}${NO_JIT:+ NO_JIT=1}"
if [ -n "${AOT:-}" ] && [ -z "${AOT_DIR:-}" ]; then
  AOT_DIR="$BUILD/aot"
  bash "$REPO/bench/aot-publish.sh" "$AOT_DIR" >&2
fi
if [ -n "${AOT_DIR:-}" ]; then
  AOT_DIR=$(cd "$AOT_DIR" && pwd)
  [ -x "$AOT_DIR/bitslite-host" ] || { echo "host.sh: no bitslite-host in AOT_DIR '$AOT_DIR'" >&2; exit 2; }
fi
if [ -n "${NO_JIT:-}" ] && [ -z "${AOT_DIR:-}" ]; then
  echo "host.sh: NO_JIT=1 needs AOT=1 or AOT_DIR" >&2; exit 2
fi

echo "building (Release, ReadyToRun) ..." >&2
if [ -z "${NO_JIT:-}" ]; then publish src/BitsLite.Host "$BUILD/host" >&2; fi
publish bench/BitsLite.HostBench "$BUILD/driver" >&2
EXTRA_ARGS=()
# Two builds measured: one seeded store for both (seeding takes minutes), deleted with the build output unless STORE is set.
if [ -z "${STORE:-}" ] && [ -n "${AOT_DIR:-}" ] && [ -z "${NO_JIT:-}" ]; then STORE="$BUILD/store.db"; fi
if [ -n "${STORE:-}" ]; then EXTRA_ARGS+=(--store "$STORE"); fi
if [ -n "${FULL:-}" ]; then EXTRA_ARGS+=(--full); fi
JIT_CLI=()
if [ -z "${NO_CLI:-}" ] && [ -z "${NO_JIT:-}" ]; then
  if publish src/BitsLite.Cli "$BUILD/cli" >"$BUILD/cli-build.log" 2>&1 && [ -x "$BUILD/cli/bitslite" ]; then
    JIT_CLI=(--cli "$BUILD/cli/bitslite")
  else
    echo "the CLI did not build; its timings are left out (see the last lines below)" >&2
    tail -5 "$BUILD/cli-build.log" >&2 || true
  fi
fi
AOT_CLI=()
if [ -z "${NO_CLI:-}" ] && [ -n "${AOT_DIR:-}" ] && [ -x "$AOT_DIR/bitslite" ]; then AOT_CLI=(--cli "$AOT_DIR/bitslite"); fi

{
  echo "## bitslite-host benchmarks"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo n/a)$(git -C "$REPO" diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -h | awk '/^Mem:/ {print $2}') RAM, kernel $(uname -r), $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "- .NET SDK $(dotnet --version); 1-minute load average at start: $(cut -d' ' -f1 /proc/loadavg)"
  echo "- command: \`$ASKED bash bench/host.sh\`$( [ "$(nice)" = 0 ] || echo " (niceness $(nice))")"
  echo
  if [ -z "${NO_JIT:-}" ]; then
    echo "## JIT: host and CLI published Release, ReadyToRun, framework-dependent (net10.0)"
    echo
    # shellcheck disable=SC2086 # ONLY is a list of modes
    "$BUILD/driver/bitslite-hostbench" --host "$BUILD/host/bitslite-host" "${JIT_CLI[@]}" "${EXTRA_ARGS[@]}" \
      --runs "$RUNS" --jobs "$JOBS" --idle-seconds "$IDLE_SECONDS" --list-runs "$LIST_RUNS" --host-starts "$HOST_STARTS" $ONLY
  fi
  if [ -n "${AOT_DIR:-}" ]; then
    echo "## NativeAOT: host and CLI published with bench/aot-publish.sh (net10.0, $AOT_DIR)"
    echo
    # The in-process stage breakdown of the list path runs the driver's own (JIT) engine: shown once, with the JIT build.
    NO_PIPELINE=(); if [ -z "${NO_JIT:-}" ]; then NO_PIPELINE=(--no-pipeline); fi
    # shellcheck disable=SC2086 # ONLY is a list of modes
    "$BUILD/driver/bitslite-hostbench" --host "$AOT_DIR/bitslite-host" "${AOT_CLI[@]}" "${EXTRA_ARGS[@]}" "${NO_PIPELINE[@]}" \
      --runs "$RUNS" --jobs "$JOBS" --idle-seconds "$IDLE_SECONDS" --list-runs "$LIST_RUNS" --host-starts "$HOST_STARTS" $ONLY
  fi
} | tee "$RESULTS"
echo "results: $RESULTS" >&2
