#!/usr/bin/env bash
# curl-fsync.sh URL OUT - curl download followed by an fsync of the output file (coreutils
# `sync FILE` calls fsync(2) on it). Used as a "product" template in bench_download.sh so that
# curl pays the same durability cost as bitslite-bench, which fsyncs before reporting Transferred.
set -euo pipefail
curl -sS --fail -o "$2" "$1"
sync -- "$2"
