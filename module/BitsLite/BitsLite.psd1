#
# BitsLite: BITS-style background transfers for PowerShell 7 on Linux, macOS and Windows.
# This folder is the module: `dotnet build` stages the assemblies and the host here (ignored by git), and
# `./build.ps1 -Task Package` copies it to artifacts/modules/BitsLite. The repository root's BitsLite.psd1 forwards here.
#
@{
    RootModule           = 'BitsLite.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5d0c7f3e-8a41-4d0e-9f36-2b7c1e4a9d58'
    Author               = 'BitsLite contributors'
    CompanyName          = 'BitsLite contributors'
    Copyright            = 'Copyright (c) 2026 BitsLite contributors'
    Description          = 'Background file transfers that resume, throttle, retry and survive reboots: Start-Transfer, Get-Transfer, Complete-Transfer and friends, for PowerShell 7 on Linux, macOS and Windows.'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.4'
    FormatsToProcess     = @('BitsLite.Format.ps1xml')
    CmdletsToExport      = @(
        'Add-TransferFile'
        'Complete-Transfer'
        'Get-Transfer'
        'Get-TransferHost'
        'Get-TransferPolicy'
        'Register-TransferHost'
        'Remove-Transfer'
        'Resume-Transfer'
        'Set-Transfer'
        'Set-TransferPolicy'
        'Start-Transfer'
        'Start-TransferHost'
        'Stop-TransferHost'
        'Suspend-Transfer'
        'Unregister-TransferHost'
        'Wait-Transfer'
        'Watch-Transfer'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('BITS', 'BitsTransfer', 'download', 'transfer', 'background', 'resume', 'throttle', 'Linux', 'MacOS', 'Windows', 'PSEdition_Core')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            # ProjectUri: set it when the repository has a public address; none exists yet.
            ReleaseNotes = 'First release: download transfers with resume, throttling, retries, credentials, proxies, notifications and network-cost policy.'
        }
    }
}
