#!/usr/bin/env bash
# many-files.sh - one job of 1,000 x 64 KiB files through the real bitslite CLI and host, against curl --parallel
# followed by `sync -f` and aria2c -j16, on the shared harness's loopback nginx. Prints a markdown table.
#
#   bash bench/many-files.sh                       # from the repository root; publishes a Release build first
#   BITSLITE_DIR=/tmp/aot bash bench/many-files.sh # programs already published (bench/aot-publish.sh DIR)
#
# Env: N (runs of each tool, interleaved; default 5), PORT (nginx, default 18091: a server of this script's own),
# SHARED_BENCH (default ../shared/bench), BITSLITE_DIR (holds bitslite and bitslite-host), TMPDIR.
#
# What each tool does, and what it makes durable:
# - bitslite: `bitslite policy set --max-files-per-job 1000` once per fresh data root (the default limit is 200),
#   then, timed, `bitslite transfer URL... DIR`: one job of 1,000 files, waited for and completed, so every file is
#   in place when it returns. `transfer` runs at Foreground priority, as Start-BitsTransfer does; the second bitslite
#   row runs the same job at Normal priority (`create`'s default), under the background back-off. The host fsyncs each file before it counts as transferred, renames them on Complete and
#   fsyncs the directory. The host is started (untimed) before each run, as a logon-registered host would be.
# - curl --parallel (16 at once, one config file) and then `sync -f DIR` (syncfs of the file system: every dirty
#   page on it, so the files are durable too). curl alone, without the sync, is shown for reference.
# - aria2c -j16 -x1: it never fsyncs (no option for it); its default --file-allocation=prealloc does not apply to
#   files under --no-file-allocation-limit (5M). Also shown followed by `sync -f DIR`.
# Every run's 1,000 files are checked against the harness's SHA256SUMS.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
SHARED_BENCH=$(cd "${SHARED_BENCH:-$REPO/../shared/bench}" && pwd)
N=${N:-5}
export PORT=${PORT:-18091}
source "$SHARED_BENCH/lib.sh"               # ensure_server, median, calc, now, DATA_DIR, BASE

source "$BENCH_DIR/private-host.sh" many-files  # WORK, CLI, host_start, host_stop; publishes unless BITSLITE_DIR
mapfile -t FILES < <(cd "$DATA_DIR/small" && ls | sort)
[ "${#FILES[@]}" -eq 1000 ] || { echo "expected 1000 files in $DATA_DIR/small, found ${#FILES[@]}" >&2; exit 1; }
SUMS=$WORK/SHA256SUMS
awk '$2 ~ /^small\// {sub(/^small\//, "", $2); print $1 "  " $2}' "$DATA_DIR/SHA256SUMS" > "$SUMS"
URLS=(); : > "$WORK/urls.txt"; : > "$WORK/curl.cfg"
for f in "${FILES[@]}"; do
  URLS+=("$BASE/small/$f")
  echo "$BASE/small/$f" >> "$WORK/urls.txt"
  printf 'url = "%s"\noutput = "%s"\n' "$BASE/small/$f" "$WORK/out/$f" >> "$WORK/curl.cfg"
done
OUT=$WORK/out

# Each sets S to the seconds taken (no subshell, so that cleanup knows a host to stop).
run_bitslite() {
  local priority=$1
  host_start
  "$CLI" policy set --max-files-per-job 1000 >/dev/null
  local t0 t1
  t0=$(now); "$CLI" transfer --priority "$priority" "${URLS[@]}" "$OUT" >/dev/null 2>"$WORK/bitslite.err" || { cat "$WORK/bitslite.err" >&2; exit 1; }; t1=$(now)
  host_stop
  S=$(calc "$t1 - $t0")
}
run_cmd() { local t0 t1; t0=$(now); bash -c "$1"; t1=$(now); S=$(calc "$t1 - $t0"); }

ARIA="aria2c -q --allow-overwrite=true --auto-file-renaming=false -j16 -x1 -d $(printf %q "$OUT") -i $(printf %q "$WORK/urls.txt")"
CURL="curl -sS --fail --no-progress-meter --parallel --parallel-max 16 -K $(printf %q "$WORK/curl.cfg")"
SYNC="sync -f $(printf %q "$OUT")"
NAMES=("bitslite transfer (1 job)" "bitslite transfer --priority normal" "curl --parallel + sync -f" "aria2c -j16" "aria2c -j16 + sync -f" "curl --parallel (no sync)")
declare -A T
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq "$N"); do
  for name in "${NAMES[@]}"; do
    rm -rf "$OUT"; mkdir -p "$OUT"; sync -f "$WORK"
    case $name in
      "bitslite transfer (1 job)") run_bitslite foreground ;;
      "bitslite transfer --priority normal") run_bitslite normal ;;
      "curl --parallel + sync -f") run_cmd "$CURL && $SYNC" ;;
      "curl --parallel (no sync)") run_cmd "$CURL" ;;
      "aria2c -j16") run_cmd "$ARIA" ;;
      "aria2c -j16 + sync -f") run_cmd "$ARIA && $SYNC" ;;
    esac
    (cd "$OUT" && sha256sum -c --quiet --strict "$SUMS") || { echo "FAIL: $name: sha256 mismatch" >&2; exit 1; }
    [ "$(ls -A "$OUT" | wc -l)" -eq 1000 ] || { echo "FAIL: $name: $(ls -A "$OUT" | wc -l) entries in $OUT, not 1000" >&2; exit 1; }
    T[$name]+="$S "
    echo "run $run $name: $S s" >&2
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

med() { tr ' ' '\n' <<<"${T[$1]}" | grep . | median; }
lo() { tr ' ' '\n' <<<"${T[$1]}" | grep . | sort -g | head -1; }
hi() { tr ' ' '\n' <<<"${T[$1]}" | grep . | sort -g | tail -1; }
bm=$(med "${NAMES[0]}"); cm=$(med "${NAMES[2]}"); am=$(med "${NAMES[3]}")
echo
echo "1,000 x 64 KiB files (62.5 MiB), one job, loopback nginx; median of $N interleaved runs; sha256 of every file checked."
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(uname -r), $(df --output=fstype "$WORK" | tail -1 | tr -d ' ') under $WORK;" \
  "load average $load_before before, $load_after after; bitslite from $BITSLITE_DIR; $(curl --version | head -1 | cut -d' ' -f1-2), $(aria2c --version | head -1)."
echo
echo "| tool | median s | min s | max s | files/s | bitslite speed vs it |"
echo "|---|---:|---:|---:|---:|---:|"
for name in "${NAMES[@]}"; do
  m=$(med "$name")
  printf '| %s | %.3f | %.3f | %.3f | %.0f | %.2f |\n' "$name" "$m" "$(lo "$name")" "$(hi "$name")" "$(calc "1000 / $m")" "$(calc "$m / $bm")"
done
echo
printf 'bitslite / (curl --parallel + sync -f): %.2f x the speed; bitslite / aria2c -j16: %.2f x the speed.\n' "$(calc "$cm / $bm")" "$(calc "$am / $bm")"
echo
echo "Reproduce: sudo $SHARED_BENCH/setup.sh (once); bash bench/many-files.sh (N=$N)"
