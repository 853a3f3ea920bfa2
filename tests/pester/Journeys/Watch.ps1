Describe 'Watch-Transfer' {
    BeforeAll {
        $Destinations = New-Item -ItemType Directory -Path (Join-Path $Scratch 'watch')

        # The states of the records that report one (the first, as the transfer stood, and each change), in order.
        function Get-States([object[]] $Records) {
            @($Records | Where-Object { "$($_.Kind)" -in 'Current', 'StateChanged' } | ForEach-Object { "$($_.State)" })
        }
    }

    It 'follows a transfer through a suspend and a resume, state by state, and ends by itself once it is Transferred' {
        $transfer = Start-Transfer -Source $LargeFile -Destination (Join-Path $Destinations 'watched.bin') -Suspended -MaxBandwidth 65536 -DisplayName 'watched'
        $script:suspended = $false
        $script:resumed = $false

        # The script acts on what it sees, as a real one would: nothing here waits on a clock.
        $records = Watch-Transfer -Id $transfer.Id | ForEach-Object {
            if ("$($_.Kind)" -eq 'Current') {
                Resume-Transfer -Id $_.Id -Asynchronous
            }
            elseif ("$($_.Kind)" -eq 'Progress' -and -not $script:suspended) {
                $script:suspended = $true
                Suspend-Transfer -Id $_.Id
            }
            elseif ("$($_.State)" -eq 'Suspended' -and $script:suspended -and -not $script:resumed) {
                $script:resumed = $true
                Set-Transfer -Id $_.Id -MaxBandwidth 0
                Resume-Transfer -Id $_.Id -Asynchronous
            }
            $_
        }

        Get-States $records | Should -Be @('Suspended', 'Queued', 'Connecting', 'Transferring', 'Suspended', 'Queued', 'Connecting', 'Transferring', 'Transferred')
        $records | ForEach-Object { $_.GetType().FullName | Should -Be 'BitsLite.TransferChange' }
        $records | ForEach-Object { $_.Id | Should -Be $transfer.Id }
        for ($i = 1; $i -lt $records.Count; $i++) {
            if ("$($records[$i].Kind)" -eq 'StateChanged') {
                "$($records[$i].PreviousState)" | Should -Be "$($records[$i - 1].State)"
            }
        }
        $records[-1].BytesTransferred | Should -Be (Get-Item $LargeFile).Length
        $transfer | Complete-Transfer
    }

    It 'hands Transferred records to Complete-Transfer by their Id' {
        $destination = Join-Path $Destinations 'completed.bin'
        $transfer = Start-Transfer -Source $SmallFile -Destination $destination -Asynchronous

        Watch-Transfer -Transfer $transfer -NoProgress | Where-Object State -eq Transferred | Complete-Transfer

        "$($transfer.State)" | Should -Be 'Acknowledged'
        Get-Hash $destination | Should -Be (Get-Hash $SmallFile)
    }

    It 'follows every transfer, new ones too, until Select-Object -First has what it wants' {
        $first = Start-Transfer -Source $SmallFile -Destination (Join-Path $Destinations 'first.bin') -Suspended
        $script:made = $null

        $created = Watch-Transfer -NoProgress | ForEach-Object {
            if ($null -eq $script:made -and $_.Id -eq $first.Id) {
                # The watch has shown the transfers as they stand: it already follows the new one.
                $script:made = Start-Transfer -Source $SmallFile -Destination (Join-Path $Destinations 'made.bin') -Suspended -DisplayName 'made-while-watched'
            }
            $_
        } | Where-Object Kind -eq Created | Select-Object -First 1

        $created.Id | Should -Be $script:made.Id
        $created.DisplayName | Should -Be 'made-while-watched'
        "$($created.State)" | Should -Be 'Suspended'
        $first, $script:made | Remove-Transfer -Confirm:$false
    }

    It 'ends with the error on the last record when a transfer fails' {
        $transfer = Start-Transfer -Source "$HttpBase/no-such-page.bin" -Destination (Join-Path $Destinations 'failed.bin') -Asynchronous -DisplayName 'will-fail'

        $records = @(Watch-Transfer -Name 'will-fail' -NoProgress)

        "$($records[-1].State)" | Should -Be 'Error'
        $records[-1].HttpStatus | Should -Be 404
        $records[-1].ErrorDescription | Should -Not -BeNullOrEmpty
        $transfer | Remove-Transfer -Confirm:$false
    }

    It 'watches nothing, and returns at once, when a pattern or the pipeline brings no transfer' {
        @(Watch-Transfer -Name 'no-transfer-is-named-like-this-*').Count | Should -Be 0
        @(@() | Watch-Transfer).Count | Should -Be 0
    }

    It 'shows records as a log table in 80 columns' {
        $transfer = Start-Transfer -Source $SmallFile -Destination (Join-Path $Destinations 'shown.bin') -Suspended -DisplayName 'shown'

        $table = Watch-Transfer -Id $transfer.Id | Select-Object -First 1 | Format-Table | Out-String -Width 80

        $table | Should -Match 'Time\s+Kind\s+DisplayName\s+From\s+State\s+Progress'
        $table | Should -Match 'Current\s+shown\s+Suspended'
        $transfer | Remove-Transfer -Confirm:$false
    }
}
