BeforeAll {
    Import-Module $env:FUNDMAIL_TEST_MODULE -Force
    Import-Module (Join-Path $env:FUNDMAIL_TEST_ROOT 'tests/Pester/FundMailTest.psm1') -Force
}

Describe 'Invoke-FundMailCycle' {
    It 'captures today''s mail into BASE_DIR, ships it, and moves the checkpoint; the next run has nothing new' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'cycle')
        $report = Invoke-FundMailCycle -EnvFile $t.EnvFile
        $report.MailsStored | Should -BeGreaterOrEqual 8
        $report.UploadError | Should -BeNullOrEmpty
        Test-Path (Join-Path $t.BaseDir 'LAST_TIME.json') | Should -BeTrue
        @(Get-ChildItem -LiteralPath $t.RemoteDir -Recurse -Filter 'fm_*.db').Count | Should -Be 1
        (Invoke-FundMailCycle -EnvFile $t.EnvFile).MailsStored | Should -Be 0
        (Get-FundMailStatus -EnvFile $t.EnvFile).LastUid | Should -Be $report.LastUid
    }

    It '-WhatIf captures nothing and writes nothing into BASE_DIR' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'whatif')
        $out = Invoke-ChildPwsh -Command "Invoke-FundMailCycle -EnvFile '$($t.EnvFile)' -WhatIf"
        $out.Output -join "`n" | Should -Match 'What if:'
        Test-Path (Join-Path $t.BaseDir 'LAST_TIME.json') | Should -BeFalse
        @(Get-ChildItem -LiteralPath $t.RemoteDir -Recurse -File).Count | Should -Be 0
    }
}
