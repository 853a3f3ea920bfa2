Describe 'policy limits and a full disk' {
    BeforeAll {
        $Destinations = New-Item -ItemType Directory -Path (Join-Path $Scratch 'limits')
        $PolicyBefore = Get-TransferPolicy
    }

    AfterAll {
        Get-Transfer -Name 'limits-*' | Remove-Transfer -Confirm:$false
        Set-TransferPolicy -MaxFilesPerJob $PolicyBefore.MaxFilesPerJob -MaxJobsPerUser $PolicyBefore.MaxJobsPerUser
    }

    It 'takes a CSV longer than 300 rows through Import-Csv | Start-Transfer once -MaxJobsPerUser is raised' {
        $csv = Join-Path $Scratch 'long-list.csv'
        1..320 | ForEach-Object { [pscustomobject]@{ Source = $SmallFile; Destination = (Join-Path $Destinations "row$_.bin") } } |
            Export-Csv -Path $csv -NoTypeInformation
        $live = @(Get-Transfer).Count

        Set-TransferPolicy -MaxJobsPerUser ($live + 1)
        Import-Csv -Path $csv | Select-Object -First 3 | Start-Transfer -Suspended -DisplayName 'limits-refused' -ErrorVariable refusals -ErrorAction SilentlyContinue |
            Out-Null
        @(Get-Transfer -Name 'limits-refused').Count | Should -Be 1
        $refusals.Count | Should -Be 2
        $refusals[0].FullyQualifiedErrorId | Should -Be 'LimitReached,BitsLite.PowerShell.Commands.StartTransferCommand'
        $refusals[0].Exception.Message | Should -BeLike '*Set-TransferPolicy -MaxJobsPerUser N*'
        Get-Transfer -Name 'limits-refused' | Remove-Transfer -Confirm:$false

        Set-TransferPolicy -MaxJobsPerUser ($live + 400)
        $created = Import-Csv -Path $csv | Start-Transfer -Suspended -DisplayName 'limits-row'

        @($created).Count | Should -Be 320
        (Get-TransferPolicy).MaxJobsPerUser | Should -Be ($live + 400)
        Get-Transfer -Name 'limits-row' | Remove-Transfer -Confirm:$false
    }

    It 'puts 1,000 files in one transfer once -MaxFilesPerJob is raised' {
        $sources = 1..1000 | ForEach-Object { "$HttpBase/many/f$_.bin" }
        $target = New-Item -ItemType Directory -Path (Join-Path $Destinations 'many')

        Start-Transfer -Source $sources -Destination $target.FullName -Suspended -DisplayName 'limits-many' -ErrorVariable refusals -ErrorAction SilentlyContinue |
            Out-Null
        $refusals[0].FullyQualifiedErrorId | Should -Be 'LimitReached,BitsLite.PowerShell.Commands.StartTransferCommand'
        $refusals[0].Exception.Message | Should -BeLike '*at most 200 files; this one would have 1,000*Set-TransferPolicy -MaxFilesPerJob N*'

        $policy = Set-TransferPolicy -MaxFilesPerJob 1000 -PassThru
        $transfer = Start-Transfer -Source $sources -Destination $target.FullName -Suspended -DisplayName 'limits-many'

        $policy.MaxFilesPerJob | Should -Be 1000
        $transfer.FilesTotal | Should -Be 1000
        { Set-TransferPolicy -MaxFilesPerJob 10001 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,BitsLite.PowerShell.Commands.SetTransferPolicyCommand'
    }

    It 'fails a file that cannot fit at once, saying what it needs and what is free, and Remove-Transfer leaves nothing' {
        if (-not $IsLinux -or (id -u) -ne '0') {
            Set-ItResult -Skipped -Because 'mounting a small tmpfs needs root on Linux'
            return
        }

        $small = New-Item -ItemType Directory -Path (Join-Path $Scratch 'small-disk')
        mount -t tmpfs -o size=2m tmpfs $small.FullName
        try {
            $destination = Join-Path $small.FullName 'large.bin'

            $transfer = Start-Transfer -Source $LargeFile -Destination $destination -DisplayName 'limits-full' -ErrorVariable failures -ErrorAction SilentlyContinue

            $failures[0].FullyQualifiedErrorId | Should -Be 'TransferFailed,BitsLite.PowerShell.Commands.StartTransferCommand'
            $failures[0].Exception.Message | Should -BeLike "*Needs 4.00 MiB for 'large.bin', 2.00 MiB free on $($small.FullName) (tmpfs)*"
            "$($transfer.State)" | Should -Be 'Error'
            "$($transfer.ErrorContext)" | Should -Be 'LocalFile'
            $transfer | Remove-Transfer -Confirm:$false
            @(Get-ChildItem -Path $small.FullName -Force) | Should -BeNullOrEmpty
        }
        finally {
            umount --lazy $small.FullName
        }
    }
}
