BeforeAll {
    Import-Module $env:FUNDMAIL_TEST_MODULE -Force
    Import-Module (Join-Path $env:FUNDMAIL_TEST_ROOT 'tests/Pester/FundMailTest.psm1') -Force
}

Describe 'Get-FundMail | Save-FundMailDb | Send-FundMailSftp' {
    BeforeAll {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'pipeline')
        $mails = @(Get-FundMail -Uid 1:8 -EnvFile $t.EnvFile)
        $landed = @(Get-FundMail -Uid 1:8 -EnvFile $t.EnvFile | Save-FundMailDb -EnvFile $t.EnvFile | Send-FundMailSftp -EnvFile $t.EnvFile)
    }

    It 'lands every mail: the DB on the server holds each one, read back by Get-FundMail' {
        $mails.Count | Should -Be 8
        $db = @(Get-ChildItem -LiteralPath $t.RemoteDir -Recurse -Filter 'fm_*.db')
        $db.Count | Should -Be 1
        $back = @($db | Get-FundMail)
        $back.Count | Should -Be 8
        ($back.Subject | Sort-Object) | Should -Be ($mails.Subject | Sort-Object)
    }

    It 'lands every attachment byte for byte, and the DB last' {
        $db = $landed | Where-Object { $_.RemotePath -like '*.db' }
        $landed[-1] | Should -Be $db
        foreach ($file in $landed | Where-Object { $_ -ne $db }) {
            $local = Get-FileHash -LiteralPath $file.LocalPath -Algorithm SHA256
            $remote = Get-ChildItem -LiteralPath $t.RemoteDir -Recurse -File | Where-Object Name -eq (Split-Path $file.LocalPath -Leaf)
            (Get-FileHash -LiteralPath $remote.FullName -Algorithm SHA256).Hash | Should -Be $local.Hash
        }
    }

    It 'leaves no temp file on the server' {
        Get-ChildItem -LiteralPath $t.RemoteDir -Recurse -Force -File | Where-Object Name -like '.*' | Should -BeNullOrEmpty
    }
}
