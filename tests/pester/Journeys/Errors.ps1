Describe 'errors' {
    BeforeAll {
        $Destinations = New-Item -ItemType Directory -Path (Join-Path $Scratch 'errors')
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

    It 'reports an unknown id as NotFound, an ObjectNotFound error about that id' {
        $id = [guid]::NewGuid()

        Get-Transfer -Id $id -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].FullyQualifiedErrorId | Should -Be 'NotFound,BitsLite.PowerShell.Commands.GetTransferCommand'
        "$($problems[0].CategoryInfo.Category)" | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be $id
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

    # The defect: parameter errors carried no target, and their messages started in lowercase.
    It 'reports a local source that does not exist as InvalidParameters, with what was given, and creates nothing' {
        $missing = Join-Path $Scratch 'missing.bin'

        Start-Transfer -Source $missing -Destination $Destinations.FullName -DisplayName 'never' -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].FullyQualifiedErrorId | Should -Be 'InvalidParameters,BitsLite.PowerShell.Commands.StartTransferCommand'
        "$($problems[0].CategoryInfo.Category)" | Should -Be 'InvalidArgument'
        $problems[0].Exception.Message | Should -MatchExactly '^[A-Z].*\.$'
        $problems[0].TargetObject.Source | Should -Be @($missing)
        $problems[0].TargetObject.Destination | Should -Be @($Destinations.FullName)
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

    # The defect: every failed transfer was a ConnectionError whose exception code was HostFailure.
    It 'reports a 404 as TransferFailed: an ObjectNotFound error whose exception code is TransferFailed' {
        $transfer = $null

        Start-Transfer -Source "$HttpBase/no-such-page.bin" -Destination (Join-Path $Destinations '404.bin') -OutVariable transfer -ErrorVariable problems -ErrorAction SilentlyContinue | Out-Null

        $problems[0].FullyQualifiedErrorId | Should -Be 'TransferFailed,BitsLite.PowerShell.Commands.StartTransferCommand'
        "$($problems[0].CategoryInfo.Category)" | Should -Be 'ObjectNotFound'
        "$($problems[0].Exception.Code)" | Should -Be 'TransferFailed'
        $problems[0].TargetObject.HttpStatus | Should -Be 404
        "$($transfer[0].State)" | Should -Be 'Error'
        "$($transfer[0].ErrorContext)" | Should -Be 'RemoteFile'
        $transfer | Remove-Transfer -Confirm:$false
    }

    It 'reports a destination directory that went away as a WriteError, not a connection error' {
        $directory = New-Item -ItemType Directory -Path (Join-Path $Destinations 'gone')
        $transfer = Start-Transfer -Source $SmallFile -Destination (Join-Path $directory 'x.bin') -Suspended
        Remove-Item -Path $directory -Recurse -Force

        Resume-Transfer -Transfer $transfer -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].FullyQualifiedErrorId | Should -Be 'TransferFailed,BitsLite.PowerShell.Commands.ResumeTransferCommand'
        "$($problems[0].CategoryInfo.Category)" | Should -Be 'WriteError'
        "$($transfer.ErrorContext)" | Should -Be 'LocalFile'
        $transfer | Remove-Transfer -Confirm:$false
    }

    It 'never shows a -Credential password: not in the transfer, its JSON, an error, or verbose output' {
        $secret = 'pw-' + [guid]::NewGuid().ToString('N')
        $credential = [System.Management.Automation.PSCredential]::new('carol', (ConvertTo-SecureString -String $secret -AsPlainText -Force))

        $transfer = Start-Transfer -Source $SmallFile -Destination (Join-Path $Destinations 'secret.bin') -Suspended -Credential $credential -Verbose 4>&1 |
            Tee-Object -Variable everything | Where-Object { $_ -is [BitsLite.Transfer] }
        # A refused request too: the error's target lists what was given.
        Start-Transfer -Source $SmallFile -Destination (Join-Path $Scratch 'no/such/dir/x.bin') -Credential $credential -ErrorVariable problems -ErrorAction SilentlyContinue -Verbose 4>&1 |
            Tee-Object -Variable more | Out-Null

        $seen = @(
            ($transfer | Format-List * | Out-String)
            ($transfer | ConvertTo-Json -Depth 5)
            ($everything + $more | Out-String)
            ($problems | Format-List * -Force | Out-String)
            ($problems | ForEach-Object { $_.TargetObject } | ConvertTo-Json -Depth 5)
        ) -join "`n"
        $seen | Should -Not -Match $secret
        $problems[0].TargetObject.Credential | Should -Be 'carol'
        $transfer | Remove-Transfer -Confirm:$false
    }
}
