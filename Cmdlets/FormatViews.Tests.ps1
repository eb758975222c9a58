BeforeAll {
    Import-Module $env:FUNDMAIL_TEST_MODULE -Force
    Import-Module (Join-Path $env:FUNDMAIL_TEST_ROOT 'tests/Pester/FundMailTest.psm1') -Force
}

Describe 'Format views: what an admin sees at 80 and 120 columns' {
    BeforeAll {
        $script:time = '\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d'
        $script:t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'views')
        $script:bad = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'bad') -Set @{ SFTP_PW = 'wrong' }
        $script:fix = (Test-FundMailConnection -EnvFile $bad.EnvFile -ErrorAction SilentlyContinue | Where-Object Outcome -eq 'Failed').Fix
        $e = $t.EnvFile
        # One child pwsh per width renders every view; '#name' lines mark where each starts. The cycle runs once, at 80.
        function Render([int] $Width) {
            $command = "'#mail'; Get-FundMail -Uid 1:8 -EnvFile '$e' | Out-String -Width $Width; " +
                $(if ($Width -eq 80) { "'#report'; Invoke-FundMailCycle -EnvFile '$e' | Out-String -Width $Width; " }) +
                "'#status'; Get-FundMailStatus -EnvFile '$e' | Out-String -Width $Width; " +
                "'#check'; Test-FundMailConnection -EnvFile '$($bad.EnvFile)' | Out-String -Width $Width; '#end'"
            $lines = (Invoke-ChildPwsh -Width $Width -Command $command).Output
            $sections = @{}
            $name = $null
            foreach ($line in $lines) {
                if ($line -match '^#(\w+)$') { $name = $Matches[1]; $sections[$name] = [System.Collections.Generic.List[string]]::new(); continue }
                if ($name) { $sections[$name].Add($line) }
            }
            $sections
        }
        $script:at80 = Render 80
        # At 120 the child runs in another time zone than the cycle that wrote the status: both must show in it.
        $env:TZ = 'Asia/Seoul'
        try { $script:at120 = Render 120 } finally { Remove-Item Env:TZ }
    }

    It 'shows every mail with its UID, attachment count and whole received time at <_> columns' -ForEach 80, 120 {
        $view = if ($_ -eq 80) { $at80 } else { $at120 }
        $rows = @($view.mail | Where-Object { $_ -match "^\s*(\d+)\s+(\d+)\s+($time)\s" })
        $rows.Count | Should -Be 8
        $uids = $rows | ForEach-Object { [int]($_ -replace '^\s*(\d+).*', '$1') }
        $uids | Sort-Object | Should -Be (1..8)
        $mail3 = $rows | Where-Object { $_ -match '^\s*3\s' }
        $mail3 | Should -Match '^\s*3\s+1\s'
        $width = $_
        $view.mail | ForEach-Object { $_.Length | Should -BeLessOrEqual $width }
    }

    It 'shows the cycle report''s finish time whole, with its offset' {
        @($at80.report -match "^$time\s+\d+").Count | Should -Be 1
    }

    It 'shows the status times whole and every field at 80 columns' {
        $at80.status -match "^LastRun\s+: $time$" | Should -Not -BeNullOrEmpty
        $at80.status -match '^LastUid\s+: 8$' | Should -Not -BeNullOrEmpty
        $at80.status -match '^Queued\s+: \d+$' | Should -Not -BeNullOrEmpty
    }

    It 'shows mails and status in the local time zone of the session that prints them' {
        $offsets = [regex]::Matches((($at120.mail + $at120.status) -join "`n"), $time) | ForEach-Object { $_.Value.Substring(20) }
        $offsets.Count | Should -BeGreaterThan 9
        $offsets | Sort-Object -Unique | Should -Be '+09:00'
    }

    It 'cuts no time column anywhere' {
        foreach ($view in $at80, $at120) {
            foreach ($name in @($view.Keys)) {
                $view[$name] -match '\d\d:\d\d:\d\d \S*…' | Should -BeNullOrEmpty
            }
        }
    }

    It 'shows a failing leg''s whole detail and fix at <_> columns' -ForEach 80, 120 {
        $view = if ($_ -eq 80) { $at80 } else { $at120 }
        $fix | Should -Not -BeNullOrEmpty
        $view.check -match '^FAIL\s+SFTP auth' | Should -Not -BeNullOrEmpty
        # Wrapping may break anywhere: compare without white space.
        $text = ($view.check -join '') -replace '\s', ''
        $text | Should -BeLike ('*fix:' + ($fix -replace '\s', '') + '*')
        $view.check -match '…' | Should -BeNullOrEmpty
    }
}
