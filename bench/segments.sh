#!/usr/bin/env bash
# segments.sh - segmented downloads. Part 1: one file from a loopback server that paces EACH connection to RATE
# (the tests' FaultServer, hosted by bench/BitsLite.SegmentBench), fetched by bitslite (Foreground, the default 4
# connections), bitslite --connections 1, aria2c -x4 -s4 and curl, in one run, interleaved, N runs each, median.
# Part 2: the shared harness's loopback nginx (no per-connection cap) serving its 1 GiB file, bitslite with 4
# connections against 1: segmenting must not be slower than one stream. Every output's sha256 is checked.
#
#   bash bench/segments.sh                         # from anywhere; publishes Release builds first (no root; loopback only)
#   AOT=1 bash bench/segments.sh                   # NativeAOT host and CLI (bench/aot-publish.sh), as the package ships the host
#   BITSLITE_DIR=/tmp/bin bash bench/segments.sh   # bitslite and bitslite-host already published there
#
# Env: N (runs, default 3), SIZE (MiB of part 1's file, default 80: aria2c splits only into pieces of at least its
# default --min-split-size 20M, so 80 MiB lets it use its 4), RATE (bytes/s per connection, default 2000000), PORT
# (nginx of part 2, default 18093), PARTS (default "1 2"), SHARED_BENCH (default ../shared/bench), TMPDIR.
# bitslite runs as `bitslite transfer URL OUT` (Foreground; waits, fsyncs and completes), against a host started once,
# untimed, in a private BITSLITE_HOME, warmed up by one untimed transfer; curl and aria2c never fsync.
# Needs curl, aria2c (apt-get install -y aria2) and, for part 2, nginx (the shared harness's setup.sh).
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
N=${N:-3}; SIZE=${SIZE:-80}; RATE=${RATE:-2000000}; PARTS=${PARTS:-"1 2"}
export PORT=${PORT:-18093}
for tool in curl aria2c; do command -v "$tool" >/dev/null || { echo "segments.sh: $tool is not installed (apt-get install -y curl aria2)" >&2; exit 2; }; done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/bitslite-segments.XXXXXX")
HOST_HOME=""
cleanup() {
  if [ -n "$HOST_HOME" ]; then BITSLITE_HOME=$HOST_HOME "$CLI" host stop >/dev/null 2>&1 || true; fi
  [ -n "${SRV_PID:-}" ] && kill "$SRV_PID" 2>/dev/null || true
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "${BITSLITE_DIR:-}" ]; then
  BITSLITE_DIR=$WORK/bin
  if [ "${AOT:-0}" = 1 ]; then
    bash "$REPO/bench/aot-publish.sh" "$BITSLITE_DIR" >&2
  else
    echo "publishing bitslite and bitslite-host (Release, ReadyToRun) ..." >&2
    for project in src/BitsLite.Host src/BitsLite.Cli; do
      dotnet publish "$REPO/$project" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$BITSLITE_DIR" -nologo -v q >&2
    done
  fi
fi
CLI=$BITSLITE_DIR/bitslite
dotnet publish "$REPO/bench/BitsLite.SegmentBench" -c Release -o "$WORK/driver" -nologo -v q >&2

now() { echo "$EPOCHREALTIME"; }
calc() { awk "BEGIN { print $* }"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

HOST_HOME=$(mktemp -d "$WORK/home.XXXXXX"); chmod 700 "$HOST_HOME"
export BITSLITE_HOME=$HOST_HOME BITSLITE_IDLE_TIMEOUT=0
"$CLI" host start >/dev/null
OUT=$WORK/out; mkdir -p "$OUT"
declare -A T

# run NAME URL EXPECTED_SHA: one timed run of tool NAME; adds its seconds to T[NAME].
run() {
  local name=$1 url=$2 sha=$3 t0 t1 cmd
  rm -f "$OUT/file.bin"; sync -f "$OUT"
  case $name in
    "bitslite (4 connections)") cmd=("$CLI" transfer "$url" "$OUT/file.bin") ;;
    "bitslite --connections 1") cmd=("$CLI" transfer --connections 1 "$url" "$OUT/file.bin") ;;
    "aria2c -x4 -s4") cmd=(aria2c -q -x4 -s4 --allow-overwrite=true --auto-file-renaming=false -d "$OUT" -o file.bin "$url") ;;
    curl) cmd=(curl -sS --fail -o "$OUT/file.bin" "$url") ;;
  esac
  t0=$(now); "${cmd[@]}" >/dev/null 2>"$WORK/tool.err" || { cat "$WORK/tool.err" >&2; echo "FAIL: $name exited $?" >&2; exit 1; }; t1=$(now)
  [ "$(sha256sum "$OUT/file.bin" | cut -d' ' -f1)" = "$sha" ] || { echo "FAIL: $name: sha256 mismatch" >&2; exit 1; }
  T[$name]+="$(calc "$t1 - $t0") "
  echo "  $name: $(calc "$t1 - $t0") s" >&2
}
med() { tr ' ' '\n' <<<"${T[$1]}" | grep . | median; }
lo() { tr ' ' '\n' <<<"${T[$1]}" | grep . | sort -g | head -1; }
hi() { tr ' ' '\n' <<<"${T[$1]}" | grep . | sort -g | tail -1; }
table() { # BYTES NAME...: median, min, max, MB/s, speed-up over the first name's single-connection peer
  local bytes=$1 name m; shift
  echo "| tool | median s | min s | max s | MB/s |"
  echo "|---|---:|---:|---:|---:|"
  for name in "$@"; do
    m=$(med "$name")
    printf '| %s | %.2f | %.2f | %.2f | %.1f |\n' "$name" "$m" "$(lo "$name")" "$(hi "$name")" "$(calc "$bytes / $m / 1000000")"
  done
}

echo "## Segmented downloads"
echo
echo "- $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo n/a); $(nproc) cores, $(uname -r); load average $(cut -d' ' -f1-3 /proc/loadavg) before"
echo "- $(curl --version | head -1 | cut -d' ' -f1-2), $(aria2c --version | head -1); bitslite from $BITSLITE_DIR"
echo "- command: \`N=$N SIZE=$SIZE RATE=$RATE PARTS=\"$PARTS\"${AOT:+ AOT=$AOT} bash bench/segments.sh\`"

if [[ " $PARTS " == *" 1 "* ]]; then
  head -c $((SIZE * 1024 * 1024)) /dev/urandom > "$WORK/file.bin"
  SHA=$(sha256sum "$WORK/file.bin" | cut -d' ' -f1)
  exec {SRV_IN}> >(exec "$WORK/driver/bitslite-segmentbench" "$WORK/file.bin" "$RATE" > "$WORK/url" 2>"$WORK/driver.err")
  SRV_PID=$!
  for _ in $(seq 100); do [ -s "$WORK/url" ] && break; sleep 0.1; done
  URL=$(head -1 "$WORK/url")
  echo "part 1: $URL, $SIZE MiB, each connection paced to $RATE B/s; warming the host up (untimed) ..." >&2
  "$CLI" transfer "$URL" "$OUT/warm.bin" >/dev/null; rm -f "$OUT/warm.bin"
  NAMES=("bitslite (4 connections)" "bitslite --connections 1" "aria2c -x4 -s4" curl)
  for r in $(seq "$N"); do echo "run $r" >&2; for name in "${NAMES[@]}"; do run "$name" "$URL" "$SHA"; done; done
  exec {SRV_IN}>&-
  echo
  echo "### Each connection paced to $(calc "$RATE / 1000000") MB/s ($SIZE MiB file, FaultServer on 127.0.0.1, median of $N interleaved runs)"
  echo
  table $((SIZE * 1024 * 1024)) "${NAMES[@]}"
  b4=$(med "${NAMES[0]}"); b1=$(med "${NAMES[1]}"); ar=$(med "${NAMES[2]}"); cu=$(med curl)
  echo
  printf -- '- speed-up of bitslite with 4 connections over 1: **%.2fx** (target >= 3.5x); over curl: %.2fx\n' "$(calc "$b1 / $b4")" "$(calc "$cu / $b4")"
  printf -- '- aria2c -x4 -s4 over curl: %.2fx; bitslite (4) against aria2c: **%.2fx** its speed (target >= 1.0x)\n' "$(calc "$cu / $ar")" "$(calc "$ar / $b4")"
fi

if [[ " $PARTS " == *" 2 "* ]]; then
  SHARED_BENCH=$(cd "${SHARED_BENCH:-$REPO/../shared/bench}" && pwd)
  source "$SHARED_BENCH/lib.sh"   # ensure_server, DATA_DIR, BASE
  ensure_server
  trap cleanup EXIT
  URL=$BASE/1g.bin; SHA=$(expected_sha 1g.bin)
  echo "part 2: $URL (nginx, no per-connection cap)" >&2
  NAMES2=("bitslite (4 connections)" "bitslite --connections 1")
  for name in "${NAMES2[@]}"; do T[$name]=""; done
  for r in $(seq "$N"); do echo "run $r" >&2; for name in "${NAMES2[@]}"; do run "$name" "$URL" "$SHA"; done; done
  echo
  echo "### Plain loopback, no per-connection cap (1 GiB from nginx, median of $N interleaved runs)"
  echo
  table $((1024 * 1024 * 1024)) "${NAMES2[@]}"
  echo
  printf -- '- bitslite with 4 connections against 1: **%.2fx** the speed (target >= 0.95x)\n' "$(calc "$(med "${NAMES2[1]}") / $(med "${NAMES2[0]}")")"
fi
echo
echo "- load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
