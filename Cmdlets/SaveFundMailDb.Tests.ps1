BeforeAll {
    Import-Module $env:FUNDMAIL_TEST_MODULE -Force
    Import-Module (Join-Path $env:FUNDMAIL_TEST_ROOT 'tests/Pester/FundMailTest.psm1') -Force
}

Describe 'Save-FundMailDb output: FundMail.StoredFile' {
    It 'names each file it wrote FundMail.StoredFile first' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'names')
        $files = @(Get-FundMail -Uid 1:3 -EnvFile $t.EnvFile | Save-FundMailDb -EnvFile $t.EnvFile -Confirm:$false)
        $files.Count | Should -BeGreaterThan 3
        $files | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'FundMail.StoredFile' }
    }
}
