BeforeAll {
    Import-Module $env:FUNDMAIL_TEST_MODULE -Force
    Import-Module (Join-Path $env:FUNDMAIL_TEST_ROOT 'tests/Pester/FundMailTest.psm1') -Force
}

Describe 'Test-FundMailConnection output: FundMail.ConnectionCheck' {
    It 'names each leg FundMail.ConnectionCheck first' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'names')
        $legs = @(Test-FundMailConnection -EnvFile $t.EnvFile)
        $legs.Count | Should -BeGreaterThan 5
        $legs | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'FundMail.ConnectionCheck' }
    }
}
