#Requires -Version 7.4
<#
.SYNOPSIS
    Builds and tests BitsLite. Orchestration only: the build logic lives in MSBuild.
.PARAMETER Task
    Build (default), Test, or Clean.
.PARAMETER Configuration
    Debug (default) or Release.
.EXAMPLE
    ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Clean')]
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
    'Test' {
        Invoke-Dotnet test $solution -c $Configuration
        $pester = Join-Path $PSScriptRoot 'tests/pester'
        if ((Test-Path $pester) -and (Get-Module -ListAvailable Pester | Where-Object Version -ge '5.0')) {
            $result = Invoke-Pester -Path $pester -PassThru -Output Detailed
            if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed" }
        }
        else {
            Write-Warning 'Pester 5 or tests/pester not found: only the xunit suite ran.'
        }
    }
}
