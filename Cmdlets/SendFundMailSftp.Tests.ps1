BeforeAll {
    Import-Module $env:FUNDMAIL_TEST_MODULE -Force
    Import-Module (Join-Path $env:FUNDMAIL_TEST_ROOT 'tests/Pester/FundMailTest.psm1') -Force
}

Describe 'Send-FundMailSftp output: FundMail.UploadedFile' {
    It 'names each uploaded file FundMail.UploadedFile first' {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'names')
        $uploaded = @(Get-FundMail -Uid 1:2 -EnvFile $t.EnvFile | Save-FundMailDb -EnvFile $t.EnvFile -Confirm:$false |
            Send-FundMailSftp -EnvFile $t.EnvFile -Confirm:$false)
        $uploaded.Count | Should -Be 3
        $uploaded | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'FundMail.UploadedFile' }
    }
}
