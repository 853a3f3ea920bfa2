# Microsoft's documented examples for the BitsTransfer cmdlets, changed only in URLs and paths (and in what the docs
# get wrong: Add-BitsTransfer -ClientFileName, a credential given to -ProxyAuthentication). What BitsLite cannot do,
# such as -AllUsers, fails with NotSupportedByBitsLite. Microsoft's proxy example needs a proxy and is not run.
Describe 'the BitsTransfer compatibility module' {
    BeforeAll {
        $env:PSModulePath = (Join-Path $RepositoryRoot 'module') + [System.IO.Path]::PathSeparator + $SavedEnvironment.PSModulePath
        Import-Module -Name BitsTransfer -Force

        # The examples act on every job of the user ("Get-BitsTransfer | Complete-BitsTransfer"): start from none.
        Get-Transfer | Remove-Transfer -Confirm:$false
        $Work = New-Item -ItemType Directory -Path (Join-Path $Scratch 'bits')
        $FileList = Join-Path $Work 'filelist.txt'
        Set-Content -Path $FileList -Value @(
            'Source, Destination'
            "$HttpBase/page.bin, $(Join-Path $Work 'testfile1.txt')"
            "$SmallFile, $(Join-Path $Work 'testfile2.txt')"
        )

        $UploadDirectory = New-Item -ItemType Directory -Path (Join-Path $Scratch 'uploads')
        $uploadServer = Join-Path $RepositoryRoot 'src/BitsLite.UploadServer/bin/Debug/net10.0/bitslite-upload-server'
        $UploadLog = Join-Path $Scratch 'upload-server.out'
        $UploadServer = Start-Process -FilePath $uploadServer -ArgumentList '--directory', $UploadDirectory, '--urls', 'http://127.0.0.1:0' `
            -PassThru -RedirectStandardOutput $UploadLog -RedirectStandardError (Join-Path $Scratch 'upload-server.err')
        Wait-Until -Because 'the upload server to listen' -Condition { (Get-Content -Path $UploadLog -Raw -ErrorAction SilentlyContinue) -match 'listening on (\S+)' }
        $UploadBase = ((Get-Content -Path $UploadLog -Raw) -replace '(?s).*listening on (\S+?)/?\s.*', '$1')
    }

    AfterAll {
        Get-Transfer | Remove-Transfer -Confirm:$false
        Remove-Module -Name BitsTransfer -ErrorAction SilentlyContinue
        $env:PSModulePath = $SavedEnvironment.PSModulePath
        if ($UploadServer -and -not $UploadServer.HasExited) { Stop-Process -Id $UploadServer.Id -Force }
    }

    It 'exports the eight BitsTransfer cmdlets' {
        (Get-Command -Module BitsTransfer).Name | Sort-Object |
            Should -Be @('Add-BitsFile', 'Complete-BitsTransfer', 'Get-BitsTransfer', 'Remove-BitsTransfer', 'Resume-BitsTransfer', 'Set-BitsTransfer', 'Start-BitsTransfer', 'Suspend-BitsTransfer')
    }

    It 'has help for every cmdlet, and about_BitsTransfer' {
        foreach ($command in Get-Command -Module BitsTransfer) {
            $help = Get-Help -Name $command.Name -Full
            "$($help.Synopsis)" | Should -Not -BeLike "$($command.Name)*" -Because "$($command.Name) needs a synopsis"
            @($help.examples.example).Count | Should -BeGreaterOrEqual 1 -Because "$($command.Name) needs an example"
        }

        Get-Help -Name about_BitsTransfer | Out-String | Should -Match 'NotSupportedByBitsLite'
    }

    It 'Start-BitsTransfer example 1: downloads synchronously, and writes nothing' {
        $destination = Join-Path $Work 'example1.txt'

        $output = Start-BitsTransfer -Source "$HttpBase/page.bin" -Destination $destination
        Start-BitsTransfer "$HttpBase/page.bin" (Join-Path $Work 'example1-positional.txt')

        $output | Should -BeNullOrEmpty
        Get-Hash $destination | Should -Be (Get-Hash $PageFile)
        Get-Hash (Join-Path $Work 'example1-positional.txt') | Should -Be (Get-Hash $PageFile)
    }

    It 'Start-BitsTransfer example 2: one job per row of a CSV' {
        Import-CSV $FileList | Start-BitsTransfer

        Get-Hash (Join-Path $Work 'testfile1.txt') | Should -Be (Get-Hash $PageFile)
        Get-Hash (Join-Path $Work 'testfile2.txt') | Should -Be (Get-Hash $SmallFile)
    }

    It 'Start-BitsTransfer examples 3 and 8: uploads, one file and one per CSV row' {
        Start-BitsTransfer -Source $SmallFile -Destination "$UploadBase/testfile1.txt" -TransferType Upload
        $uploads = Join-Path $Work 'uploads.txt'
        Set-Content -Path $uploads -Value @('Source, Destination', "$OtherFile, $UploadBase/testfile2.txt", "$PageFile, $UploadBase/testfile3.txt")
        Import-CSV $uploads | Start-BitsTransfer -TransferType Upload

        Get-Hash (Join-Path $UploadDirectory 'testfile1.txt') | Should -Be (Get-Hash $SmallFile)
        Get-Hash (Join-Path $UploadDirectory 'testfile2.txt') | Should -Be (Get-Hash $OtherFile)
        Get-Hash (Join-Path $UploadDirectory 'testfile3.txt') | Should -Be (Get-Hash $PageFile)
    }

    It 'Start-BitsTransfer example 4: takes -Credential and -Authentication' {
        $cred = [System.Management.Automation.PSCredential]::new('user01', (ConvertTo-SecureString -String 'not-secret' -AsPlainText -Force))

        Start-BitsTransfer -DisplayName MyJob -Credential $cred -Source "$HttpBase/page.bin" -Destination (Join-Path $Work 'example4.txt') -Authentication basic

        Get-Hash (Join-Path $Work 'example4.txt') | Should -Be (Get-Hash $PageFile)
    }

    It 'Start-BitsTransfer example 5: the asynchronous job, polled until it is Transferred, then completed' {
        $destination = Join-Path $Work 'example5.txt'

        $Job = Start-BitsTransfer -Source "$HttpBase/page.bin" -Destination $destination -Asynchronous
        # The docs' loop waits out Transferring and Connecting; a job just created may still be Queued, and a second loop
        # for that alone could leave just as the job moves on to Connecting, so one loop waits out all three.
        while ($Job.JobState -in 'Queued', 'Connecting', 'Transferring') { Start-Sleep -Milliseconds 100 }
        $outcome = Switch ($Job.JobState) {
            "Transferred" { Complete-BitsTransfer -BitsJob $Job; 'completed' }
            "Error" { $Job | Format-List }
            default { "Other action" }
        }

        $outcome | Should -Be 'completed'
        Get-Hash $destination | Should -Be (Get-Hash $PageFile)
    }

    It 'Start-BitsTransfer example 6: asynchronous jobs from a CSV at Normal priority' {
        Remove-Item -Path (Join-Path $Work 'testfile*.txt')

        $jobs = @(Import-CSV $FileList | Start-BitsTransfer -Asynchronous -Priority Normal)

        $jobs.Count | Should -Be 2
        $jobs | ForEach-Object { "$($_.Priority)" } | Should -Be @('Normal', 'Normal')
        $jobs | ForEach-Object { Wait-Until -Because 'the job to transfer' -Condition { "$($_.JobState)" -eq 'Transferred' } }
        Get-BitsTransfer | Complete-BitsTransfer
        Get-Hash (Join-Path $Work 'testfile1.txt') | Should -Be (Get-Hash $PageFile)
    }

    It 'Start-BitsTransfer example 7: a local wildcard source makes one job' {
        $directory = New-Item -ItemType Directory -Path (Join-Path $Work 'clientdir')

        Start-BitsTransfer -Source (Join-Path $SourceDirectory '*.bin') -Destination $directory.FullName -TransferType Download

        @(Get-ChildItem -Path $directory -File).Count | Should -Be 3
    }

    It 'Get-BitsTransfer examples 1, 2 and 4: all jobs, by JobId, by name, in the BITS table' {
        $one = Start-BitsTransfer -Source $SmallFile -Destination (Join-Path $Work 'get1.bin') -Suspended -DisplayName 'TestJob1'
        $two = Start-BitsTransfer -Source $SmallFile -Destination (Join-Path $Work 'get2.bin') -Suspended -DisplayName 'TestJob2'

        @(Get-BitsTransfer).JobId | Should -Be @($one.JobId, $two.JobId)
        (Get-BitsTransfer -JobId $one.JobId.ToString().ToUpperInvariant()).DisplayName | Should -Be 'TestJob1'
        (Get-BitsTransfer -Name "TestJob1").JobId | Should -Be $one.JobId
        (Get-BitsTransfer -Name "TestJob*").Count | Should -Be 2
        (Get-BitsTransfer | Format-Table | Out-String -Width 100) | Should -Match 'JobId\s+DisplayName\s+TransferType\s+JobState\s+OwnerAccount'
        $one.OwnerAccount | Should -Be ([System.Environment]::UserName)
    }

    It 'Get-BitsTransfer example 3 and Set-BitsTransfer example 2: -AllUsers is refused clearly' {
        { Get-BitsTransfer -AllUsers -Name "*Microsoft*", "*Windows*" } |
            Should -Throw -ErrorId 'NotSupportedByBitsLite,Get-BitsTransfer' -ExpectedMessage "*each user's*"
    }

    It 'Set-BitsTransfer examples 1 and 4: priority by JobId, and a proxy list on every job' {
        $Bits = Get-BitsTransfer -JobId (Get-BitsTransfer -Name TestJob1).JobId

        Set-BitsTransfer -BitsJob $Bits -Priority High
        Get-BitsTransfer | Set-BitsTransfer -ProxyUsage Override -ProxyList "http://proxy1", "http://proxy2:81" -ProxyBypass "directconnect"

        "$($Bits.Priority)" | Should -Be 'High'
        "$($Bits.ProxyUsage)" | Should -Be 'Override'
        $Bits.ProxyList | Should -Be @('proxy1:80', 'proxy2:81')
        $Bits.ProxyBypassList | Should -Be @('directconnect')
    }

    It 'Set-BitsTransfer example 3 fails to bind as it does on Windows: it gives a credential to -ProxyAuthentication' {
        $Bits = Get-BitsTransfer -Name TestJob1
        $Cred = [System.Management.Automation.PSCredential]::new('proxyuser', (ConvertTo-SecureString -String 'x' -AsPlainText -Force))

        { Set-BitsTransfer -BitsJob $Bits -ProxyUsage AutoDetect -ProxyAuthentication $Cred } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Set-BitsTransfer'
        Set-BitsTransfer -BitsJob $Bits -ProxyUsage AutoDetect -ProxyCredential $Cred -ProxyAuthentication Basic
        "$($Bits.ProxyUsage)" | Should -Be 'AutoDetect'
    }

    It 'Suspend-, Resume- and Complete-BitsTransfer examples: through the pipeline, synchronously' {
        Get-BitsTransfer | Suspend-BitsTransfer | ForEach-Object { "$($_.JobState)" } | Should -Be @('Suspended', 'Suspended')

        Get-BitsTransfer -Name "TestJob1" | Resume-BitsTransfer
        "$((Get-BitsTransfer -Name TestJob1).JobState)" | Should -Be 'Transferred'
        Get-BitsTransfer | Resume-BitsTransfer
        Get-BitsTransfer -Name testjob1 | Complete-BitsTransfer
        Get-BitsTransfer | Complete-BitsTransfer

        Get-BitsTransfer | Should -BeNullOrEmpty
        Get-Hash (Join-Path $Work 'get1.bin') | Should -Be (Get-Hash $SmallFile)
        Get-Hash (Join-Path $Work 'get2.bin') | Should -Be (Get-Hash $SmallFile)
    }

    It 'Remove-BitsTransfer example 1: cancels every job and deletes its temporary files' {
        $null = Start-BitsTransfer -Source $LargeFile -Destination (Join-Path $Work 'removed.bin') -Asynchronous -Priority Low
        Set-Transfer -Transfer (Get-BitsTransfer) -MaxBandwidth 4096

        Get-BitsTransfer | Remove-BitsTransfer

        Get-BitsTransfer | Should -BeNullOrEmpty
        Get-PartFile $Work | Should -BeNullOrEmpty
    }

    It 'Add-BitsFile examples 1, 2 and 3: a piped job, paired arrays, and a CSV into a suspended job' {
        $Bits = Start-BitsTransfer -Suspended
        Import-CSV $FileList | Add-BitsFile -BitsJob $Bits
        $Bits.FileList.Count | Should -Be 2

        Get-BitsTransfer -JobId $Bits.JobId | Add-BitsFile -Source "$HttpBase/page.bin" -Destination (Join-Path $Work 'add1.txt')
        Add-BitsFile -BitsJob $Bits -Source "$HttpBase/page.bin", $OtherFile -Destination (Join-Path $Work 'add2.txt'), (Join-Path $Work 'add3.txt')
        $Bits.FileList.Count | Should -Be 5
        $Bits.FileList[4].LocalName | Should -Be (Join-Path $Work 'add3.txt')
        $Bits.FileList[4].RemoteName | Should -Be $OtherFile

        Resume-BitsTransfer -BitsJob $Bits
        $Bits.FileList | ForEach-Object { $_.IsTransferComplete | Should -BeTrue }
        Complete-BitsTransfer -BitsJob $Bits
        Get-Hash (Join-Path $Work 'add3.txt') | Should -Be (Get-Hash $OtherFile)
    }

    It 'Resume-BitsTransfer example 2, corrected: a suspended job, a file added, resumed asynchronously' {
        $Bits = Start-BitsTransfer -DisplayName "MyJob" -Suspended
        Add-BitsFile -BitsJob $Bits -Source "$HttpBase/page.bin" -Destination (Join-Path $Work 'myFile')

        $resumed = Resume-BitsTransfer -BitsJob $Bits -Asynchronous

        $resumed.JobId | Should -Be $Bits.JobId
        Wait-Until -Because 'MyJob to transfer' -Condition { "$($Bits.JobState)" -eq 'Transferred' }
        $Bits.ErrorCondition | Should -Be 'NoError'
        $Bits.InternalErrorCode | Should -Be 0
        Complete-BitsTransfer -BitsJob $Bits
    }

    It 'reports a failed job with BITS error properties: ErrorCondition and the HTTP HRESULT' {
        $job = Start-BitsTransfer -Source "$HttpBase/missing.txt" -Destination (Join-Path $Work 'missing.txt') -Asynchronous

        Wait-Until -Because 'the job to fail' -Condition { "$($job.JobState)" -eq 'Error' }

        $job.ErrorCondition | Should -Be 'Error'
        '0x{0:X8}' -f $job.InternalErrorCode | Should -Be '0x80190194'
        $job.ErrorContextDescription | Should -Match 'remote file'
        $job | Remove-BitsTransfer
    }

    It 'says clearly what it cannot do, instead of failing to bind' -ForEach @(
        @{ Parameters = @{ Authentication = 'Passport' }; Expected = '*Passport*' }
        @{ Parameters = @{ UseStoredCredential = 'Proxy' }; Expected = '*credential store*' }
        @{ Parameters = @{ CertStoreLocation = 'CURRENT_USER'; CertStoreName = 'MY'; CertHash = [byte[]] (1..20) }; Expected = '*certificate stores*' }
        @{ Parameters = @{ SecurityFlags = 2 }; Expected = '*certificates*' }
        @{ Parameters = @{ ACLFlags = 'o' }; Expected = '*ACL*' }
        @{ Parameters = @{ HttpMethod = 'POST' }; Expected = '*GET only*' }
    ) {
        { Start-BitsTransfer -Source $SmallFile -Destination (Join-Path $Work 'never.bin') -Suspended @Parameters } |
            Should -Throw -ErrorId 'NotSupportedByBitsLite,Start-BitsTransfer' -ExpectedMessage $Expected
        Get-BitsTransfer | Should -BeNullOrEmpty
    }
}
