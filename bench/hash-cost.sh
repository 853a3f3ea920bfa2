#!/usr/bin/env bash
# hash-cost.sh - what checking a SHA-256 costs: a 1 GiB loopback download through the real bitslite CLI and host,
# with and without --sha256, interleaved, median of N. Prints a markdown table.
#
#   bash bench/hash-cost.sh                       # from the repository root; publishes a Release build first
#   BITSLITE_DIR=/tmp/aot bash bench/hash-cost.sh # programs already published (bench/aot-publish.sh DIR)
#
# Env: N (runs of each, interleaved; default 5), ARGS (more options for both runs, e.g. "--connections 1"), PORT (nginx, default 18092: a server of this script's own),
# SHARED_BENCH (default ../shared/bench), BITSLITE_DIR (holds bitslite and bitslite-host), TMPDIR.
#
# Each run: a fresh data root and a host started (untimed, as a logon-registered host would be), then, timed,
# `bitslite transfer URL FILE [--sha256 HEX]`, which returns once the file is complete in place (fsynced and renamed).
# The hash is computed by the host as the bytes arrive (no second pass); sha256sum checks every run's file afterwards.
# The host hashes on another thread beside the copy loop (Verification/HashingReadStream). Also shown, for scale:
# `openssl dgst -sha256` of the same file from the page cache, i.e. the hashing alone on one core, with the OpenSSL
# that .NET uses on Linux (SHA extensions where the CPU has them).
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
SHARED_BENCH=$(cd "${SHARED_BENCH:-$REPO/../shared/bench}" && pwd)
N=${N:-5}
export PORT=${PORT:-18092}
source "$SHARED_BENCH/lib.sh"               # ensure_server, median, calc, now, expected_sha, DATA_DIR, BASE

source "$BENCH_DIR/private-host.sh" hash-cost  # WORK, CLI, host_start, host_stop; publishes unless BITSLITE_DIR
URL=$BASE/1g.bin
SHA=$(expected_sha 1g.bin)
[ ${#SHA} -eq 64 ] || { echo "no sha256 of 1g.bin in $DATA_DIR/SHA256SUMS" >&2; exit 1; }
OUT=$WORK/out
NAMES=("bitslite transfer" "bitslite transfer --sha256")
declare -A T

# Sets S to the seconds taken (no subshell, so that cleanup knows a host to stop).
run_bitslite() {
  host_start
  local t0 t1
  t0=$(now); "$CLI" transfer "$URL" "$OUT/1g.bin" ${ARGS:-} "$@" >/dev/null 2>"$WORK/bitslite.err" || { cat "$WORK/bitslite.err" >&2; exit 1; }; t1=$(now)
  host_stop
  S=$(calc "$t1 - $t0")
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq "$N"); do
  for name in "${NAMES[@]}"; do
    rm -rf "$OUT"; mkdir -p "$OUT"; sync -f "$WORK"
    case $name in
      "bitslite transfer") run_bitslite ;;
      "bitslite transfer --sha256") run_bitslite --sha256 "$SHA" ;;
    esac
    [ "$(sha256sum < "$OUT/1g.bin" | cut -d' ' -f1)" = "$SHA" ] || { echo "FAIL: $name: sha256 mismatch" >&2; exit 1; }
    T[$name]+="$S "
    echo "run $run $name: $S s" >&2
  done
done
# The hashing alone: openssl dgst -sha256 of the last run's file, read from the page cache.
H=""
for run in $(seq "$N"); do t0=$(now); openssl dgst -sha256 "$OUT/1g.bin" >/dev/null; t1=$(now); H+="$(calc "$t1 - $t0") "; done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

med() { tr ' ' '\n' <<<"$1" | grep . | median; }
lo() { tr ' ' '\n' <<<"$1" | grep . | sort -g | head -1; }
hi() { tr ' ' '\n' <<<"$1" | grep . | sort -g | tail -1; }
plain=$(med "${T[${NAMES[0]}]}"); hashed=$(med "${T[${NAMES[1]}]}")
echo
echo "1 GiB (1g.bin) from loopback nginx; median of $N interleaved runs; sha256 of every run's file checked.${ARGS:+ Both runs with $ARGS.}"
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(uname -r), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')$(grep -q sha_ni /proc/cpuinfo && echo ' (SHA extensions)');" \
  "$(df --output=fstype "$WORK" | tail -1 | tr -d ' ') under $WORK; load average $load_before before, $load_after after; bitslite from $BITSLITE_DIR."
echo
echo "| run | median s | min s | max s | MiB/s | time vs without |"
echo "|---|---:|---:|---:|---:|---:|"
for name in "${NAMES[@]}"; do
  m=$(med "${T[$name]}")
  printf '| %s | %.3f | %.3f | %.3f | %.0f | %.3f |\n' "$name" "$m" "$(lo "${T[$name]}")" "$(hi "${T[$name]}")" "$(calc "1024 / $m")" "$(calc "$m / $plain")"
done
hm=$(med "$H")
printf '| openssl dgst -sha256 of the file (page cache), for scale | %.3f | %.3f | %.3f | %.0f | |\n' "$hm" "$(lo "$H")" "$(hi "$H")" "$(calc "1024 / $hm")"
echo
printf 'With --sha256: %+.1f %% time (target: at most +10 %%).\n' "$(calc "($hashed / $plain - 1) * 100")"
echo
echo "Reproduce: sudo $SHARED_BENCH/setup.sh (once); bash bench/hash-cost.sh (N=$N)"
