#!/usr/bin/env bash
# aot-publish.sh - publishes bitslite-host and the bitslite CLI as NativeAOT programs into one directory:
#   bash bench/aot-publish.sh [DIR]        (default DIR: artifacts/aot; 3-5 minutes on 2 cores)
# DIR then holds bitslite, bitslite-host and libe_sqlite3.so (the host's SQLite, found beside it), and nothing
# else: no .NET runtime is needed to run them. The client finds the host beside the CLI. Put DIR on PATH, or copy
# the three files into a directory that is (e.g. ~/.local/bin).
# -p:BitsLiteAot=true publishes them as NativeAOT net10.0 programs, with restore and build output in obj/aot and
# bin/aot, so it never disturbs a normal build of the same tree. Linux x64 by default (RID=linux-arm64 for an arm64
# machine, with that ILCompiler package available).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:-$REPO/artifacts/aot}
RID=${RID:-linux-x64}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
for project in src/BitsLite.Host src/BitsLite.Cli; do
  echo "publishing $project (NativeAOT, $RID) ..." >&2
  dotnet publish "$REPO/$project" -c Release -r "$RID" -p:BitsLiteAot=true -o "$DIR" -nologo -v q
done
for program in bitslite-host bitslite; do
  [ -x "$DIR/$program" ] || { echo "aot-publish.sh: $DIR/$program was not produced" >&2; exit 1; }
done
[ -f "$DIR/libe_sqlite3.so" ] || { echo "aot-publish.sh: $DIR/libe_sqlite3.so was not produced" >&2; exit 1; }
"$DIR/bitslite" --version >/dev/null
"$DIR/bitslite-host" --version >/dev/null
echo "$DIR: $(cd "$DIR" && ls | tr '\n' ' ')" >&2
