Describe 'Suspend-Transfer, Resume-Transfer, Set-Transfer and Wait-Transfer' {
    BeforeAll {
        $Destinations = New-Item -ItemType Directory -Path (Join-Path $Scratch 'control')
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

    It 'stops waiting at -Timeout with WaitTimedOut, and the transfer keeps running' {
        $transfer = Start-Transfer -Source $LargeFile -Destination (Join-Path $Destinations 'slow.bin') -Asynchronous -MaxBandwidth 4096

        { $transfer | Wait-Transfer -Timeout 1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'WaitTimedOut,BitsLite.PowerShell.Commands.WaitTransferCommand'

        "$($transfer.State)" | Should -BeIn @('Queued', 'Connecting', 'Transferring')
        $transfer | Remove-Transfer -Confirm:$false
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
        ($changed | ConvertTo-Json -Depth 5) | Should -Not -Match 'not-a-real-secret'
        $changed | Remove-Transfer -Confirm:$false
    }

    It 'keeps custom headers secret, and sends them to other servers only when asked' {
        $transfer = Start-Transfer -Source $SmallFile -Destination (Join-Path $Destinations 'headers.bin') -Suspended -CustomHeaders 'X-Api-Key: k-7e1d', 'X-Trace: 42'

        @($transfer.CustomHeaders) | Should -Be @('X-Api-Key: ***', 'X-Trace: ***')
        $transfer.CustomHeadersToOtherOrigins | Should -BeFalse
        Set-Transfer -Transfer $transfer -CustomHeadersToOtherOrigins
        $transfer.CustomHeadersToOtherOrigins | Should -BeTrue
        Set-Transfer -Transfer $transfer -CustomHeadersToOtherOrigins:$false -CustomHeaders 'X-Api-Key: k-9f00' -CustomHeadersWriteOnly
        $transfer.CustomHeadersToOtherOrigins | Should -BeFalse
        $transfer.CustomHeadersWriteOnly | Should -BeTrue
        @($transfer.CustomHeaders).Count | Should -Be 0
        ($transfer | Format-List * | Out-String) + ($transfer | ConvertTo-Json -Depth 5) | Should -Not -Match 'k-7e1d|k-9f00'
        $transfer | Remove-Transfer -Confirm:$false
    }

    It 'takes BITS transfer policy names, and says clearly which it cannot honour' {
        $transfer = Start-Transfer -Source $SmallFile -Destination (Join-Path $Destinations 'policy.bin') -Suspended -TransferPolicy Standard
        "$($transfer.TransferPolicy)" | Should -Be 'Unmetered'

        Set-Transfer -Transfer $transfer -TransferPolicy NotRoaming
        "$($transfer.TransferPolicy)" | Should -Be 'Always'

        { Set-Transfer -Transfer $transfer -TransferPolicy BelowCap } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,BitsLite.PowerShell.Commands.SetTransferCommand' -ExpectedMessage '*metered*'
        $transfer | Remove-Transfer -Confirm:$false
    }

    It 'takes -BitsJob and -JobId, the names BitsTransfer scripts use' {
        $transfer = Start-Transfer -Source $SmallFile -Destination (Join-Path $Destinations 'aliases.bin') -Suspended

        Set-Transfer -BitsJob $transfer -Description 'by BitsJob'
        Set-Transfer -JobId $transfer.Id -Priority High

        $transfer.Description | Should -Be 'by BitsJob'
        "$($transfer.Priority)" | Should -Be 'High'
        Remove-Transfer -BitsJob $transfer -Confirm:$false
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

Describe 'removing transfers through the pipeline' {
    BeforeAll {
        $Destinations = New-Item -ItemType Directory -Path (Join-Path $Scratch 'remove')
        # Slow enough to still be running, with their temporary files on disk, while the tests look.
        $Doomed = @(
            Start-Transfer -Source $LargeFile -Destination (Join-Path $Destinations 'a.bin') -Asynchronous -MaxBandwidth 4096 -DisplayName 'doomed-a'
            Start-Transfer -Source $LargeFile -Destination (Join-Path $Destinations 'b.bin') -Asynchronous -MaxBandwidth 4096 -DisplayName 'doomed-b'
        )
    }

    It 'changes nothing with -WhatIf' {
        Get-Transfer -Name 'doomed-*' | Remove-Transfer -WhatIf

        $live = @(Get-Transfer -Name 'doomed-*')
        $live.Count | Should -Be 2
        $live | ForEach-Object { "$($_.State)" } | Should -Not -Contain 'Cancelled'
    }

    It 'cancels them with -Confirm:$false and deletes their temporary files' {
        Wait-Until -Because 'both part files to exist' -Condition { (Get-PartFile $Destinations).Count -eq 2 }

        Get-Transfer -Name 'doomed-*' | Remove-Transfer -Confirm:$false

        Get-Transfer -Name 'doomed-*' | Should -BeNullOrEmpty
        $all = @(Get-Transfer -Name 'doomed-*' -All)
        $all.Count | Should -Be 2
        $all | ForEach-Object { "$($_.State)" } | Should -Be @('Cancelled', 'Cancelled')
        $Doomed | ForEach-Object { "$($_.State)" } | Should -Be @('Cancelled', 'Cancelled') -Because 'the objects from Start-Transfer are live'
        Get-PartFile $Destinations | Should -BeNullOrEmpty
        Test-Path -Path (Join-Path $Destinations 'a.bin') | Should -BeFalse
    }
}

Describe 'the policy' {
    It 'changes and shows the host-wide policy' {
        $before = Get-TransferPolicy

        $policy = Set-TransferPolicy -MaxActiveJobs 3 -PassThru

        $policy.MaxActiveJobs | Should -Be 3
        (Get-TransferPolicy).MaxActiveJobs | Should -Be 3
        Set-TransferPolicy -MaxActiveJobs $before.MaxActiveJobs
    }
}
