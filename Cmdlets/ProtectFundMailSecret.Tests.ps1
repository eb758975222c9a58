BeforeAll {
    Import-Module $env:FUNDMAIL_TEST_MODULE -Force
    Import-Module (Join-Path $env:FUNDMAIL_TEST_ROOT 'tests/Pester/FundMailTest.psm1') -Force
}

Describe 'Protect-FundMailSecret outside Windows' -Skip:$IsWindows {
    BeforeEach {
        $t = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'protect')
        $before = Get-Content -LiteralPath $t.EnvFile -Raw
        $command = "Protect-FundMailSecret -Key SFTP_PW -Value (ConvertTo-SecureString 'v' -AsPlainText -Force) -EnvFile '$($t.EnvFile)'"
    }

    It 'refuses up front under -WhatIf: no What if line, DpapiNotAvailable, the .env untouched' {
        $run = Invoke-ChildPwsh -Command "$command -WhatIf; `$Error[0].FullyQualifiedErrorId"
        $run.Output | Where-Object { $_ -like '*What if*' } | Should -BeNullOrEmpty
        $run.Output | Select-Object -Last 1 | Should -BeLike 'DpapiNotAvailable,*'
        Get-Content -LiteralPath $t.EnvFile -Raw | Should -Be $before
    }

    It 'says DPAPI once, that it is Windows-only and what to do instead' {
        $record = try { Invoke-Expression $command; $null } catch { $_ }
        $record.FullyQualifiedErrorId | Should -BeLike 'DpapiNotAvailable,*'
        $record.CategoryInfo.Category | Should -Be 'NotImplemented'
        $record.Exception | Should -BeOfType [System.PlatformNotSupportedException]
        $message = $record.Exception.Message
        ([regex]::Matches($message, 'DPAPI')).Count | Should -Be 1
        $message | Should -BeLike '*Windows*'
        $message | Should -BeLike '*single quotes*'
        $message | Should -BeLike '*0600*'
        $message | Should -BeLike '*environment*'
        Get-Content -LiteralPath $t.EnvFile -Raw | Should -Be $before
    }
}
