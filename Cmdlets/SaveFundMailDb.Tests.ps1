BeforeAll {
    Import-Module $env:FUNDMAIL_TEST_MODULE -Force
    Import-Module (Join-Path $env:FUNDMAIL_TEST_ROOT 'tests/Pester/FundMailTest.psm1') -Force

    # What a batch left behind in BASE_DIR (crash records, temp DBs, DBs, files in the day folders), not the ledger, token cache or run lock.
    function Get-BatchLeftover([string] $BaseDir) {
        if (-not (Test-Path -LiteralPath $BaseDir)) { return }
        Get-ChildItem -LiteralPath $BaseDir -Recurse -File -Force | Where-Object {
            $_.Name -notmatch '^(ledger\.db.*|token_cache\.json|fundmail\.lock)$' -and $_.FullName -notlike (Join-Path $BaseDir 'logs*')
        } | ForEach-Object FullName
    }

    function Save-Again($t) {
        Get-FundMail -Uid 1:2 -EnvFile $t.EnvFile | Save-FundMailDb -EnvFile $t.EnvFile | Where-Object Kind -eq Database
    }
}

Describe 'Save-FundMailDb never leaks a batch' {
    It 'rolls back when its upstream throws, and the next Save in the same minute works' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'throws')
        $mail = Get-FundMail -Uid 1:2 -EnvFile $t.EnvFile
        { & { $mail; throw 'upstream failed' } | Save-FundMailDb -EnvFile $t.EnvFile } | Should -Throw '*upstream failed*'
        Get-BatchLeftover $t.BaseDir | Should -BeNullOrEmpty
        $db = Save-Again $t
        $db.Path | Should -Exist
    }

    It 'keeps what Select-Object -First lets through and leaves nothing else' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'first')
        $files = Get-FundMail -Uid 1:3 -EnvFile $t.EnvFile | Select-Object -First 1 | Save-FundMailDb -EnvFile $t.EnvFile
        Get-BatchLeftover $t.BaseDir | Sort-Object | Should -Be ($files.Path | Sort-Object)
        (Save-Again $t).Path | Should -Exist
    }

    It 'rolls back when the pipeline is stopped (Ctrl+C)' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'stopped')
        $mail = Get-FundMail -Uid 1:2 -EnvFile $t.EnvFile
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                param($Module, $Mail, $EnvFile)
                Import-Module $Module
                & { $Mail; Start-Sleep -Seconds 60 } | Save-FundMailDb -EnvFile $EnvFile
            }).AddArgument($env:FUNDMAIL_TEST_MODULE).AddArgument($mail).AddArgument($t.EnvFile)
            $async = $ps.BeginInvoke()
            $spool = Join-Path $t.BaseDir '.spool'
            $deadline = (Get-Date).AddSeconds(30)
            while (-not (Get-ChildItem -LiteralPath $spool -Filter '*.journal' -ErrorAction Ignore) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
            Start-Sleep -Milliseconds 500
            $ps.Stop()
            $async.IsCompleted | Should -BeTrue
        } finally {
            $ps.Dispose()
        }
        Get-BatchLeftover $t.BaseDir | Should -BeNullOrEmpty
        (Save-Again $t).Path | Should -Exist
    }

    It 'lets the same mail objects be saved again after a rollback' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'again')
        $mail = Get-FundMail -Uid 1:2 -EnvFile $t.EnvFile
        { & { $mail; throw 'upstream failed' } | Save-FundMailDb -EnvFile $t.EnvFile } | Should -Throw
        $db = $mail | Save-FundMailDb -EnvFile $t.EnvFile | Where-Object Kind -eq Database
        @(Get-FundMail -Path $db.Path).Count | Should -Be 2
    }
}

Describe 'Save-FundMailDb output: FundMail.StoredFile' {
    It 'names each file it wrote FundMail.StoredFile first' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'names')
        $files = @(Get-FundMail -Uid 1:3 -EnvFile $t.EnvFile | Save-FundMailDb -EnvFile $t.EnvFile -Confirm:$false)
        $files.Count | Should -BeGreaterThan 3
        $files | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'FundMail.StoredFile' }
    }
}

Describe 'Save-FundMailDb and the scheduled cycle take turns on BASE_DIR (run lock)' {
    It 'waits a few seconds for the process holding the lock, then fails with FundMailAlreadyRunning and leaves nothing' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'held')
        $mail = Get-FundMail -Uid 1:2 -EnvFile $t.EnvFile
        New-Item -ItemType Directory -Force -Path $t.BaseDir | Out-Null
        $lock = Join-Path $t.BaseDir 'fundmail.lock'
        # flock(1) takes the OS lock a running cycle holds, from another process.
        $holder = Start-Process -FilePath flock -ArgumentList '-o', $lock, 'sleep', '60' -PassThru
        try {
            $deadline = (Get-Date).AddSeconds(10)
            while (-not (Test-Path -LiteralPath $lock) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 50 }
            Start-Sleep -Milliseconds 300
            $caught = $null
            $clock = [Diagnostics.Stopwatch]::StartNew()
            try { $mail | Save-FundMailDb -EnvFile $t.EnvFile } catch { $caught = $_ }
            $clock.Stop()
        } finally {
            $holder | Stop-Process -Force
        }
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'FundMailAlreadyRunning,*'
        $caught.Exception.Message | Should -BeLike '*already running*holds the lock; try again when it ends*'
        $clock.Elapsed.TotalSeconds | Should -BeGreaterThan 4
        Get-BatchLeftover $t.BaseDir | Should -BeNullOrEmpty
    }

    It 'makes a cycle that starts meanwhile leave at once as already running, and still commits its batch' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'during')
        $mail = @(Get-FundMail -Uid 1:2 -EnvFile $t.EnvFile)
        $seen = @{}
        $command = 'try {{ Invoke-FundMailCycle -EnvFile ''{0}'' -ErrorAction Stop | Out-Null; ''ran'' }} catch {{ $_.FullyQualifiedErrorId; $_.Exception.Message }}' -f $t.EnvFile
        # Save holds the lock from its first mail: the cycle runs between the two.
        $files = & { $mail[0]; $seen.Cycle = Invoke-ChildPwsh -Command $command -Width 300; $mail[1] } | Save-FundMailDb -EnvFile $t.EnvFile
        $seen.Cycle.Output[0] | Should -BeLike 'FundMailAlreadyRunning,*'
        $seen.Cycle.Output[1] | Should -BeLike '*Save-FundMailDb (pid*holds the lock*'
        $db = $files | Where-Object Kind -eq Database
        @(Get-FundMail -Path $db.Path).Count | Should -Be 2
    }
}
