#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.5' }
<#
    User journeys through the BitsLite cmdlets and the BitsTransfer compatibility module, in a real pwsh, against a
    real host: downloads, live transfer objects, pipelines from Import-Csv, -WhatIf and -Confirm, error ids and
    categories, secrets, formatting, help, tab completion, the host itself, and the installed package.

    One container (this file; the journeys are dot-sourced from Journeys/), so one private data root and one host
    serve the whole run: the first cmdlet starts the host, and AfterAll stops it and waits for its process to exit
    before it deletes the data root. Only the host journey stops it on purpose, to check Stop-TransferHost and tab
    completion without a host; the package journey runs the installed module on a data root of its own and stops
    its host too. No host outlives the run.

    Run: ./build.ps1 -Task Test (after the xunit suite and the package), or Invoke-Pester -Path tests/pester after
    `dotnet build` (the package journey then needs `./build.ps1 -Task Package` first).
#>

BeforeAll {
    $ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'
    . (Join-Path $PSScriptRoot 'Support/TestEnvironment.ps1')

    $RepositoryRoot = (Resolve-Path -Path (Join-Path $PSScriptRoot '../..')).Path
    if (-not (Test-Path -Path (Join-Path $RepositoryRoot 'module/BitsLite/BitsLite.PowerShell.dll'))) {
        throw "The module is not built: run 'dotnet build' in $RepositoryRoot first."
    }

    $SavedEnvironment = @{
        BITSLITE_HOME         = $env:BITSLITE_HOME
        BITSLITE_IDLE_TIMEOUT = $env:BITSLITE_IDLE_TIMEOUT
        PSModulePath          = $env:PSModulePath
    }
    $DataRoot = New-TestDataRoot
    $env:BITSLITE_HOME = $DataRoot
    # A host left behind by an interrupted run exits by itself once idle.
    $env:BITSLITE_IDLE_TIMEOUT = '120'
    Import-Module -Name (Join-Path $RepositoryRoot 'BitsLite.psd1') -Force

    $Scratch = New-Item -ItemType Directory -Path (Join-Path ([System.IO.Path]::GetTempPath()) ('bitslite-pester-files-' + [guid]::NewGuid().ToString('N').Substring(0, 8)))
    $SourceDirectory = New-Item -ItemType Directory -Path (Join-Path $Scratch 'sources')
    $SmallFile = New-TestFile -Path (Join-Path $SourceDirectory 'small.bin') -Bytes 262144 -Seed 1
    $OtherFile = New-TestFile -Path (Join-Path $SourceDirectory 'other.bin') -Bytes 131072 -Seed 2
    # Big enough that a transfer limited to a few KiB/s is still running minutes later.
    $LargeFile = New-TestFile -Path (Join-Path $SourceDirectory 'large.bin') -Bytes 4194304 -Seed 3

    $WebRoot = New-Item -ItemType Directory -Path (Join-Path $Scratch 'www')
    $PageFile = New-TestFile -Path (Join-Path $WebRoot 'page.bin') -Bytes 300000 -Seed 4
    $WebServer = Start-TestWebServer -Root $WebRoot -LogDirectory $Scratch
    $HttpBase = $WebServer.Base
}

AfterAll {
    if (Get-Module -Name BitsLite) {
        $env:BITSLITE_HOME = $DataRoot
        Stop-TestHost
        Remove-Module -Name BitsTransfer, BitsLite -Force -ErrorAction SilentlyContinue
    }

    if ($WebServer -and -not $WebServer.Process.HasExited) {
        Stop-Process -Id $WebServer.Process.Id -Force -ErrorAction SilentlyContinue
    }

    foreach ($name in $SavedEnvironment.Keys) {
        # $null removes a variable that was not set before.
        [System.Environment]::SetEnvironmentVariable($name, $SavedEnvironment[$name])
    }

    Remove-Item -Path $Scratch -Recurse -Force -ErrorAction SilentlyContinue
    # Only now that no host runs on it.
    Remove-Item -Path $DataRoot -Recurse -Force -ErrorAction SilentlyContinue
}

. (Join-Path $PSScriptRoot 'Journeys/Module.ps1')
. (Join-Path $PSScriptRoot 'Journeys/Downloads.ps1')
. (Join-Path $PSScriptRoot 'Journeys/Hashes.ps1')
. (Join-Path $PSScriptRoot 'Journeys/Control.ps1')
. (Join-Path $PSScriptRoot 'Journeys/Watch.ps1')
. (Join-Path $PSScriptRoot 'Journeys/Errors.ps1')
. (Join-Path $PSScriptRoot 'Journeys/Limits.ps1')
. (Join-Path $PSScriptRoot 'Journeys/Segments.ps1')
. (Join-Path $PSScriptRoot 'Journeys/Formatting.ps1')
. (Join-Path $PSScriptRoot 'Journeys/BitsTransfer.ps1')
. (Join-Path $PSScriptRoot 'Journeys/Package.ps1')
# Last: it stops the host.
. (Join-Path $PSScriptRoot 'Journeys/TheHost.ps1')
