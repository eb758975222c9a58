BeforeAll {
    Import-Module $env:FUNDMAIL_TEST_MODULE -Force
    Import-Module (Join-Path $env:FUNDMAIL_TEST_ROOT 'tests/Pester/FundMailTest.psm1') -Force
}

Describe 'Get-FundMail output: FundMail.Mail and FundMail.Attachment' {
    BeforeAll {
        $script:t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'names')
        $script:mails = @(Get-FundMail -Uid 1:8 -EnvFile $t.EnvFile)
    }

    It 'names every mail FundMail.Mail first, and each of its attachments FundMail.Attachment' {
        $mails.Count | Should -Be 8
        $mails | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'FundMail.Mail' }
        $withAttachment = $mails | Where-Object { $_.Attachments.Count -gt 0 } | Select-Object -First 1
        $withAttachment.Attachments[0].PSObject.TypeNames[0] | Should -Be 'FundMail.Attachment'
        $withAttachment.Attachments[0].GetType().FullName | Should -Be 'FundMail.Mime.MailAttachment'
    }

    It 'reads mails back from a saved DB as FundMail.Mail' {
        $db = $mails | Save-FundMailDb -EnvFile $t.EnvFile -Confirm:$false | Where-Object Kind -eq 'Database'
        $read = @(Get-FundMail -Path $db.Path)
        $read.Count | Should -Be 8
        $read | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'FundMail.Mail' }
    }
}

Describe 'Get-FundMail -Verbose: one line per phase, message and protocol detail with -Debug' {
    BeforeAll {
        $script:t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'verbose')
    }

    It 'prints as many verbose lines for 8 mails as for 1, and no IMAP transcript' {
        $one = @(Get-FundMail -Uid 1 -EnvFile $t.EnvFile -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $eight = @(Get-FundMail -Uid 1:8 -EnvFile $t.EnvFile -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $eight.Count | Should -BeGreaterThan 0
        $eight.Count | Should -Be $one.Count
        $eight.Message | Should -Not -Match '^[CS]: '
    }

    It 'shows the per-message protocol lines on the debug stream' {
        # -Debug asks before each line in a non-interactive session; the preference shows them without asking.
        $DebugPreference = 'Continue'
        $debug = @(Get-FundMail -Uid 1:8 -EnvFile $t.EnvFile 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] })
        @($debug.Message -match '^S: \* \d+ FETCH \(UID \d+').Count | Should -Be 8
    }
}
