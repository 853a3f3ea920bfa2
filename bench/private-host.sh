# private-host.sh - sourced (after the shared harness's lib.sh) by the bench scripts that time the real bitslite CLI
# against a host of their own: `source "$BENCH_DIR/private-host.sh" NAME`.
#
# Sets WORK (a temporary folder, bitslite-NAME.*, removed on exit with any host still running) and CLI; publishes
# bitslite and bitslite-host (Release) into $WORK/bin unless BITSLITE_DIR names a folder that holds them; starts the
# harness's nginx (ensure_server) unless one answers. host_start starts a host in a fresh private BITSLITE_HOME, as a
# logon-registered host would be running before a user's command; host_stop stops it and deletes its data root.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bitslite-$1.XXXXXX")
HOST_HOME=""
cleanup() {
  if [ -n "$HOST_HOME" ] && [ -d "$HOST_HOME" ]; then BITSLITE_HOME=$HOST_HOME "$CLI" host stop >/dev/null 2>&1 || true; fi
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "${BITSLITE_DIR:-}" ]; then
  BITSLITE_DIR=$WORK/bin
  echo "publishing bitslite and bitslite-host (Release) to $BITSLITE_DIR ..." >&2
  dotnet publish "$REPO/src/BitsLite.Host" -c Release -o "$BITSLITE_DIR" -nologo -v q >&2
  dotnet publish "$REPO/src/BitsLite.Cli" -c Release -o "$BITSLITE_DIR" -nologo -v q >&2
fi
CLI=$BITSLITE_DIR/bitslite
[ -x "$CLI" ] && [ -x "$BITSLITE_DIR/bitslite-host" ] || { echo "no bitslite and bitslite-host in $BITSLITE_DIR" >&2; exit 1; }

ensure_server
# ensure_server's own trap would replace ours: keep both.
trap cleanup EXIT

host_start() {
  HOST_HOME=$(mktemp -d "$WORK/home.XXXXXX"); chmod 700 "$HOST_HOME"
  export BITSLITE_HOME=$HOST_HOME BITSLITE_IDLE_TIMEOUT=0
  "$CLI" host start >/dev/null
}

host_stop() {
  "$CLI" host stop >/dev/null; rm -rf "$HOST_HOME"; HOST_HOME=""; unset BITSLITE_HOME
}
