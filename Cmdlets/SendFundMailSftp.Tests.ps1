BeforeAll {
    Import-Module $env:FUNDMAIL_TEST_MODULE -Force
    Import-Module (Join-Path $env:FUNDMAIL_TEST_ROOT 'tests/Pester/FundMailTest.psm1') -Force
}

Describe 'Send-FundMailSftp: per-file errors and path resolution' {
    BeforeAll {
        $script:t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'send')
        $script:dir = Join-Path $TestDrive 'outgoing'
        New-Item -ItemType Directory -Path $dir | Out-Null
        foreach ($name in 'one.txt', 'two.txt', 'three [1].txt') { Set-Content -LiteralPath (Join-Path $dir $name) -Value $name }
    }

    It 'writes a non-terminating ObjectNotFound error for a missing file, targeting its path, and sends the others' {
        $missing = Join-Path $dir 'missing.txt'
        $sent = Send-FundMailSftp -Path (Join-Path $dir 'one.txt'), $missing, (Join-Path $dir 'two.txt') -EnvFile $t.EnvFile -ErrorVariable ev -ErrorAction SilentlyContinue
        @($sent).Count | Should -Be 2
        $ev.Count | Should -Be 1
        $ev[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $ev[0].TargetObject | Should -Be $missing
        Join-Path $t.RemoteDir 'one.txt' | Should -Exist
        Join-Path $t.RemoteDir 'two.txt' | Should -Exist
    }

    It 'names the file the server refused (a folder holds its name), not the host, as the error''s target' {
        $refused = Join-Path $TestDrive 'refused'
        New-Item -ItemType Directory -Path $refused | Out-Null
        $blocked = Join-Path $refused 'blocked.txt'
        Set-Content -LiteralPath $blocked -Value 'blocked'
        New-Item -ItemType Directory -Path (Join-Path $t.RemoteDir 'blocked.txt') | Out-Null
        $null = Send-FundMailSftp -LiteralPath $blocked -EnvFile $t.EnvFile -ErrorVariable ev -ErrorAction SilentlyContinue
        $ev.Count | Should -Be 1
        $ev[0].TargetObject | Should -Be $blocked
    }

    It 'expands wildcards, takes -LiteralPath for brackets, and takes Get-ChildItem output' {
        @(Send-FundMailSftp -Path (Join-Path $dir 't*.txt') -EnvFile $t.EnvFile).Count | Should -Be 2
        @(Send-FundMailSftp -LiteralPath (Join-Path $dir 'three [1].txt') -EnvFile $t.EnvFile).Count | Should -Be 1
        @(Get-ChildItem -LiteralPath $dir -Filter '*.txt' | Send-FundMailSftp -EnvFile $t.EnvFile).Count | Should -Be 3
    }

    It 'ships Save-FundMailDb output, and takes a piped Path holding brackets as named' {
        $files = Get-FundMail -Uid 1:3 -EnvFile $t.EnvFile | Save-FundMailDb -EnvFile $t.EnvFile
        @($files | Send-FundMailSftp -EnvFile $t.EnvFile).Count | Should -Be @($files).Count
        # Save-FundMailDb's output binds to -Path by property name; attachments are often named like "[공지] 보고서.pdf".
        $bracketed = [pscustomobject]@{ Path = Join-Path $dir 'three [1].txt' }
        @($bracketed | Send-FundMailSftp -EnvFile $t.EnvFile).Count | Should -Be 1
    }
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
