Describe 'the host and tab completion' {
    BeforeAll {
        $Destinations = New-Item -ItemType Directory -Path (Join-Path $Scratch 'host')
        $Completable = Start-Transfer -Source $SmallFile -Destination (Join-Path $Destinations 'complete-me.bin') -Suspended -DisplayName 'complete me'

        function Get-Completion([string] $Line) {
            (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
        }
    }

    AfterAll {
        $Completable | Remove-Transfer -Confirm:$false -ErrorAction SilentlyContinue
    }

    It 'completes -Name and -Id from the live transfers' {
        $names = Get-Completion 'Get-Transfer -Name compl'
        $names.CompletionText | Should -Contain "'complete me'"

        $ids = Get-Completion ('Suspend-Transfer -Id ' + $Completable.Id.ToString().Substring(0, 8))
        $ids.CompletionText | Should -Be @($Completable.Id.ToString())
    }

    It 'shows the running host, with the private data root' {
        $status = Get-TransferHost

        $status.IsRunning | Should -BeTrue
        $status.ProcessId | Should -BeGreaterThan 0
        $status.Database | Should -Be (Join-Path $DataRoot 'jobs.db')
    }

    It 'stops the host on Stop-TransferHost, which Get-TransferHost then shows without starting one' {
        $processId = (Get-TransferHost).ProcessId

        Stop-TransferHost -Confirm:$false

        Wait-Until -Because "host process $processId to exit" -Condition { -not (Get-Process -Id $processId -ErrorAction SilentlyContinue) }
        (Get-TransferHost).IsRunning | Should -BeFalse
        (Get-TransferHost).IsRunning | Should -BeFalse -Because 'Get-TransferHost never starts a host'
    }

    # The defect: completion returned nothing once an on-demand host had exited (after 5 idle minutes).
    It 'still completes -Name and -Id when no host runs: completion starts it' {
        (Get-TransferHost).IsRunning | Should -BeFalse

        $names = Get-Completion 'Remove-Transfer -Name compl'

        $names.CompletionText | Should -Contain "'complete me'"
        (Get-TransferHost).IsRunning | Should -BeTrue
        (Get-Completion 'Get-Transfer -Id ').CompletionText | Should -Contain $Completable.Id.ToString()
    }
}
