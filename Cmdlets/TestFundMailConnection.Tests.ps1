BeforeAll {
    Import-Module $env:FUNDMAIL_TEST_MODULE -Force
    Import-Module (Join-Path $env:FUNDMAIL_TEST_ROOT 'tests/Pester/FundMailTest.psm1') -Force
}

Describe 'Test-FundMailConnection: an error per failed leg, and -Quiet' {
    BeforeAll {
        $script:good = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'good')
        $script:wrong = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'wrong') -Set @{ SFTP_PW = 'wrong' }
    }

    It 'returns every leg, writes one error per failed leg and leaves $? false' {
        $run = Invoke-ChildPwsh -Command ("`$legs = Test-FundMailConnection -EnvFile '$($wrong.EnvFile)' -ErrorVariable ev -ErrorAction SilentlyContinue; `$ok = `$?; " +
            "'legs=' + `$legs.Count; 'failed=' + @(`$legs | Where-Object Outcome -eq Failed).Count; 'errors=' + `$ev.Count; " +
            "'ids=' + ((`$ev | ForEach-Object FullyQualifiedErrorId) -join ','); 'targets=' + ((`$ev | ForEach-Object { `$_.TargetObject.Leg }) -join ','); 'ok=' + `$ok")
        $out = $run.Output -join "`n"
        $out | Should -Match 'legs=8'
        $out | Should -Match 'failed=1'
        $out | Should -Match 'errors=1'
        $out | Should -Match 'ids=FundMailConnectionLegFailed,'
        $out | Should -Match 'targets=SFTP auth'
        $out | Should -Match 'ok=False'
    }

    It 'shows the error on screen and prints False for $?' {
        $run = Invoke-ChildPwsh -Command "Test-FundMailConnection -EnvFile '$($wrong.EnvFile)' | Out-Null; `$?"
        $run.Output[-1] | Should -Be 'False'
        ($run.Output -join "`n") | Should -Match 'SFTP auth'
    }

    It '-Quiet returns exactly one $false with a wrong password and writes no error' {
        $result = @(Test-FundMailConnection -EnvFile $wrong.EnvFile -Quiet -ErrorVariable ev)
        $result.Count | Should -Be 1
        $result[0] | Should -BeOfType [bool]
        $result[0] | Should -BeFalse
        $ev.Count | Should -Be 0
    }

    It '-Quiet returns exactly one $true when every leg passes' {
        $result = @(Test-FundMailConnection -EnvFile $good.EnvFile -Quiet)
        $result.Count | Should -Be 1
        $result[0] | Should -BeTrue
    }
}

Describe 'Test-FundMailConnection output: FundMail.ConnectionCheck' {
    It 'names each leg FundMail.ConnectionCheck first' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'names')
        $legs = @(Test-FundMailConnection -EnvFile $t.EnvFile)
        $legs.Count | Should -BeGreaterThan 5
        $legs | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'FundMail.ConnectionCheck' }
    }
}
