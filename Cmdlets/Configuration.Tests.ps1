BeforeAll {
    Import-Module $env:FUNDMAIL_TEST_MODULE -Force
    Import-Module (Join-Path $env:FUNDMAIL_TEST_ROOT 'tests/Pester/FundMailTest.psm1') -Force
}

Describe 'Configuration: only FUNDMAIL_ variables override the .env' {
    BeforeAll {
        $script:good = New-FundMailTestEnv -Directory (Join-Path $TestDrive 'good')
    }

    It 'ignores HOST, PORT, IMAP_PORT, BASE_DIR and CLIENT_SECRET set in the environment' {
        $run = Invoke-ChildPwsh -Command ("`$env:HOST = '127.0.0.254'; `$env:PORT = '1'; `$env:IMAP_PORT = '1'; " +
            "`$env:BASE_DIR = '/nonexistent'; `$env:CLIENT_SECRET = 'wrong'; Test-FundMailConnection -EnvFile '$($good.EnvFile)' -Quiet")
        $run.Output[-1] | Should -Be 'True'
    }

    It 'lets FUNDMAIL_HOST override HOST' {
        $run = Invoke-ChildPwsh -Command "`$env:FUNDMAIL_HOST = '127.0.0.254'; Test-FundMailConnection -EnvFile '$($good.EnvFile)' -Quiet"
        $run.Output[-1] | Should -Be 'False'
    }

    It 'reads the file $env:FUNDMAIL_ENV names before .env in the current folder' {
        $folder = Join-Path $TestDrive 'cwd'
        New-Item -ItemType Directory -Force -Path $folder | Out-Null
        Set-Content -LiteralPath (Join-Path $folder '.env') -Value "EMAIL_ID=local@example.com"
        $run = Invoke-ChildPwsh -Command ("Set-Location '$folder'; `$env:FUNDMAIL_ENV = '$($good.EnvFile)'; " +
            "Test-FundMailConnection -Quiet")
        $run.Output[-1] | Should -Be 'True'
    }
}

Describe 'Configuration: a malformed .env shows no part of a secret' {
    BeforeAll {
        $script:secret = 'Qx7~vN2pK9wZr4Lm8tYb'
        $script:bad = Join-Path $TestDrive 'bad.env'
        # Line 3 opens a quote it never closes; the parser's own message quoted the text before it: the secret's end.
        Set-Content -LiteralPath $bad -Value @(
            'EMAIL_ID=fund@contoso.com'
            "CLIENT_SECRET=$secret"
            'TENANT_ID="11111111-2222-3333-4444-555555555555'
            'CLIENT_ID=66666666-7777-8888-9999-000000000000'
        )
        function script:Get-Fragment([string] $Text) {
            for ($i = 0; $i + 4 -le $secret.Length; $i++) {
                $part = $secret.Substring($i, 4)
                if ($Text.Contains($part)) { return $part }
            }
        }
    }

    It 'names the file, the line and the key in the error record, and no 4 characters of the secret' {
        $record = $null
        try { Get-FundMail -Uid 1 -EnvFile $bad -ErrorAction Stop | Out-Null } catch { $record = $_ }
        $record | Should -Not -BeNullOrEmpty
        $shown = $record | Out-String
        # The error view wraps the message and starts each wrapped line with '|'.
        $flat = ($shown -split '\r?\n' | ForEach-Object { ($_ -replace '^\s*\|', '').Trim() }) -join ' '
        $flat | Should -Match ([regex]::Escape($bad))
        $flat | Should -Match 'TENANT_ID: line 3: the value starts with a double quote'
        Get-Fragment $shown | Should -BeNullOrEmpty
        Get-Fragment $record.Exception.ToString() | Should -BeNullOrEmpty
        Get-Fragment ($record.ErrorDetails | Out-String) | Should -BeNullOrEmpty
    }

    It 'shows no fragment on screen either' {
        $run = Invoke-ChildPwsh -Command "Get-FundMail -Uid 1 -EnvFile '$bad'; `$Error[0] | Out-String; `$Error[0].Exception.ToString()"
        $out = $run.Output -join "`n"
        $out | Should -Match 'line 3'
        Get-Fragment $out | Should -BeNullOrEmpty
    }
}
