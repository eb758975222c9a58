BeforeAll {
    Import-Module (Join-Path $env:FUNDMAIL_TEST_ROOT 'tests/Pester/FundMailTest.psm1') -Force

    # The module folder as shipped, copied under a name with a space and a quote: the cron line must quote both.
    $module = Join-Path $TestDrive "fund mail's module"
    Copy-Item -Recurse -LiteralPath (Split-Path $env:FUNDMAIL_TEST_MODULE) -Destination $module
    $script:taskScript = Join-Path $module 'Register-FundMailTask.ps1'
    $script:manifest = Join-Path $module 'FundMail.psd1'

    # The script's functions, so the Windows action can be checked here by contract.
    $ast = [System.Management.Automation.Language.Parser]::ParseFile($taskScript, [ref]$null, [ref]$null)
    foreach ($function in $ast.FindAll({ $args[0] -is [System.Management.Automation.Language.FunctionDefinitionAst] }, $false)) {
        . ([scriptblock]::Create($function.Extent.Text))
    }

    function Invoke-TaskScript([string] $Arguments) {
        Invoke-ChildPwsh -Command "& '$($taskScript.Replace("'", "''"))' $Arguments"
    }

    # Runs what cron would run for the line: the command after the five schedule fields, in /bin/sh.
    function Invoke-CronCommand([string] $Line) {
        $command = $Line.Split(' ', 6)[5].Replace('\%', '%')
        & '/bin/sh' -c $command
        $LASTEXITCODE
    }

    $script:good = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'good env dir')
    $script:missingEnv = Join-Path $TestDrive "no such env's dir/.env"
}

Describe 'Register-FundMailTask on Linux' {
    It 'prints a cron line that runs the module in this pwsh, not a fundmail host' {
        $run = Invoke-TaskScript "-EnvFile '$($good.EnvFile.Replace("'", "''"))'"
        $run.ExitCode | Should -Be 0
        $line = $run.Output | Select-Object -Last 1
        $line | Should -Match '^\*/5 \* \* \* \* '
        $line | Should -BeLike "*'$env:FUNDMAIL_TEST_PWSH' -NoProfile -NonInteractive -Command *"
        $line | Should -BeLike '*Invoke-FundMailCycle*'
        $line | Should -BeLike "*$($manifest.Replace("'", "''").Replace("'", "'\''"))*"
        $line | Should -Not -Match '[/\\]fundmail[''" ]'
        $line | Should -Match ' # FundMail$'
    }

    It 'runs a good cycle with exit code 0 and a failing one with a non-zero exit code' {
        Invoke-CronCommand (Get-CronLine -Pwsh $env:FUNDMAIL_TEST_PWSH -Manifest $manifest -EnvFile $good.EnvFile -IntervalMinutes 5 -TaskName FundMail) |
            Should -Be 0
        Get-ChildItem -LiteralPath $good.BaseDir -Filter 'fm_*.db' -Recurse | Should -Not -BeNullOrEmpty
        Invoke-CronCommand (Get-CronLine -Pwsh $env:FUNDMAIL_TEST_PWSH -Manifest $manifest -EnvFile $missingEnv -IntervalMinutes 5 -TaskName FundMail) |
            Should -Not -Be 0
    }

    It 'writes <Minutes> minutes as <Schedule>' -ForEach @(
        @{ Minutes = 1; Schedule = '*/1 * * * *' }
        @{ Minutes = 5; Schedule = '*/5 * * * *' }
        @{ Minutes = 30; Schedule = '*/30 * * * *' }
        @{ Minutes = 60; Schedule = '0 */1 * * *' }
        @{ Minutes = 120; Schedule = '0 */2 * * *' }
        @{ Minutes = 720; Schedule = '0 */12 * * *' }
        @{ Minutes = 1440; Schedule = '0 0 * * *' }
    ) {
        Get-CronSchedule $Minutes | Should -Be $Schedule
    }

    It 'refuses <Minutes> minutes, which cron cannot repeat evenly, naming what it can do' -ForEach @(
        @{ Minutes = 7 }, @{ Minutes = 45 }, @{ Minutes = 90 }, @{ Minutes = 300 }, @{ Minutes = 1439 }
    ) {
        { Get-CronSchedule $Minutes } | Should -Throw "-IntervalMinutes $Minutes cannot be written as a cron schedule*divides 60*divides 24*"
    }

    It 'installs, replaces and removes its line in the crontab, keeping the other lines' {
        # A stand-in for crontab(1): -l prints the table, - replaces it with stdin.
        $bin = Join-Path $TestDrive 'bin'
        New-Item -ItemType Directory -Path $bin | Out-Null
        $table = Join-Path $TestDrive 'crontab.txt'
        Set-Content -LiteralPath $table -Value '0 3 * * * backup # other'
        Set-Content -LiteralPath (Join-Path $bin 'crontab') -Value @"
#!/bin/sh
if [ "`$1" = -l ]; then cat '$table'; else cat > '$table'; fi
"@
        chmod 755 (Join-Path $bin 'crontab')
        $path = "`$env:PATH = '$bin' + [IO.Path]::PathSeparator + `$env:PATH; "
        $envArg = "-EnvFile '$($good.EnvFile.Replace("'", "''"))'"

        (Invoke-ChildPwsh -Command "$path& '$($taskScript.Replace("'", "''"))' $envArg -InstallCron -WhatIf").ExitCode | Should -Be 0
        Get-Content -LiteralPath $table | Should -Be @('0 3 * * * backup # other')

        $refused = Invoke-ChildPwsh -Command "$path& '$($taskScript.Replace("'", "''"))' $envArg -InstallCron -IntervalMinutes 90"
        $refused.ExitCode | Should -Not -Be 0
        ($refused.Output -join ' ') | Should -BeLike '*-IntervalMinutes 90 cannot be written as a cron schedule*'
        Get-Content -LiteralPath $table | Should -Be @('0 3 * * * backup # other')

        (Invoke-ChildPwsh -Command "$path& '$($taskScript.Replace("'", "''"))' $envArg -InstallCron -IntervalMinutes 10").ExitCode | Should -Be 0
        (Invoke-ChildPwsh -Command "$path& '$($taskScript.Replace("'", "''"))' $envArg -InstallCron -IntervalMinutes 15").ExitCode | Should -Be 0
        $lines = @(Get-Content -LiteralPath $table)
        $lines.Count | Should -Be 2
        $lines[0] | Should -Be '0 3 * * * backup # other'
        $lines[1] | Should -BeLike '`*/15 * * * * *Invoke-FundMailCycle* # FundMail'

        (Invoke-ChildPwsh -Command "$path& '$($taskScript.Replace("'", "''"))' -Unregister").ExitCode | Should -Be 0
        Get-Content -LiteralPath $table | Should -Be @('0 3 * * * backup # other')
    }
}

Describe 'Register-FundMailTask on Windows (by contract)' {
    It 'gives Task Scheduler an action that ends with an explicit exit of the cycle''s result' {
        $argument = Get-TaskActionArgument -Manifest 'C:\fund mail''s\FundMail.psd1' -EnvFile 'C:\fund mail''s\.env'
        $argument | Should -BeLike '-NoProfile -NonInteractive -ExecutionPolicy Bypass -Command "*"'
        $argument | Should -Match 'exit \$code"$'
        $argument | Should -BeLike "*Import-Module 'C:\fund mail''s\FundMail.psd1'*"
    }

    It 'exits <Expected> when the action runs a <Kind> cycle' -ForEach @(
        @{ Kind = 'good'; Expected = 0 }
        @{ Kind = 'failing'; Expected = 1 }
    ) {
        $envFile = if ($Kind -eq 'good') { $good.EnvFile } else { $missingEnv }
        # .NET splits the argument string as Windows does for the executable Task Scheduler starts.
        $start = [System.Diagnostics.ProcessStartInfo]::new($env:FUNDMAIL_TEST_PWSH, (Get-TaskActionArgument -Manifest $manifest -EnvFile $envFile))
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $process = [System.Diagnostics.Process]::Start($start)
        $output = $process.StandardOutput.ReadToEndAsync(), $process.StandardError.ReadToEndAsync()
        $process.WaitForExit()
        $process.ExitCode | Should -Be $Expected -Because ($output.Result -join "`n")
    }
}
