#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and packages BitsLite. Orchestration only: the build logic lives in MSBuild.
.PARAMETER Task
    Build (default): build everything; this also stages the modules under module/, so that
    Import-Module ./BitsLite.psd1 works at once.
    Test: the xunit suite (dotnet test), the package (as Package does, which one Pester test installs), then the
    Pester suite in tests/pester, against one private host that is stopped at the end. Prints one summary line
    for both suites. Pester 5.7.1 is restored from NuGet into artifacts/tools when no Pester 5 is installed.
    Package: artifacts/modules/BitsLite and artifacts/modules/BitsTransfer, each a module folder ready to copy onto
    PSModulePath or to Publish-PSResource (MSBuild target PackageModule; NativeAOT host on linux-x64).
    Clean: remove build outputs.
.PARAMETER Configuration
    Debug (default) or Release, for Build, Test and Clean. Package always builds Release.
.EXAMPLE
    ./build.ps1 -Task Test
.EXAMPLE
    ./build.ps1 -Task Package; Publish-PSResource -Path ./artifacts/modules/BitsLite -Repository MyRepository
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug'
)

$ErrorActionPreference = 'Stop'
$solution = Join-Path $PSScriptRoot 'BitsLite.sln'
$tools = Join-Path $PSScriptRoot 'artifacts/tools'

# Arguments go as one array: splatting @args would split '-t:PackageModule' into '-t:' and 'PackageModule'. The
# output goes to the host, never into a function's result.
function Invoke-Dotnet([string[]] $Arguments) {
    & dotnet @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Package {
    Invoke-Dotnet @('build', (Join-Path $PSScriptRoot 'src/BitsLite.PowerShell'), '-c', 'Release', '-t:PackageModule', '-nologo')
}

# A Pester 5 that is installed, else Pester 5.7.1 restored from NuGet into artifacts/tools (nothing global changes).
function Get-PesterManifest {
    $installed = Get-Module -ListAvailable -Name Pester | Where-Object Version -GE '5.5.0' | Sort-Object Version -Descending | Select-Object -First 1
    if ($installed) { return $installed.Path }

    $packages = Join-Path $tools 'packages'
    $manifest = Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $manifest)) {
        Invoke-Dotnet @('restore', (Join-Path $PSScriptRoot 'tests/pester/Pester.proj'), '--packages', $packages, '-nologo')
    }

    $manifest
}

# "Failed: 0, Passed: 620, Skipped: 0" per test assembly, added up.
function Measure-DotnetTest([string[]] $Lines) {
    $total = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0; Assemblies = 0 }
    foreach ($line in $Lines) {
        if ($line -match 'Failed:\s*(\d+),\s*Passed:\s*(\d+),\s*Skipped:\s*(\d+)') {
            $total.Failed += [int] $Matches[1]
            $total.Passed += [int] $Matches[2]
            $total.Skipped += [int] $Matches[3]
            $total.Assemblies++
        }
    }

    [pscustomobject] $total
}

function Invoke-Test {
    $xunitLines = [System.Collections.Generic.List[string]]::new()
    & dotnet test $solution -c $Configuration -nologo 2>&1 | ForEach-Object { $xunitLines.Add("$_"); "$_" } | Out-Host
    $xunitExit = $LASTEXITCODE
    $xunit = Measure-DotnetTest $xunitLines
    if ($xunit.Assemblies -eq 0) { $xunit.Failed = 1 }

    Invoke-Package

    $pesterManifest = Get-PesterManifest
    Import-Module -Name $pesterManifest -MinimumVersion 5.5.0 -Force
    $pester = Invoke-Pester -Configuration (New-PesterConfiguration -Hashtable @{
            Run    = @{ Path = (Join-Path $PSScriptRoot 'tests/pester'); PassThru = $true }
            Output = @{ Verbosity = 'Detailed' }
        })

    $passed = $xunit.Passed + $pester.PassedCount
    $failed = $xunit.Failed + $pester.FailedCount
    $skipped = $xunit.Skipped + $pester.SkippedCount
    "tests: $passed passed, $failed failed, $skipped skipped (xunit $($xunit.Passed)/$($xunit.Failed)/$($xunit.Skipped), Pester $($pester.PassedCount)/$($pester.FailedCount)/$($pester.SkippedCount) passed/failed/skipped)"
    if ($failed -gt 0 -or $xunitExit -ne 0 -or $pester.Result -ne 'Passed') {
        throw "Tests failed: xunit exit code $xunitExit, $($xunit.Failed) xunit and $($pester.FailedCount) Pester test(s) failed."
    }
}

switch ($Task) {
    'Clean' { Invoke-Dotnet @('clean', $solution, '-c', $Configuration) }
    'Build' { Invoke-Dotnet @('build', $solution, '-c', $Configuration) }
    'Package' { Invoke-Package }
    'Test' { Invoke-Test }
}
