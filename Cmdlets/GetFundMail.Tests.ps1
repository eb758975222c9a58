BeforeAll {
    Import-Module $env:FUNDMAIL_TEST_MODULE -Force
    Import-Module (Join-Path $env:FUNDMAIL_TEST_ROOT 'tests/Pester/FundMailTest.psm1') -Force
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
