#!/usr/bin/env bash
# bottleneck-job.sh URL OUT - the product side of bottleneck.sh (not run by hand): runs inside the client namespace
# of ../shared/bench/netns_bottleneck.sh, which stops it with SIGTERM when its time is up. Creates a Low priority
# job with the `bitslite` CLI ($BITSLITE_CLI; the host it starts, $BITSLITE_HOST_PATH, runs in this namespace too, with
# the fresh $BITSLITE_HOME bottleneck.sh made), and on SIGTERM prints what the job received: over the whole run (with
# the CLI's and the host's start-up), from its first byte on, and from 3 s on (the window in which the harness pings).
# The partial file is hard-linked to OUT so that the harness's own "bulk download" line counts its bytes; then the job
# is cancelled and the host stopped.
set -uo pipefail
URL=$1; OUT=$2; CLI=${BITSLITE_CLI:?}
part() { ls "$(dirname "$OUT")"/."$(basename "$OUT")".*.bitslite-part 2>/dev/null | head -1; }
bytes() { local p; p=$(part); [ -n "$p" ] && stat -c %s "$p" || echo 0; }   # the partial file: instant, unlike asking the host
finish() {
  local t1 b1 part; b1=$(bytes); t1=$EPOCHREALTIME
  awk -v b0="${B3:-0}" -v t0="$T0" -v tf="${TF:-$T0}" -v t3="${T3:-$T0}" -v b1="${b1:-0}" -v t1="$t1" -v link="${LINK_MBIT:-20}" 'BEGIN {
    all = b1 * 8 / (t1 - t0) / 1e6; first = b1 * 8 / (t1 - tf) / 1e6; steady = (t3 > t0) ? (b1 - b0) * 8 / (t1 - t3) / 1e6 : 0
    printf "bitslite: %d bytes in %.1f s = %.2f Mbit/s (%.0f %% of %d Mbit/s); from the first byte (%.2f s): %.2f Mbit/s (%.0f %%); from 3 s on: %.2f Mbit/s (%.0f %%)\n",
      b1, t1 - t0, all, 100 * all / link, link, tf - t0, first, 100 * first / link, steady, 100 * steady / link }'
  part=$(part); [ -n "$part" ] && ln -f "$part" "$OUT"
  "$CLI" cancel "$ID" >/dev/null 2>&1; "$CLI" host stop >/dev/null 2>&1
  exit 0
}
T0=$EPOCHREALTIME
ID=$("$CLI" create --priority low "$URL" "$OUT" --json | sed -n 's/^  "id": "\(.*\)",$/\1/p')
[ -n "$ID" ] || { echo "bitslite: create failed" >&2; exit 1; }
trap finish TERM INT
until [ "$(bytes)" -gt 0 ]; do sleep 0.02 & wait $!; done; TF=$EPOCHREALTIME   # the first byte on disk
sleep "$(awk -v t0="$T0" -v now="$EPOCHREALTIME" 'BEGIN { s = 3 - (now - t0); print (s > 0 ? s : 0) }')" & wait $!
T3=$EPOCHREALTIME; B3=$(bytes)
if [ -n "${YIELD_SECS:-}" ]; then   # cross traffic: curl beside the job, from 4 s on, for YIELD_SECS seconds
  sleep 1 & wait $!; C0=$EPOCHREALTIME
  timeout "$YIELD_SECS" curl -s -o "$OUT.curl" "$URL"; C1=$EPOCHREALTIME; CB=$(stat -c %s "$OUT.curl" 2>/dev/null || echo 0); rm -f "$OUT.curl"
  awk -v b="$CB" -v t="$(awk -v a="$C0" -v z="$C1" 'BEGIN { print z - a }')" -v link="${LINK_MBIT:-20}" \
    'BEGIN { printf "curl beside the job: %d bytes in %.1f s = %.2f Mbit/s (%.0f %% of %d Mbit/s)\n", b, t, b * 8 / t / 1e6, 100 * b * 8 / t / 1e6 / link, link }'
fi
while true; do sleep 1 & wait $!; done
