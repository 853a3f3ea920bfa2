Describe 'formatting' {
    BeforeAll {
        $Destinations = New-Item -ItemType Directory -Path (Join-Path $Scratch 'format')
        $Shown = @(
            Start-Transfer -Source $SmallFile -Destination (Join-Path $Destinations 'a-rather-long-file-name-for-a-table.bin') -Suspended -DisplayName 'a display name longer than the column'
            Start-Transfer -Source $SmallFile -Destination (Join-Path $Destinations 'done.bin') -DisplayName 'done'
        )
    }

    AfterAll {
        $Shown | Where-Object { "$($_.State)" -ne 'Acknowledged' } | Remove-Transfer -Confirm:$false
    }

    # The defect: at 80 columns the header wrapped (Pr/io/ri/ty) and the progress columns vanished.
    It 'fits the default Get-Transfer table in 80 columns, with the progress column' {
        $text = $Shown | Format-Table | Out-String -Width 80
        $lines = $text -split "`r?`n" | Where-Object { $_.Trim() }

        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        $lines[0] | Should -Match '^Id\s+DisplayName\s+State\s+Progress$'
        $lines.Count | Should -Be 4 -Because 'a header, its underline and one line per transfer, nothing wrapped'
        $text | Should -Match "$($Shown[1].Id)\s+done\s+Acknowledged\s+100% 256K"
        $text | Should -Match "$($Shown[0].Id)\s+a display name.*\s+Suspended\s+\? 0B" -Because "a transfer that never ran does not know its size yet"
    }

    It 'lists every property with Format-List, and the files as a table' {
        $list = $Shown[1] | Format-List | Out-String

        $list | Should -Match 'BytesTransferred\s+: 262144'
        $list | Should -Match 'Priority\s+: Foreground'
        ($Shown[1].Files | Format-Table | Out-String) | Should -Match 'done\.bin\s+True'
    }
}
