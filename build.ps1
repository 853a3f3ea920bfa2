#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and packages BitsLite. Orchestration only: the build logic lives in MSBuild.
.PARAMETER Task
    Build (default): build everything; this also stages the module under module/, so that
    Import-Module ./BitsLite.psd1 works at once.
    Test: the xunit suite (dotnet test), then the Pester suite in tests/pester where Pester 5 is installed.
    Package: a folder ready for Publish-Module, artifacts/BitsLite (MSBuild target PackageModule).
    Clean: remove build outputs.
.PARAMETER Configuration
    Debug (default) or Release. Package always builds Release.
.EXAMPLE
    ./build.ps1 -Task Test
.EXAMPLE
    ./build.ps1 -Task Package; Publish-Module -Path ./artifacts/BitsLite -NuGetApiKey $key
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

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

switch ($Task) {
    'Clean' { Invoke-Dotnet clean $solution -c $Configuration }
    'Build' { Invoke-Dotnet build $solution -c $Configuration }
    'Package' {
        Invoke-Dotnet build (Join-Path $PSScriptRoot 'src/BitsLite.PowerShell') -c Release -t:PackageModule
    }
    'Test' {
        Invoke-Dotnet test $solution -c $Configuration
        $pester = Join-Path $PSScriptRoot 'tests/pester'
        if ((Test-Path $pester) -and (Get-Module -ListAvailable Pester | Where-Object Version -ge '5.0')) {
            # The Pester suite imports the module this build staged.
            $result = Invoke-Pester -Path $pester -PassThru -Output Detailed
            if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed" }
        }
        else {
            Write-Warning 'Pester 5 or tests/pester not found: only the xunit suite ran.'
        }
    }
}
