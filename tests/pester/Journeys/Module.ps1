Describe 'the BitsLite module' {
    It 'exports exactly the seventeen cmdlets its manifest lists' {
        $names = (Get-Command -Module BitsLite).Name
        $listed = (Import-PowerShellDataFile (Join-Path $RepositoryRoot 'module/BitsLite/BitsLite.psd1')).CmdletsToExport
        $names.Count | Should -Be 17
        ($names | Sort-Object) | Should -Be ($listed | Sort-Object)
        $names | Should -Contain 'Start-Transfer'
        $names | Should -Contain 'Unregister-TransferHost'
    }

    It 'loads from module/BitsLite when imported through the repository root manifest' {
        (Get-Module -Name BitsLite).ModuleBase | Should -Be (Join-Path $RepositoryRoot 'module/BitsLite')
    }

    # The defect: Get-Help looks in <ModuleBase>/en-US, and the root manifest used to make the repository root the base.
    It 'shows help with examples for every cmdlet, and about_BitsLite, when imported from the repository root' {
        foreach ($command in Get-Command -Module BitsLite) {
            $help = Get-Help -Name $command.Name -Full
            "$($help.Synopsis)" | Should -Not -BeLike "$($command.Name)*" -Because "$($command.Name) needs a synopsis of its own, not the generated syntax"
            @($help.examples.example).Count | Should -BeGreaterOrEqual 1 -Because "$($command.Name) needs an example"
        }

        @((Get-Help -Name Start-Transfer -Examples).examples.example).Count | Should -BeGreaterOrEqual 2
        Get-Help -Name about_BitsLite | Out-String | Should -Match 'Complete-Transfer'
    }
}
