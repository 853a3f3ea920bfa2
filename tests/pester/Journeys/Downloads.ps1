Describe 'a synchronous Start-Transfer' {
    BeforeAll {
        $Destinations = New-Item -ItemType Directory -Path (Join-Path $Scratch 'sync')
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
        # [System.Uri]::new on a full path: a cast of '/tmp/x' makes a relative Uri on Linux, whose AbsoluteUri is $null.
        $url = [System.Uri]::new($OtherFile).AbsoluteUri
        $url | Should -BeLike 'file:///*'

        $transfer = Start-Transfer -Source $url -Destination $directory.FullName

        "$($transfer.State)" | Should -Be 'Acknowledged'
        Get-Hash (Join-Path $directory 'other.bin') | Should -Be (Get-Hash $OtherFile)
    }

    It 'downloads over HTTP' {
        $destination = Join-Path $Destinations 'page.bin'

        $transfer = Start-Transfer -Source "$HttpBase/page.bin" -Destination $destination

        "$($transfer.State)" | Should -Be 'Acknowledged'
        $transfer.BytesTransferred | Should -Be 300000
        Get-Hash $destination | Should -Be (Get-Hash $PageFile)
    }

    It 'puts every local file a wildcard matches into one transfer, as Start-BitsTransfer does' {
        $directory = New-Item -ItemType Directory -Path (Join-Path $Destinations 'wildcard')

        $transfer = Start-Transfer -Source (Join-Path $SourceDirectory '*.bin') -Destination $directory.FullName

        $transfer.FilesTotal | Should -Be 3
        @(Get-ChildItem -Path $directory -File).Name | Sort-Object | Should -Be @('large.bin', 'other.bin', 'small.bin')
    }

    It 'says so when a wildcard matches nothing, and creates nothing' {
        { Start-Transfer -Source (Join-Path $SourceDirectory 'nothing-*.iso') -Destination $Destinations.FullName -DisplayName 'no-match' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidParameters,BitsLite.PowerShell.Commands.StartTransferCommand' -ExpectedMessage '*No file matches*'
        Get-Transfer -Name 'no-match' -All -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'is stopped by -WhatIf before anything is created' {
        $destination = Join-Path $Destinations 'whatif.bin'

        $result = Start-Transfer -Source $SmallFile -Destination $destination -DisplayName 'sync-whatif' -WhatIf

        $result | Should -BeNullOrEmpty
        Test-Path -Path $destination | Should -BeFalse
        Get-Transfer -Name 'sync-whatif' -All -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'an asynchronous Start-Transfer' {
    BeforeAll {
        $Destinations = New-Item -ItemType Directory -Path (Join-Path $Scratch 'async')
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

    # The defect: objects were dead snapshots, so a BITS-style polling loop never saw the transfer finish.
    It 'returns a live object: its State and bytes follow the host without another Get-Transfer' {
        $destination = Join-Path $Destinations 'live.bin'
        $transfer = Start-Transfer -Source $LargeFile -Destination $destination -Asynchronous -MaxBandwidth 1048576 -DisplayName 'live'
        "$($transfer.State)" | Should -BeIn @('Queued', 'Connecting', 'Transferring')

        # Microsoft's own example polls the job object: while ($job.JobState -eq 'Transferring') { sleep 5 }.
        $seen = [System.Collections.Generic.List[long]]::new()
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ("$($transfer.State)" -ne 'Transferred' -and [DateTime]::UtcNow -lt $deadline) {
            $seen.Add($transfer.BytesTransferred)
            Start-Sleep -Milliseconds 100
        }

        "$($transfer.State)" | Should -Be 'Transferred'
        $transfer.BytesTransferred | Should -Be 4194304
        $transfer.Files[0].BytesTransferred | Should -Be 4194304
        ($seen | Where-Object { $_ -gt 0 -and $_ -lt 4194304 }).Count | Should -BeGreaterThan 0 -Because 'progress shows while bytes arrive'

        Complete-Transfer -Transfer $transfer
        "$($transfer.State)" | Should -Be 'Acknowledged'
        Get-Hash $destination | Should -Be (Get-Hash $LargeFile)
    }

    It 'reads a live object cheaply: thousands of property reads in a second, not a round trip each' {
        $transfer = Start-Transfer -Source $SmallFile -Destination (Join-Path $Destinations 'cheap.bin') -Suspended
        $null = $transfer.State

        $clock = [System.Diagnostics.Stopwatch]::StartNew()
        foreach ($i in 1..10000) { $null = $transfer.State }
        $clock.Stop()

        $clock.Elapsed.TotalSeconds | Should -BeLessThan 2
        $transfer | Remove-Transfer -Confirm:$false
    }

    It 'converts to JSON that reads well: names for states and priorities, the files as objects' {
        $transfer = Start-Transfer -Source $SmallFile -Destination (Join-Path $Destinations 'json.bin') -Suspended -Priority Low -DisplayName 'json'

        $json = $transfer | ConvertTo-Json -WarningAction Stop
        $parsed = $json | ConvertFrom-Json

        $parsed.State | Should -Be 'Suspended'
        $parsed.Priority | Should -Be 'Low'
        $parsed.TransferType | Should -Be 'Download'
        $parsed.Id | Should -Be $transfer.Id.ToString()
        $parsed.Files[0].Source | Should -Be $SmallFile
        $transfer | Remove-Transfer -Confirm:$false
    }

    It 'creates one transfer per row piped from Import-Csv' {
        $csv = Join-Path $Scratch 'start.csv'
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

    # The defect: Add-TransferFile did not take Source and Destination from the pipeline (Add-BitsFile's pattern).
    It 'adds the files of a CSV piped into Add-TransferFile to one suspended transfer, then runs them all' {
        $csv = Join-Path $Scratch 'add.csv'
        # The header as Microsoft's example writes it, with a space after the comma.
        Set-Content -Path $csv -Value @(
            'Source, Destination'
            "$SmallFile, $(Join-Path $Destinations 'csv1.bin')"
            "$OtherFile, $(Join-Path $Destinations 'csv2.bin')"
        )
        $transfer = Start-Transfer -Suspended -DisplayName 'csv-files'
        $transfer.FilesTotal | Should -Be 0

        Import-Csv -Path $csv | Add-TransferFile $transfer

        $transfer.FilesTotal | Should -Be 2
        Resume-Transfer -Transfer $transfer -Asynchronous
        Wait-Transfer -Transfer $transfer -Timeout 120 | Complete-Transfer
        Get-Hash (Join-Path $Destinations 'csv1.bin') | Should -Be (Get-Hash $SmallFile)
        Get-Hash (Join-Path $Destinations 'csv2.bin') | Should -Be (Get-Hash $OtherFile)
    }

    It 'adds files to a suspended transfer with -Source and -Destination' {
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

    It 'refuses to create an empty transfer that is not suspended' {
        { Start-Transfer -DisplayName 'empty' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidParameters,BitsLite.PowerShell.Commands.StartTransferCommand' -ExpectedMessage '*-Suspended*'
    }
}
