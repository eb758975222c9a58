BeforeAll {
    Import-Module $env:FUNDMAIL_TEST_MODULE -Force
    Import-Module (Join-Path $env:FUNDMAIL_TEST_ROOT 'tests/Pester/FundMailTest.psm1') -Force
}

Describe 'Get-FundMail -Path: one error per bad file, the others still read' {
    BeforeAll {
        $script:t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'errors')
        $script:good = (Get-FundMail -Uid 1:3 -EnvFile $t.EnvFile | Save-FundMailDb -EnvFile $t.EnvFile | Where-Object Kind -eq Database).Path
        $script:bad = Join-Path $TestDrive 'notes.db'
        Set-Content -LiteralPath $bad -Value 'meeting notes, not a database at all; long enough to fill a header block ......'
    }

    It 'writes an InvalidData error targeting a file that is not a FundMail database and returns the good file''s mail' {
        $mails = Get-FundMail -Path $bad, $good -ErrorVariable ev -ErrorAction SilentlyContinue
        @($mails).Count | Should -Be 3
        $ev.Count | Should -Be 1
        $ev[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $ev[0].TargetObject | Should -Be $bad
    }

    It 'calls an SQLite file without the fund_mail table not a FundMail database' {
        # The ledger Save-FundMailDb keeps in BASE_DIR is an SQLite database of another shape.
        $other = Join-Path $t.BaseDir 'ledger.db'
        $other | Should -Exist
        $null = Get-FundMail -Path $other -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev.Count | Should -Be 1
        $ev[0].CategoryInfo.Category | Should -Be 'InvalidData'
    }

    It 'names a missing file ObjectNotFound and goes on' {
        $missing = Join-Path $TestDrive 'gone.db'
        $mails = Get-FundMail -Path $missing, $good -ErrorVariable ev -ErrorAction SilentlyContinue
        @($mails).Count | Should -Be 3
        $ev.Count | Should -Be 1
        $ev[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'stops at the bad file with -ErrorAction Stop' {
        $got = [System.Collections.Generic.List[object]]::new()
        $caught = $null
        try { Get-FundMail -Path $bad, $good -ErrorAction Stop | ForEach-Object { $got.Add($_) } } catch { $caught = $_ }
        $caught | Should -Not -BeNullOrEmpty
        $caught.CategoryInfo.Category | Should -Be 'InvalidData'
        $got.Count | Should -Be 0
    }

    It 'still ends the command when the config is missing' {
        { Get-FundMail -Uid 1:3 -EnvFile (Join-Path $TestDrive 'nowhere/.env') -ErrorAction SilentlyContinue } | Should -Throw
    }
}

Describe 'Get-FundMail -Path and -LiteralPath resolve like Get-Content' {
    BeforeAll {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'paths')
        $script:dir = Join-Path $TestDrive 'dbs'
        New-Item -ItemType Directory -Path $dir | Out-Null
        $first = (Get-FundMail -Uid 1:2 -EnvFile $t.EnvFile | Save-FundMailDb -EnvFile $t.EnvFile | Where-Object Kind -eq Database).Path
        $second = (Get-FundMail -Uid 3 -EnvFile $t.EnvFile | Save-FundMailDb -EnvFile $t.EnvFile | Where-Object Kind -eq Database).Path
        $script:a = Join-Path $dir 'fm_a.db'
        $script:b = Join-Path $dir 'fm_b.db'
        Copy-Item -LiteralPath $first -Destination $a
        Copy-Item -LiteralPath $second -Destination $b
        $script:bracketed = Join-Path $dir 'fm_[1].db'
        Copy-Item -LiteralPath $second -Destination $bracketed
    }

    It 'expands a wildcard to every match' {
        @(Get-FundMail -Path (Join-Path $dir 'fm_?.db')).Count | Should -Be 3
    }

    It 'reports a pattern that matches nothing as ObjectNotFound, naming it' {
        $pattern = Join-Path $dir 'nothing_*.db'
        $null = Get-FundMail -Path $pattern -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev.Count | Should -Be 1
        $ev[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $ev[0].Exception.Message | Should -BeLike "*nothing_`**"
    }

    It 'reads a name with brackets through -LiteralPath and its alias LP' {
        @(Get-FundMail -LiteralPath $bracketed).Count | Should -Be 1
        @(Get-FundMail -LP $bracketed).Count | Should -Be 1
    }

    It 'reads through a PSDrive and a provider-qualified path' {
        New-PSDrive -Name fmtest -PSProvider FileSystem -Root $dir | Out-Null
        try {
            @(Get-FundMail -Path 'fmtest:\fm_?.db').Count | Should -Be 3
        } finally {
            Remove-PSDrive -Name fmtest
        }
        @(Get-FundMail -Path "Microsoft.PowerShell.Core\FileSystem::$a").Count | Should -Be 2
    }

    It 'refuses a path of another provider' {
        $null = Get-FundMail -Path 'Env:\PATH' -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev.Count | Should -Be 1
        $ev[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'takes Get-ChildItem output from the pipeline, names with brackets included' {
        @(Get-ChildItem -LiteralPath $dir -Filter 'fm_*.db' | Get-FundMail).Count | Should -Be 4
    }
}

Describe 'Get-FundMail -Path: a mail stored with defects shows them' {
    BeforeAll {
        $script:t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'defects')
        # A file where the cycle's parse scratch folder must go: every mail is stored raw, flagged, instead of blocking capture.
        New-Item -ItemType Directory -Path (Join-Path $t.BaseDir '.spool') -Force | Out-Null
        Set-Content -LiteralPath (Join-Path $t.BaseDir '.spool/parts') -Value 'in the way'
        $script:report = Invoke-FundMailCycle -EnvFile $t.EnvFile -Confirm:$false -WarningAction SilentlyContinue
    }

    It 'lists the flagged mails in the cycle report and its warnings' {
        $report.MailsStored | Should -BeGreaterOrEqual 8
        @($report.FlaggedMails).Count | Should -Be $report.MailsStored
        $report.Warnings -join "`n" | Should -Match 'could not be parsed'
    }

    It 'reads the defects back from the DB, so Where-Object Defects finds the flagged mail' {
        $flagged = @(Get-FundMail -Path $report.DbPath | Where-Object Defects)
        $flagged.Count | Should -Be $report.MailsStored
        $flagged[0].Defects[0] | Should -BeLike 'not parsed: *'
        $flagged[0].RawPath | Should -Exist
    }
}

Describe 'Get-FundMail scratch files' -Skip:$IsWindows {
    It 'spools into a folder only this user may enter, files only this user may read, all gone when pwsh ends' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'scratch')
        $runtime = Join-Path $TestDrive 'runtime'
        New-Item -ItemType Directory -Path $runtime | Out-Null
        $scratch = Join-Path $runtime 'fundmail'
        # While the mails are in hand: the mode of each spooled raw message and decoded attachment, and of the folder.
        $run = Invoke-ChildPwsh -Command (
            "`$env:XDG_RUNTIME_DIR = '$runtime'; Get-FundMail -Uid 1:8 -EnvFile '$($t.EnvFile)' | ForEach-Object { " +
            "'file ' + (stat -c %a `$_.RawPath); `$_.Attachments | Where-Object ContentPath | ForEach-Object { 'file ' + (stat -c %a `$_.ContentPath) } }; " +
            "'folder ' + (stat -c '%a %u' '$scratch')")
        $run.ExitCode | Should -Be 0
        $files = @($run.Output | Where-Object { $_ -like 'file *' })
        $files.Count | Should -BeGreaterThan 8
        $files | Sort-Object -Unique | Should -Be 'file 600'
        $run.Output | Where-Object { $_ -like 'folder *' } | Should -Be "folder 700 $(id -u)"
        Get-ChildItem -LiteralPath $scratch -Recurse -Force | Where-Object Name -ne 'sessions' | Should -BeNullOrEmpty
    }
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
        # One line per message with its body (its size, not its content); the dates and sizes come in lines of their own.
        @($debug.Message -match '^S: \* \d+ FETCH \(UID \d+ BODY\[\] \{\d+\}<\d+ octets>\)$').Count | Should -Be 8
    }
}
