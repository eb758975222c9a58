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

Describe 'Invoke-FundMailCycle output and -Verbose' {
    BeforeAll {
        $script:t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'cycle')
        $script:stream = @(Invoke-FundMailCycle -EnvFile $t.EnvFile -Confirm:$false -Verbose 4>&1)
        $script:report = $stream | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $script:verbose = @($stream | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
    }

    It 'names its report FundMail.CycleReport and the files it uploaded FundMail.UploadedFile' {
        $report.PSObject.TypeNames[0] | Should -Be 'FundMail.CycleReport'
        $report.Uploaded.Count | Should -BeGreaterThan 0
        $report.Uploaded[0].PSObject.TypeNames[0] | Should -Be 'FundMail.UploadedFile'
    }

    It 'prints one verbose line per phase, not the IMAP transcript nor a line per message' {
        $report.MailsStored | Should -BeGreaterThan 1
        $verbose.Message | Should -Not -Match '^[CS]: '
        $verbose.Count | Should -BeLessThan 15
        # The transcript is debug detail: not in the daily log either.
        $log = Get-Content (Join-Path $t.BaseDir 'logs/*.log')
        $log | Should -Not -BeNullOrEmpty
        $log | Should -Not -Match ' [CS]: '
    }
}
