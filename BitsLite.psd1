# Module manifest for BitsLite. The cmdlets arrive with the PowerShell module work;
# until then the manifest exports nothing.
@{
    ModuleVersion        = '0.1.0'
    GUID                 = '5d0c7f3e-8a41-4d0e-9f36-2b7c1e4a9d58'
    Author               = 'BitsLite contributors'
    CompanyName          = 'BitsLite'
    Copyright            = 'Copyright (c) 2026 BitsLite contributors. MIT License.'
    Description          = 'Cross-platform, BITS-style background transfers for PowerShell 7: persistent, restartable, throttled downloads that survive reboots.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FunctionsToExport    = @()
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('BITS', 'Download', 'Transfer', 'Background', 'Resume', 'Throttle', 'Linux', 'macOS')
            LicenseUri = 'https://opensource.org/licenses/MIT'
        }
    }
}
