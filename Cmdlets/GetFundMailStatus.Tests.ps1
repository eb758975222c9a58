BeforeAll {
    Import-Module $env:FUNDMAIL_TEST_MODULE -Force
    Import-Module (Join-Path $env:FUNDMAIL_TEST_ROOT 'tests/Pester/FundMailTest.psm1') -Force
}

Describe 'Get-FundMailStatus' {
    It 'reports a BASE_DIR that has never run as such' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'fresh')
        $status = Get-FundMailStatus -EnvFile $t.EnvFile
        $status.PSObject.TypeNames | Should -Contain 'FundMail.Cycle.CycleStatus'
        $status.LastRunStarted | Should -BeNullOrEmpty
    }
}

Describe 'Get-FundMailStatus output: FundMail.CycleStatus' {
    It 'names its status FundMail.CycleStatus first' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'names')
        (Get-FundMailStatus -EnvFile $t.EnvFile).PSObject.TypeNames[0] | Should -Be 'FundMail.CycleStatus'
    }
}
