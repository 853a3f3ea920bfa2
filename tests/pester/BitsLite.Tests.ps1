#Requires -Version 7.4
#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
<#
    User journeys through the BitsLite cmdlets, against a real host: synchronous and asynchronous downloads,
    Wait-/Complete-Transfer, Suspend-/Resume-Transfer, pipelines with -WhatIf and -Confirm, error ids, help, and the
    host itself. The module is imported from the repository (build first: `dotnet build` stages it under module/).
    Every test runs against a private BITSLITE_HOME, so it neither sees nor touches your own transfers; sources are
    local files, and, where python3 exists, a `python3 -m http.server` on 127.0.0.1.

    Run: Invoke-Pester -Path tests/pester   (./build.ps1 -Task Test runs it after the xunit suite)
#>

Describe 'BitsLite' {
    BeforeAll {
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'

        $RepositoryRoot = (Resolve-Path -Path (Join-Path $PSScriptRoot '../..')).Path
        $Manifest = Join-Path $RepositoryRoot 'BitsLite.psd1'
        if (-not (Test-Path -Path (Join-Path $RepositoryRoot 'module/BitsLite.PowerShell.dll'))) {
            throw "The module is not built: run 'dotnet build' in $RepositoryRoot first."
        }

        # A private data root for the host these tests start. The host's socket lives there, and Unix socket paths
        # must stay short (about 100 characters): fall back to /tmp where the temporary directory is deep (macOS).
        $SavedEnvironment = @{
            BITSLITE_HOME         = $env:BITSLITE_HOME
            BITSLITE_IDLE_TIMEOUT = $env:BITSLITE_IDLE_TIMEOUT
        }
        $DataRoot = Join-Path $TestDrive 'h'
        $DataRootOutsideTestDrive = $false
        if (-not $IsWindows -and (Join-Path $DataRoot 'host.sock').Length -gt 90) {
            $DataRoot = Join-Path '/tmp' ('bitslite-pester-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
            $DataRootOutsideTestDrive = $true
        }

        $env:BITSLITE_HOME = $DataRoot
        # A host left behind by an interrupted run exits by itself once idle.
        $env:BITSLITE_IDLE_TIMEOUT = '120'
        Import-Module -Name $Manifest -Force

        function New-TestFile {
            param([string] $Path, [int] $Bytes, [int] $Seed = 1)
            $data = [byte[]]::new($Bytes)
            [System.Random]::new($Seed).NextBytes($data)
            [System.IO.File]::WriteAllBytes($Path, $data)
            $Path
        }

        function Get-Hash {
            param([string] $Path)
            (Get-FileHash -Path $Path -Algorithm SHA256).Hash
        }

        function Get-PartFile {
            param([string] $Directory)
            @(Get-ChildItem -Path $Directory -Filter '*.bitslite-part' -Force)
        }

        $SourceDirectory = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'sources')
        $SmallFile = New-TestFile -Path (Join-Path $SourceDirectory 'small.bin') -Bytes 262144 -Seed 1
        $OtherFile = New-TestFile -Path (Join-Path $SourceDirectory 'other.bin') -Bytes 131072 -Seed 2
        # Big enough that a transfer limited to a few KiB/s is still running minutes later.
        $LargeFile = New-TestFile -Path (Join-Path $SourceDirectory 'large.bin') -Bytes 4194304 -Seed 3

        # A tiny HTTP server, when python3 is there; tests that need it are skipped otherwise.
        $HttpServer = $null
        $HttpBase = $null
        $Python = Get-Command -Name python3 -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($Python) {
            $WebRoot = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'www')
            New-TestFile -Path (Join-Path $WebRoot 'page.bin') -Bytes 300000 -Seed 4 | Out-Null
            $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
            $listener.Start()
            $port = $listener.LocalEndpoint.Port
            $listener.Stop()
            $HttpServer = Start-Process -FilePath $Python.Source -ArgumentList '-m', 'http.server', '--bind', '127.0.0.1', "$port" `
                -WorkingDirectory $WebRoot -PassThru `
                -RedirectStandardOutput (Join-Path $TestDrive 'http.out') -RedirectStandardError (Join-Path $TestDrive 'http.err')
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            $ready = $false
            while (-not $ready -and [DateTime]::UtcNow -lt $deadline -and -not $HttpServer.HasExited) {
                try {
                    $client = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $port)
                    $client.Dispose()
                    $ready = $true
                }
                catch {
                    Start-Sleep -Milliseconds 100
                }
            }

            if ($ready) {
                $HttpBase = "http://127.0.0.1:$port"
            }
        }
    }

    AfterAll {
        if (Get-Module -Name BitsLite) {
            try {
                # The host these tests started (if the last test did not stop it already); jobs.db stays in TestDrive.
                Stop-TransferHost -Confirm:$false -ErrorAction SilentlyContinue
            }
            catch {
                Write-Warning "Could not stop the test host (BITSLITE_HOME=$DataRoot): $_"
            }

            Remove-Module -Name BitsLite -Force -ErrorAction SilentlyContinue
        }

        if ($HttpServer -and -not $HttpServer.HasExited) {
            Stop-Process -Id $HttpServer.Id -Force -ErrorAction SilentlyContinue
        }

        foreach ($name in $SavedEnvironment.Keys) {
            # $null removes a variable that was not set before.
            [System.Environment]::SetEnvironmentVariable($name, $SavedEnvironment[$name])
        }

        if ($DataRootOutsideTestDrive -and (Test-Path -Path $DataRoot)) {
            Remove-Item -Path $DataRoot -Recurse -Force -ErrorAction SilentlyContinue
        }
    }

    Context 'the module' {
        It 'exports the sixteen cmdlets' {
            $names = (Get-Command -Module BitsLite).Name
            $names.Count | Should -Be 16
            $names | Should -Contain 'Start-Transfer'
            $names | Should -Contain 'Unregister-TransferHost'
        }
    }

    Context 'a synchronous Start-Transfer' {
        BeforeAll {
            $Destinations = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'sync')
        }

        It 'downloads a local file, completes the transfer and returns it Acknowledged' {
            $destination = Join-Path $Destinations 'small.bin'

            $transfer = Start-Transfer -Source $SmallFile -Destination $destination -DisplayName 'sync-local'

            $transfer.GetType().FullName | Should -Be 'BitsLite.Transfer'
            "$($transfer.State)" | Should -Be 'Acknowledged'
            $transfer.DisplayName | Should -Be 'sync-local'
            "$($transfer.Priority)" | Should -Be 'Foreground'
            Get-Hash $destination | Should -Be (Get-Hash $SmallFile)
            Get-PartFile $Destinations | Should -BeNullOrEmpty
        }

        It 'saves into an existing directory under the source name, from a file:// URL' {
            $directory = New-Item -ItemType Directory -Path (Join-Path $Destinations 'into')
            $url = ([System.Uri] $OtherFile).AbsoluteUri

            $transfer = Start-Transfer -Source $url -Destination $directory.FullName

            "$($transfer.State)" | Should -Be 'Acknowledged'
            Get-Hash (Join-Path $directory 'other.bin') | Should -Be (Get-Hash $OtherFile)
        }

        It 'downloads over HTTP' {
            if (-not $HttpBase) {
                Set-ItResult -Skipped -Because 'python3 is not available to serve files over HTTP'
                return
            }

            $destination = Join-Path $Destinations 'page.bin'

            $transfer = Start-Transfer -Source "$HttpBase/page.bin" -Destination $destination

            "$($transfer.State)" | Should -Be 'Acknowledged'
            $transfer.BytesTransferred | Should -Be 300000
            Get-Hash $destination | Should -Be (Get-Hash (Join-Path $TestDrive 'www/page.bin'))
        }

        It 'is stopped by -WhatIf before anything is created' {
            $destination = Join-Path $Destinations 'whatif.bin'

            $result = Start-Transfer -Source $SmallFile -Destination $destination -DisplayName 'sync-whatif' -WhatIf

            $result | Should -BeNullOrEmpty
            Test-Path -Path $destination | Should -BeFalse
            Get-Transfer -Name 'sync-whatif' -All -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
    }

    Context 'an asynchronous Start-Transfer' {
        BeforeAll {
            $Destinations = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'async')
        }

        It 'returns the transfer at once; the file appears only after Wait-Transfer and Complete-Transfer' {
            $destination = Join-Path $Destinations 'small.bin'

            $transfer = Start-Transfer -Source $SmallFile -Destination $destination -Asynchronous -DisplayName 'async-one'

            "$($transfer.State)" | Should -BeIn @('Queued', 'Connecting', 'Transferring', 'Transferred')
            (Get-Transfer -Id $transfer.Id).DisplayName | Should -Be 'async-one'
            (Get-Transfer -Name 'async-*').Id | Should -Contain $transfer.Id

            $settled = $transfer | Wait-Transfer -Timeout 120

            "$($settled.State)" | Should -Be 'Transferred'
            Test-Path -Path $destination | Should -BeFalse
            (Get-Transfer -State Transferred).Id | Should -Contain $transfer.Id

            $completed = $settled | Complete-Transfer -PassThru

            "$($completed.State)" | Should -Be 'Acknowledged'
            Get-Hash $destination | Should -Be (Get-Hash $SmallFile)
            (Get-Transfer -Name 'async-one' -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
            "$((Get-Transfer -Name 'async-one' -All).State)" | Should -Be 'Acknowledged'
        }

        It 'creates one transfer per row piped from Import-Csv' {
            $csv = Join-Path $TestDrive 'files.csv'
            @(
                [pscustomobject]@{ Source = $SmallFile; Destination = (Join-Path $Destinations 'row1.bin') }
                [pscustomobject]@{ Source = $OtherFile; Destination = (Join-Path $Destinations 'row2.bin') }
            ) | Export-Csv -Path $csv -NoTypeInformation

            $transfers = @(Import-Csv -Path $csv | Start-Transfer -Asynchronous -Priority Low)

            $transfers.Count | Should -Be 2
            $transfers | ForEach-Object { "$($_.Priority)" } | Should -Be @('Low', 'Low')
            $transfers | Wait-Transfer -Timeout 120 | Complete-Transfer
            Get-Hash (Join-Path $Destinations 'row1.bin') | Should -Be (Get-Hash $SmallFile)
            Get-Hash (Join-Path $Destinations 'row2.bin') | Should -Be (Get-Hash $OtherFile)
        }

        It 'adds files to a suspended transfer and runs them all' {
            $transfer = Start-Transfer -Source $SmallFile -Destination (Join-Path $Destinations 'part1.bin') -Suspended -DisplayName 'async-added'
            "$($transfer.State)" | Should -Be 'Suspended'

            $added = Add-TransferFile -Transfer $transfer -Source $OtherFile -Destination (Join-Path $Destinations 'part2.bin') -PassThru

            $added.FilesTotal | Should -Be 2
            "$($added.State)" | Should -Be 'Suspended'
            Resume-Transfer -Transfer $transfer -Asynchronous
            Wait-Transfer -Id $transfer.Id -Timeout 120 | Complete-Transfer
            Get-Hash (Join-Path $Destinations 'part1.bin') | Should -Be (Get-Hash $SmallFile)
            Get-Hash (Join-Path $Destinations 'part2.bin') | Should -Be (Get-Hash $OtherFile)
        }
    }

    Context 'Suspend-Transfer, Resume-Transfer and Set-Transfer' {
        BeforeAll {
            $Destinations = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'suspend')
        }

        It 'suspends a running transfer, keeps it with -WhatIf, and resumes it to the end' {
            $destination = Join-Path $Destinations 'large.bin'
            $transfer = Start-Transfer -Source $LargeFile -Destination $destination -Asynchronous -MaxBandwidth 65536 -DisplayName 'pause-me'

            Get-Transfer -Name 'pause-*' | Suspend-Transfer -WhatIf
            "$((Get-Transfer -Id $transfer.Id).State)" | Should -Not -Be 'Suspended'

            Suspend-Transfer -Transfer $transfer
            "$((Get-Transfer -Id $transfer.Id).State)" | Should -Be 'Suspended'

            $resumed = Resume-Transfer -Transfer $transfer -Asynchronous -PassThru
            "$($resumed.State)" | Should -BeIn @('Queued', 'Connecting', 'Transferring', 'Transferred')

            # Lift the speed limit so that the rest arrives at once.
            Set-Transfer -Transfer $transfer -MaxBandwidth 0
            $settled = Wait-Transfer -Id $transfer.Id -Timeout 120
            "$($settled.State)" | Should -Be 'Transferred'
            Test-Path -Path $destination | Should -BeFalse

            Complete-Transfer -Id $transfer.Id
            Get-Hash $destination | Should -Be (Get-Hash $LargeFile)
        }

        It 'waits in a synchronous Resume-Transfer, which does not complete the transfer' {
            $destination = Join-Path $Destinations 'resumed.bin'
            $transfer = Start-Transfer -Source $SmallFile -Destination $destination -Suspended

            $resumed = Resume-Transfer -Transfer $transfer -PassThru

            "$($resumed.State)" | Should -Be 'Transferred'
            Test-Path -Path $destination | Should -BeFalse
            Complete-Transfer -Transfer $resumed
            Test-Path -Path $destination | Should -BeTrue
        }

        It 'changes settings, and keeps passwords out of sight' {
            $transfer = Start-Transfer -Source $SmallFile -Destination (Join-Path $Destinations 'settings.bin') -Suspended -DisplayName 'settings-before'
            $password = ConvertTo-SecureString -String 'not-a-real-secret' -AsPlainText -Force
            $credential = [System.Management.Automation.PSCredential]::new('alice', $password)

            $changed = Set-Transfer -Transfer $transfer -DisplayName 'settings-after' -Priority Normal -RetryInterval 30 -Credential $credential -PassThru

            $changed.DisplayName | Should -Be 'settings-after'
            "$($changed.Priority)" | Should -Be 'Normal'
            $changed.RetryInterval | Should -Be 30
            @($changed.Credentials).Count | Should -Be 1
            $changed.Credentials[0] | Should -Be 'Server Basic alice'
            ($changed | Format-List * | Out-String) | Should -Not -Match 'not-a-real-secret'
            $changed | Remove-Transfer -Confirm:$false
        }

        It 'switches an upload to a plain PUT, and refuses Put for a download without changing it' {
            # Suspended, so nothing is sent: the URL need not answer.
            $upload = Start-Transfer -TransferType Upload -Source $SmallFile -Destination 'http://127.0.0.1:9/in/small.bin' -Suspended
            "$($upload.UploadMethod)" | Should -Be 'Bits'

            $changed = $upload | Set-Transfer -UploadMethod Put -PassThru

            "$($changed.UploadMethod)" | Should -Be 'Put'
            "$((Get-Transfer -Id $upload.Id).UploadMethod)" | Should -Be 'Put'

            $download = Start-Transfer -Source $SmallFile -Destination (Join-Path $Destinations 'no-method.bin') -Suspended -Priority Normal
            { $download | Set-Transfer -UploadMethod Put -Priority Low -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidArgument,BitsLite.PowerShell.Commands.SetTransferCommand'
            $kept = Get-Transfer -Id $download.Id
            "$($kept.UploadMethod)" | Should -Be 'Bits'
            "$($kept.Priority)" | Should -Be 'Normal'

            $upload, $download | Remove-Transfer -Confirm:$false
        }
    }

    Context 'removing transfers through the pipeline' {
        BeforeAll {
            $Destinations = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'remove')
            # Slow enough to still be running, with their temporary files on disk, while the tests look.
            Start-Transfer -Source $LargeFile -Destination (Join-Path $Destinations 'a.bin') -Asynchronous -MaxBandwidth 4096 -DisplayName 'doomed-a' | Out-Null
            Start-Transfer -Source $LargeFile -Destination (Join-Path $Destinations 'b.bin') -Asynchronous -MaxBandwidth 4096 -DisplayName 'doomed-b' | Out-Null
        }

        It 'changes nothing with -WhatIf' {
            Get-Transfer -Name 'doomed-*' | Remove-Transfer -WhatIf

            $live = @(Get-Transfer -Name 'doomed-*')
            $live.Count | Should -Be 2
            $live | ForEach-Object { "$($_.State)" } | Should -Not -Contain 'Cancelled'
        }

        It 'cancels them with -Confirm:$false and deletes their temporary files' {
            Get-Transfer -Name 'doomed-*' | Remove-Transfer -Confirm:$false

            Get-Transfer -Name 'doomed-*' | Should -BeNullOrEmpty
            $all = @(Get-Transfer -Name 'doomed-*' -All)
            $all.Count | Should -Be 2
            $all | ForEach-Object { "$($_.State)" } | Should -Be @('Cancelled', 'Cancelled')
            Get-PartFile $Destinations | Should -BeNullOrEmpty
            Test-Path -Path (Join-Path $Destinations 'a.bin') | Should -BeFalse
        }
    }

    Context 'errors' {
        BeforeAll {
            $Destinations = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'errors')
        }

        It 'reports a name that matches no transfer as TransferNameNotFound' {
            { Get-Transfer -Name 'nosuch' -ErrorAction Stop } |
                Should -Throw -ErrorId 'TransferNameNotFound,BitsLite.PowerShell.Commands.GetTransferCommand'
        }

        It 'writes neither objects nor errors for a wildcard that matches nothing' {
            $result = Get-Transfer -Name 'nosuch*' -ErrorVariable problems -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $problems | Should -BeNullOrEmpty
        }

        It 'reports an unknown id as NotFound' {
            { Get-Transfer -Id ([guid]::NewGuid()) -ErrorAction Stop } |
                Should -Throw -ErrorId 'NotFound,BitsLite.PowerShell.Commands.GetTransferCommand'
        }

        It 'refuses to complete a transfer that is still running' {
            $transfer = Start-Transfer -Source $LargeFile -Destination (Join-Path $Destinations 'running.bin') -Asynchronous -MaxBandwidth 4096 -DisplayName 'still-running'

            { $transfer | Complete-Transfer -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidState,BitsLite.PowerShell.Commands.CompleteTransferCommand'

            $transfer | Remove-Transfer -Confirm:$false
        }

        It 'refuses to complete a transfer twice' {
            $transfer = Start-Transfer -Source $SmallFile -Destination (Join-Path $Destinations 'twice.bin')
            "$($transfer.State)" | Should -Be 'Acknowledged'

            { $transfer | Complete-Transfer -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidState,BitsLite.PowerShell.Commands.CompleteTransferCommand'
        }

        It 'reports a local source that does not exist as InvalidParameters and creates nothing' {
            { Start-Transfer -Source (Join-Path $TestDrive 'missing.bin') -Destination $Destinations.FullName -DisplayName 'never' -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidParameters,BitsLite.PowerShell.Commands.StartTransferCommand'

            Get-Transfer -Name 'never' -All -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'ends Set-Transfer when -Authentication comes without -Credential' {
            $transfer = Start-Transfer -Source $SmallFile -Destination (Join-Path $Destinations 'auth.bin') -Suspended

            { $transfer | Set-Transfer -Authentication Digest } |
                Should -Throw -ErrorId 'InvalidParameters,BitsLite.PowerShell.Commands.SetTransferCommand'

            $transfer | Remove-Transfer -Confirm:$false
        }

        It 'ends Set-TransferPolicy when there is nothing to change' {
            { Set-TransferPolicy } |
                Should -Throw -ErrorId 'InvalidParameters,BitsLite.PowerShell.Commands.SetTransferPolicyCommand'
        }
    }

    Context 'the policy' {
        It 'changes and shows the host-wide policy' {
            $before = Get-TransferPolicy

            $policy = Set-TransferPolicy -MaxActiveJobs 3 -PassThru

            $policy.MaxActiveJobs | Should -Be 3
            (Get-TransferPolicy).MaxActiveJobs | Should -Be 3
            Set-TransferPolicy -MaxActiveJobs $before.MaxActiveJobs
        }
    }

    Context 'help' {
        It 'Get-Help shows at least two examples for Start-Transfer, and about_BitsLite, from the packaged layout' {
            # Get-Help reads a module's help from <ModuleBase>/en-US. Lay the module out as the PackageModule target
            # does (manifest at the root, help in en-US beside it) and ask a fresh pwsh, which loads that copy.
            $package = Join-Path $TestDrive 'package/BitsLite'
            New-Item -ItemType Directory -Path (Join-Path $package 'module'), (Join-Path $package 'en-US') -Force | Out-Null
            Copy-Item -Path $Manifest -Destination $package
            Copy-Item -Path (Join-Path $RepositoryRoot 'module/*.dll'), (Join-Path $RepositoryRoot 'module/BitsLite.Format.ps1xml') -Destination (Join-Path $package 'module')
            Copy-Item -Path (Join-Path $RepositoryRoot 'module/en-US/*') -Destination (Join-Path $package 'en-US')
            $reader = Join-Path $TestDrive 'read-help.ps1'
            Set-Content -Path $reader -Value @'
param([string] $Manifest)
$ErrorActionPreference = 'Stop'
Import-Module -Name $Manifest
$help = Get-Help -Name Start-Transfer -Examples
[pscustomobject]@{
    Synopsis = "$($help.Synopsis)"
    Examples = @($help.examples.example).Count
    Code     = @($help.examples.example | ForEach-Object { "$($_.code)" })
    About    = (Get-Help -Name about_BitsLite | Out-String)
} | ConvertTo-Json -Depth 3
'@
            $pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')

            $output = & $pwsh -NoProfile -NonInteractive -File $reader -Manifest (Join-Path $package 'BitsLite.psd1')

            $LASTEXITCODE | Should -Be 0
            $help = $output | Out-String | ConvertFrom-Json
            $help.Synopsis | Should -Match 'transfer'
            $help.Examples | Should -BeGreaterOrEqual 2
            $help.Code | ForEach-Object { $_ | Should -Match 'Start-Transfer' }
            $help.About | Should -Match 'Complete-Transfer'
        }

        It 'Get-Help finds the cmdlet help when the module is imported from the repository root' {
            # Cmdlet help is looked up beside the cmdlet assembly too (module/en-US), not only in <ModuleBase>/en-US.
            # about_ topics are looked up only in <ModuleBase>/en-US, which is why the packaged layout copies them there.
            @((Get-Help -Name Start-Transfer -Examples).examples.example).Count | Should -BeGreaterOrEqual 2
        }
    }

    Context 'the host' {
        It 'runs with the private data root, and stops on Stop-TransferHost' {
            $status = Get-TransferHost

            $status.IsRunning | Should -BeTrue
            $status.ProcessId | Should -BeGreaterThan 0
            $status.Database | Should -Be (Join-Path $DataRoot 'jobs.db')

            Stop-TransferHost -Confirm:$false

            (Get-TransferHost).IsRunning | Should -BeFalse
        }
    }
}
