# What a PowerShell user does: publish the package to a repository, Install-PSResource it by name, and use it from a
# fresh pwsh. Everything happens under a private HOME (PSResourceGet's repository list and the CurrentUser scope live
# there) and a data root of its own, whose host the journey stops.
Describe 'the package, installed with PSResourceGet' {
    BeforeAll {
        $Packages = Join-Path $RepositoryRoot 'artifacts/modules'
        foreach ($name in 'BitsLite', 'BitsTransfer') {
            if (-not (Test-Path -Path (Join-Path $Packages "$name/$name.psd1"))) {
                throw "artifacts/modules/$name is missing: run './build.ps1 -Task Package' (./build.ps1 -Task Test does) first."
            }
        }

        $Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
        $PrivateHome = New-Item -ItemType Directory -Path (Join-Path $Scratch 'home')
        $Repository = New-Item -ItemType Directory -Path (Join-Path $Scratch 'repository')
        $InstalledDataRoot = New-TestDataRoot
        $Downloads = New-Item -ItemType Directory -Path (Join-Path $Scratch 'installed')

        # Runs a script in a fresh pwsh with the private HOME (and so an empty CurrentUser scope); returns its output.
        function Invoke-FreshPwsh([string] $Script, [hashtable] $Environment = @{}) {
            $file = Join-Path $Scratch ("fresh-{0}.ps1" -f [guid]::NewGuid().ToString('N').Substring(0, 8))
            Set-Content -Path $file -Value ("`$ErrorActionPreference = 'Stop'; `$ProgressPreference = 'SilentlyContinue'`n" + $Script)
            $saved = @{}
            $variables = @{ HOME = $PrivateHome.FullName; BITSLITE_HOME = $InstalledDataRoot; PSModulePath = $null }
            foreach ($name in $Environment.Keys) { $variables[$name] = $Environment[$name] }
            foreach ($name in $variables.Keys) {
                $saved[$name] = [System.Environment]::GetEnvironmentVariable($name)
                [System.Environment]::SetEnvironmentVariable($name, $variables[$name])
            }

            try {
                # In the scratch directory: NuGet inside PSResourceGet may leave a NuGet/ folder in the working directory.
                $output = & $Pwsh -NoProfile -NonInteractive -WorkingDirectory $Scratch -File $file 2>&1
                [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String) }
            }
            finally {
                foreach ($name in $saved.Keys) { [System.Environment]::SetEnvironmentVariable($name, $saved[$name]) }
            }
        }
    }

    AfterAll {
        Invoke-FreshPwsh 'Import-Module BitsLite; Stop-TransferHost -Confirm:$false' | Out-Null
        Remove-Item -Path $InstalledDataRoot -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'publishes both modules to a local repository and installs BitsTransfer, with BitsLite as its dependency, by name' {
        $result = Invoke-FreshPwsh -Environment @{ PSModulePath = $Packages } -Script @"
Register-PSResourceRepository -Name BitsLiteTest -Uri '$Repository' -Trusted
Publish-PSResource -Path '$Packages/BitsLite' -Repository BitsLiteTest
Publish-PSResource -Path '$Packages/BitsTransfer' -Repository BitsLiteTest
`$env:PSModulePath = `$null
Install-PSResource -Name BitsTransfer -Repository BitsLiteTest -Scope CurrentUser -TrustRepository
Get-InstalledPSResource | ForEach-Object { "installed: `$(`$_.Name) `$(`$_.Version)" }
"@

        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'installed: BitsLite 0\.1\.0'
        $result.Output | Should -Match 'installed: BitsTransfer 0\.1\.0'
    }

    It 'runs a transfer from a fresh pwsh with the installed module, and shows help and about_BitsLite' {
        $destination = Join-Path $Downloads 'small.bin'

        $result = Invoke-FreshPwsh @"
Import-Module BitsLite
"base: `$((Get-Module BitsLite).ModuleBase)"
"examples: `$(@((Get-Help Start-Transfer -Examples).examples.example).Count)"
if ((Get-Help about_BitsLite | Out-String) -match 'Complete-Transfer') { 'about: found' }
`$t = Start-Transfer -Source '$SmallFile' -Destination '$destination'
"state: `$(`$t.State)"
"host: `$((Get-Process -Id (Get-TransferHost).ProcessId).Path)"
"@

        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match ('base: ' + [regex]::Escape($PrivateHome.FullName) + '/\.local/share/powershell/Modules/BitsLite/0\.1\.0')
        $result.Output | Should -Match 'examples: ([2-9]|\d\d)'
        $result.Output | Should -Match 'about: found'
        $result.Output | Should -Match 'state: Acknowledged'
        $result.Output | Should -Match 'host: .*/Modules/BitsLite/0\.1\.0/host/bitslite-host'
        Get-Hash $destination | Should -Be (Get-Hash $SmallFile)
    }

    It 'carries a native host on linux-x64, which needs no .NET runtime' -Skip:(-not $IsLinux -or [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture -ne 'X64') {
        $hostDirectory = Join-Path $PrivateHome '.local/share/powershell/Modules/BitsLite/0.1.0/host'
        $program = Join-Path $hostDirectory 'bitslite-host'

        $header = [System.IO.File]::ReadAllBytes($program)[0..3]
        [System.Text.Encoding]::ASCII.GetString($header, 1, 3) | Should -Be 'ELF'
        # A NativeAOT program is all there is: no managed assembly, no runtime configuration to find a runtime with.
        @(Get-ChildItem -Path $hostDirectory -Include '*.dll', '*.runtimeconfig.json' -Recurse).Count | Should -Be 0
        (& ldd $program) -join "`n" | Should -Not -Match 'hostfxr|libcoreclr'
    }

    It 'runs a BitsTransfer script unchanged, Import-Module BitsTransfer included' {
        $destination = Join-Path $Downloads 'bits.bin'

        $result = Invoke-FreshPwsh @"
Import-Module BitsTransfer
`$job = Start-BitsTransfer -Source '$OtherFile' -Destination '$destination' -Asynchronous
while ((`$job.JobState -eq 'Transferring') -or (`$job.JobState -eq 'Connecting') -or (`$job.JobState -eq 'Queued')) { Start-Sleep -Milliseconds 100 }
Switch (`$job.JobState) { 'Transferred' { Complete-BitsTransfer -BitsJob `$job; 'completed' } default { "unexpected: `$(`$job.JobState)" } }
"@

        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'completed'
        Get-Hash $destination | Should -Be (Get-Hash $OtherFile)
    }
}
