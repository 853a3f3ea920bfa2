Describe 'segmented downloads' {
    BeforeAll {
        $Destinations = New-Item -ItemType Directory -Path (Join-Path $Scratch 'segments')
        $PolicyBefore = Get-TransferPolicy
    }

    AfterAll {
        Get-Transfer -Name 'segments-*' | Remove-Transfer -Confirm:$false
        Set-TransferPolicy -MaxConnectionsPerFile $PolicyBefore.MaxConnectionsPerFile
    }

    It 'takes -Connections on Start-Transfer and Set-Transfer, and shows it on the transfer' {
        $transfer = Start-Transfer -Source $SmallFile -Destination (Join-Path $Destinations 'a.bin') -Suspended -DisplayName 'segments-option' -Connections 8

        $transfer.Connections | Should -Be 8
        Set-Transfer -Transfer $transfer -Connections 2
        (Get-Transfer -Name 'segments-option').Connections | Should -Be 2
        (Get-Transfer -Name 'segments-option' | Format-List | Out-String) | Should -BeLike '*Connections*: 2*'
    }

    It 'refuses -Connections outside 1 to 16 before anything reaches the host' {
        { Start-Transfer -Source $SmallFile -Destination (Join-Path $Destinations 'b.bin') -Suspended -DisplayName 'segments-bad' -Connections 17 } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,BitsLite.PowerShell.Commands.StartTransferCommand'
        Get-Transfer -Name 'segments-bad' -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'keeps MaxConnectionsPerFile as host policy' {
        Set-TransferPolicy -MaxConnectionsPerFile 3

        (Get-TransferPolicy).MaxConnectionsPerFile | Should -Be 3
    }

    It 'ends byte-identical from a server that ignores ranges (python http.server), over one connection' {
        $big = New-TestFile -Path (Join-Path $WebRoot 'segments-big.bin') -Bytes 9437184 -Seed 9
        $destination = Join-Path $Destinations 'big.bin'

        Start-Transfer -Source "$HttpBase/segments-big.bin" -Destination $destination -DisplayName 'segments-norange' -Connections 4

        (Get-FileHash -Path $destination).Hash | Should -Be (Get-FileHash -Path $big).Hash
    }
}
