#!/usr/bin/env bash
# pwsh.sh - the PowerShell numbers of docs/benchmarks.md, measured in one run:
#   1. cold start of the first Get-Transfer in a fresh pwsh, from the installed package (NativeAOT host on linux-x64):
#      the package is published to a folder repository and installed with Install-PSResource into a private HOME;
#      each run starts `pwsh -NoProfile` with no host running, imports BitsLite and runs Get-Transfer (which starts the
#      host). The same with the host already running, and pwsh starting and exiting alone, for comparison;
#   2. the Pester suite's wall time (Invoke-Pester tests/pester, as ./build.ps1 -Task Test runs it).
# Usage: bash bench/pwsh.sh [RUNS]          (default 9 runs; needs pwsh on PATH, `dotnet build` and
#                                           `./build.ps1 -Task Package` done; Pester from artifacts/tools or installed)
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-9}
command -v pwsh >/dev/null || { echo "pwsh.sh: pwsh is not on PATH (dotnet tool install PowerShell --version 7.6.10 --tool-path DIR)" >&2; exit 1; }
[ -f "$REPO/artifacts/modules/BitsLite/BitsLite.psd1" ] || { echo "pwsh.sh: run ./build.ps1 -Task Package first" >&2; exit 1; }

work=$(mktemp -d /tmp/bitslite-pwsh-bench.XXXXXX)
export HOME="$work/home" BITSLITE_HOME="$work/data" BITSLITE_IDLE_TIMEOUT=0 POWERSHELL_TELEMETRY_OPTOUT=1
mkdir -p "$HOME" "$work/repo" && mkdir -m 700 "$BITSLITE_HOME"
cleanup() { pwsh -NoProfile -c 'Import-Module BitsLite; Stop-TransferHost -Confirm:$false' >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"

PSModulePath="$REPO/artifacts/modules" pwsh -NoProfile -c "
  \$ErrorActionPreference = 'Stop'
  Register-PSResourceRepository -Name Bench -Uri '$work/repo' -Trusted
  Publish-PSResource -Path '$REPO/artifacts/modules/BitsLite' -Repository Bench
  \$env:PSModulePath = \$null
  Install-PSResource -Name BitsLite -Repository Bench -Scope CurrentUser -TrustRepository" >/dev/null

now_ms() { date +%s%3N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
stop_host() { pwsh -NoProfile -c 'Import-Module BitsLite; Stop-TransferHost -Confirm:$false' >/dev/null 2>&1 || true; }

# One fresh pwsh: prints "total import first" in ms (import and the first Get-Transfer timed inside the process).
first_get_transfer() {
  local start end inner
  start=$(now_ms)
  inner=$(pwsh -NoProfile -NonInteractive -c '$c = [Diagnostics.Stopwatch]::StartNew(); Import-Module BitsLite; $i = $c.ElapsedMilliseconds; $null = Get-Transfer; "{0} {1}" -f $i, ($c.ElapsedMilliseconds - $i)')
  end=$(now_ms)
  echo "$((end - start)) $inner"
}

: > "$work/cold"; : > "$work/warm"; : > "$work/bare"
for _ in $(seq "$RUNS"); do
  stop_host
  first_get_transfer >> "$work/cold"
  first_get_transfer >> "$work/warm"    # the host the cold run started is still up
  start=$(now_ms); pwsh -NoProfile -NonInteractive -c 'exit' ; end=$(now_ms); echo $((end - start)) >> "$work/bare"
done
stop_host
host=$(ls "$HOME"/.local/share/powershell/Modules/BitsLite/*/host/bitslite-host)
kind=$(head -c 4 "$host" | tail -c 3)

echo "## pwsh: first Get-Transfer from the installed package ($RUNS runs each, medians, ms; host: $kind, load $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "| run | whole command | Import-Module BitsLite | first Get-Transfer |"
echo "|---|---|---|---|"
echo "| no host running (cold: starts it) | $(cut -d' ' -f1 "$work/cold" | median) | $(cut -d' ' -f2 "$work/cold" | median) | $(cut -d' ' -f3 "$work/cold" | median) |"
echo "| host already running | $(cut -d' ' -f1 "$work/warm" | median) | $(cut -d' ' -f2 "$work/warm" | median) | $(cut -d' ' -f3 "$work/warm" | median) |"
echo "| \`pwsh -NoProfile -c exit\` alone | $(median < "$work/bare") | | |"
echo

cd "$REPO"
pester=$(pwsh -NoProfile -c '
  $m = Get-Module -ListAvailable Pester | Where-Object Version -GE 5.5.0 | Sort-Object Version -Descending | Select-Object -First 1
  if ($m) { Import-Module $m.Path } else { Import-Module ./artifacts/tools/packages/pester/5.7.1/tools/Pester.psd1 }
  $c = New-PesterConfiguration; $c.Run.Path = "tests/pester"; $c.Run.PassThru = $true; $c.Output.Verbosity = "None"
  $r = Invoke-Pester -Configuration $c
  "{0:N1} s: {1} passed, {2} failed, {3} skipped" -f $r.Duration.TotalSeconds, $r.PassedCount, $r.FailedCount, $r.SkippedCount' | tail -n 1)
echo "## Pester suite: $pester"
