#!/usr/bin/env bash
# faults.sh - the fault matrix: 100 MiB downloads through a fault-injecting server on 127.0.0.1 (the tests' FaultServer,
# hosted by bench/BitsLite.FaultBench), every scenario with curl, wget, aria2c and BitsLite at default settings in one
# run, interleaved; prints a Markdown table of median times and every run's verdict (OK, OK-v2, FAIL, CORRUPT).
# Run from anywhere: `bash bench/faults.sh` (no root; loopback only; needs curl, wget and aria2c:
# `apt-get install -y curl wget aria2`). It publishes bitslite and bitslite-host (Release, ReadyToRun, as they ship) and
# the driver, starts one host in a private BITSLITE_HOME before the first run (its start-up is not counted), and times
# `bitslite transfer URL OUT` from process start to exit, as it times the peers. About 5 minutes with N=3.
# Env: N (runs, default 3), SIZE (MiB, default 100), DROP_AT (MiB into a response where it breaks, default 10),
# TIME_LIMIT (seconds a run may take before it is killed and counts as FAIL, default 60), TOOLS (default
# curl,wget,aria2c,bitslite), SCENARIOS (comma-separated names, default all), RESULTS (default
# /tmp/bitslite-fault-bench-<timestamp>.md). The host is stopped and every temporary file deleted at the end.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-3}; SIZE=${SIZE:-100}; DROP_AT=${DROP_AT:-10}; TIME_LIMIT=${TIME_LIMIT:-60}; TOOLS=${TOOLS:-curl,wget,aria2c,bitslite}
RESULTS=${RESULTS:-/tmp/bitslite-fault-bench-$(date +%Y%m%d-%H%M%S).md}
BUILD=$(mktemp -d "${TMPDIR:-/tmp}/bitslite-faultbench-build.XXXXXX")
trap 'rm -rf "$BUILD"' EXIT

for tool in ${TOOLS//,/ }; do
  [ "$tool" = bitslite ] || command -v "$tool" >/dev/null || { echo "faults.sh: $tool is not installed (apt-get install -y curl wget aria2)" >&2; exit 2; }
done

publish() { # project output-dir; retried once: a concurrent restore of a shared project (someone's plain build) can break a RID publish
  local args=("$REPO/$1" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$2" -nologo -v q)
  dotnet publish "${args[@]}" || { echo "publishing $1 failed; retrying once" >&2; sleep 5; dotnet publish "${args[@]}"; }
}
echo "building (Release, ReadyToRun) ..." >&2
publish src/BitsLite.Host "$BUILD/bin" >&2
publish src/BitsLite.Cli "$BUILD/bin" >&2
publish bench/BitsLite.FaultBench "$BUILD/driver" >&2

{
  echo "## Fault matrix"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo n/a)$(git -C "$REPO" diff --quiet 2>/dev/null || echo ' (dirty)')"
  echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -h | awk '/^Mem:/ {print $2}') RAM, kernel $(uname -r), $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "- $(curl --version | head -1 | cut -d' ' -f1-2), $(wget --version | head -1 | cut -d' ' -f1-3), $(aria2c --version | head -1), .NET SDK $(dotnet --version)"
  echo "- command: \`N=$N SIZE=$SIZE DROP_AT=$DROP_AT TIME_LIMIT=$TIME_LIMIT TOOLS=$TOOLS${SCENARIOS:+ SCENARIOS=$SCENARIOS} bash bench/faults.sh\`"
  "$BUILD/driver/bitslite-faultbench" --cli "$BUILD/bin/bitslite" --host "$BUILD/bin/bitslite-host" --runs "$N" --size "$SIZE" \
    --drop-at "$DROP_AT" --time-limit "$TIME_LIMIT" --tools "$TOOLS" ${SCENARIOS:+--scenarios "$SCENARIOS"} --work "$BUILD/work"
} | tee "$RESULTS"
echo "results: $RESULTS" >&2
