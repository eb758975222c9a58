BeforeAll {
    Import-Module $env:FUNDMAIL_TEST_MODULE -Force
    Import-Module (Join-Path $env:FUNDMAIL_TEST_ROOT 'tests/Pester/FundMailTest.psm1') -Force
}

Describe 'Get-FundMailStatus' {
    It 'reports a BASE_DIR that has never run as such' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'fresh')
        $status = Get-FundMailStatus -EnvFile $t.EnvFile
        $status.PSObject.TypeNames | Should -Contain 'FundMail.Cycle.CycleStatus'
        $status.LastRunStarted | Should -BeNullOrEmpty
    }
}

Describe 'Get-FundMailStatus output: FundMail.CycleStatus' {
    It 'names its status FundMail.CycleStatus first' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'names')
        (Get-FundMailStatus -EnvFile $t.EnvFile).PSObject.TypeNames[0] | Should -Be 'FundMail.CycleStatus'
    }
}

Describe 'Get-FundMailStatus after a damaged checkpoint' {
    It 'says the next cycle rebuilt LAST_TIME.json from the ledger, and kept the damaged file aside' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'rebuilt')
        $first = Invoke-FundMailCycle -EnvFile $t.EnvFile -Confirm:$false
        Set-Content -LiteralPath (Join-Path $t.BaseDir 'LAST_TIME.json') -Value '{"uid_validity": 1, "last_u'
        $report = Invoke-FundMailCycle -EnvFile $t.EnvFile -Confirm:$false
        $report.Warnings -join "`n" | Should -Match 'rebuilt from the ledger'
        $report.MailsStored | Should -Be 0
        @(Get-ChildItem -LiteralPath $t.BaseDir -Filter 'LAST_TIME.json.corrupt-*').Count | Should -Be 1
        $status = Get-FundMailStatus -EnvFile $t.EnvFile
        $status.CheckpointRebuilt | Should -Not -BeNullOrEmpty
        $status.LastUid | Should -Be $first.LastUid
        $shown = Invoke-ChildPwsh -Command "Get-FundMailStatus -EnvFile '$($t.EnvFile)'" -Width 80
        ($shown.Output -join "`n") -replace "\e\[[0-9;]*m" | Should -Match 'CheckpointRebuilt\s*:\s*\d{4}-\d\d-\d\d .*not valid'
    }
}

Describe 'Get-FundMailStatus after a UIDVALIDITY change' {
    It 'says when the mailbox was found renumbered and that its mail was re-listed' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'renumbered')
        $null = Invoke-FundMailCycle -EnvFile $t.EnvFile -Confirm:$false
        # The checkpoint now names another UIDVALIDITY than the server's: as after the mailbox was rebuilt.
        $path = Join-Path $t.BaseDir 'LAST_TIME.json'
        $checkpoint = Get-Content -LiteralPath $path -Raw | ConvertFrom-Json
        $checkpoint.uid_validity = [uint32]$checkpoint.uid_validity + 1
        $checkpoint | ConvertTo-Json | Set-Content -LiteralPath $path
        $report = Invoke-FundMailCycle -EnvFile $t.EnvFile -Confirm:$false
        $report.UidValidityChange | Should -Match '^UIDVALIDITY changed from \d+ to \d+'
        $report.MailsStored | Should -Be 0
        $status = Get-FundMailStatus -EnvFile $t.EnvFile
        $status.UidValidityChanged | Should -Not -BeNullOrEmpty
        $shown = Invoke-ChildPwsh -Command "Get-FundMailStatus -EnvFile '$($t.EnvFile)'" -Width 80
        ($shown.Output -join "`n") -replace "\e\[[0-9;]*m" | Should -Match 'UidValidityChanged\s*:\s*\d{4}-\d\d-\d\d .*UIDVALIDITY changed from'
    }
}

Describe 'Get-FundMailStatus and the SFTP server''s durability' {
    It 'shows what the last cycle found: full where the server offers fsync@openssh.com and posix-rename@openssh.com' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'durability')
        $report = Invoke-FundMailCycle -EnvFile $t.EnvFile -Confirm:$false
        $report.SftpDurability | Should -Be 'full'
        (Get-FundMailStatus -EnvFile $t.EnvFile).SftpDurability | Should -Be 'full'
        $shown = Invoke-ChildPwsh -Command "Get-FundMailStatus -EnvFile '$($t.EnvFile)'" -Width 80
        ($shown.Output -join "`n") -replace "\e\[[0-9;]*m" | Should -Match 'SftpDurability\s*:\s*full'
    }
}
