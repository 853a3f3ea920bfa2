Describe 'expected SHA-256 hashes' {
    BeforeAll {
        $HashDirectory = New-Item -ItemType Directory -Path (Join-Path $Scratch 'hashes')
        $Wrong = '0' * 64
    }

    It 'verifies each row of Import-Csv | Start-Transfer against its ExpectedHash column' {
        $csv = Join-Path $HashDirectory 'files.csv'
        @(
            [pscustomobject]@{ Source = $SmallFile; Destination = (Join-Path $HashDirectory 'small.bin'); ExpectedHash = Get-Hash $SmallFile }
            [pscustomobject]@{ Source = "$HttpBase/page.bin"; Destination = (Join-Path $HashDirectory 'page.bin'); ExpectedHash = (Get-Hash $PageFile).ToLowerInvariant() }
        ) | Export-Csv -Path $csv

        $transfers = @(Import-Csv -Path $csv | Start-Transfer)

        $transfers.Count | Should -Be 2
        $transfers | ForEach-Object { "$($_.State)" | Should -Be 'Acknowledged' }
        $transfers[0].Files[0].VerifiedHash | Should -Be (Get-Hash $SmallFile).ToLowerInvariant()
        $transfers[1].Files[0].ExpectedHash | Should -Be (Get-Hash $PageFile).ToLowerInvariant()
        $transfers[1].Files[0].VerifiedHash | Should -Be (Get-Hash $PageFile).ToLowerInvariant()
        Get-Hash (Join-Path $HashDirectory 'page.bin') | Should -Be (Get-Hash $PageFile)
    }

    It 'ends a row with a wrong hash in Error naming both hashes, and its file never appears' {
        $csv = Join-Path $HashDirectory 'wrong.csv'
        $destination = Join-Path $HashDirectory 'wrong.bin'
        [pscustomobject]@{ Source = "$HttpBase/page.bin"; Destination = $destination; ExpectedHash = $Wrong } | Export-Csv -Path $csv

        Import-Csv -Path $csv | Start-Transfer -OutVariable transfer -ErrorVariable problems -ErrorAction SilentlyContinue | Out-Null

        $problems[0].FullyQualifiedErrorId | Should -Be 'TransferFailed,BitsLite.PowerShell.Commands.StartTransferCommand'
        $problems[0].ToString() | Should -BeLike "*expected $Wrong, got $((Get-Hash $PageFile).ToLowerInvariant())*"
        "$($transfer[0].State)" | Should -Be 'Error'
        $transfer[0].Files[0].ExpectedHash | Should -Be $Wrong
        $transfer[0].Files[0].VerifiedHash | Should -BeNullOrEmpty
        $transfer[0].Files[0].BytesTransferred | Should -Be 0
        Test-Path -Path $destination | Should -BeFalse
        $transfer | Remove-Transfer -Confirm:$false
    }

    It 'takes a Sha256 property too, and adds hashed files with Add-TransferFile' {
        $batch = Start-Transfer -Suspended -DisplayName 'hash-batch'
        [pscustomobject]@{ Source = $OtherFile; Destination = (Join-Path $HashDirectory 'other.bin'); Sha256 = Get-Hash $OtherFile } | Add-TransferFile -Transfer $batch

        $batch.Files[0].ExpectedHash | Should -Be (Get-Hash $OtherFile).ToLowerInvariant()
        $batch | Remove-Transfer -Confirm:$false
    }

    It 'refuses a hash that is not 64 hexadecimal digits, or one hash for two files, and creates nothing' {
        { Start-Transfer -Source $SmallFile -Destination (Join-Path $HashDirectory 'bad.bin') -ExpectedHash 'abc' -DisplayName 'bad-hash' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidParameters,BitsLite.PowerShell.Commands.StartTransferCommand' -ExpectedMessage '*must be 64 hexadecimal digits*'
        { Start-Transfer -Source $SmallFile, $OtherFile -Destination $HashDirectory.FullName -ExpectedHash (Get-Hash $SmallFile) -DisplayName 'bad-hash' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidParameters,BitsLite.PowerShell.Commands.StartTransferCommand' -ExpectedMessage '*1 hash(es) for 2 file(s)*'
        Get-Transfer -Name 'bad-hash' -All -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
