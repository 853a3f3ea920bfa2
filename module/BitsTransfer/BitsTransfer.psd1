#
# BitsTransfer for Linux and macOS, from BitsLite: the eight cmdlets of Windows' BitsTransfer module, so that scripts
# written for Windows run unchanged (Import-Module BitsTransfer included). On Windows it loads Windows' own module.
#
@{
    RootModule           = 'BitsTransfer.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = 'c3b5e0a4-6f1d-4e2b-9a7c-1d8e4f2b6a90'
    Author               = 'BitsLite contributors'
    CompanyName          = 'BitsLite contributors'
    Copyright            = 'Copyright (c) 2026 BitsLite contributors'
    Description          = 'Start-BitsTransfer, Get-BitsTransfer and the rest of Windows'' BitsTransfer cmdlets for PowerShell 7 on Linux and macOS, running on BitsLite: background transfers that resume, throttle, retry and survive reboots.'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.4'
    RequiredModules      = @(@{ ModuleName = 'BitsLite'; ModuleVersion = '0.1.0'; GUID = '5d0c7f3e-8a41-4d0e-9f36-2b7c1e4a9d58' })
    TypesToProcess       = @('BitsTransfer.Types.ps1xml')
    FormatsToProcess     = @('BitsTransfer.Format.ps1xml')
    FunctionsToExport    = @(
        'Add-BitsFile'
        'Complete-BitsTransfer'
        'Get-BitsTransfer'
        'Remove-BitsTransfer'
        'Resume-BitsTransfer'
        'Set-BitsTransfer'
        'Start-BitsTransfer'
        'Suspend-BitsTransfer'
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('BITS', 'BitsTransfer', 'Start-BitsTransfer', 'download', 'transfer', 'background', 'Linux', 'MacOS', 'PSEdition_Core')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'First release: the BitsTransfer cmdlets over BitsLite.'
        }
    }
}
