# Every PowerShell file in the repository parses with PowerShell's own parser, and the ones an admin runs on
# Windows PowerShell 5.1 use no syntax that 5.1 lacks (7's parser accepts it, 5.1's would not).
BeforeDiscovery {
    $skipped = '[\\/](\.git|bin|obj|out|node_modules|TestResults)[\\/]'
    $files = Get-ChildItem -LiteralPath $env:FUNDMAIL_TEST_ROOT -Recurse -File -Include *.ps1, *.psm1, *.psd1 |
        Where-Object FullName -notmatch $skipped |
        ForEach-Object { @{ Path = $_.FullName; Name = [IO.Path]::GetRelativePath($env:FUNDMAIL_TEST_ROOT, $_.FullName) } }
    # What ships in the module folder runs on 5.1 too; the tests run in pwsh 7 only.
    $shipped = $files | Where-Object { $_.Name -notmatch '\.Tests\.ps1$' -and $_.Name -notmatch '^tests[\\/]' }
}

BeforeAll {
    function Get-ParseErrors([string] $Path) {
        $tokens = $errors = $null
        $ast = [System.Management.Automation.Language.Parser]::ParseFile($Path, [ref] $tokens, [ref] $errors)
        [pscustomobject]@{ Ast = $ast; Errors = $errors }
    }
}

Describe 'PowerShell files' {
    It 'finds the module''s scripts' -ForEach @(@{ Names = @($files.Name) }) {
        $Names | Should -Contain 'FundMail.psd1'
        $Names | Should -Contain 'Register-FundMailTask.ps1'
    }

    It '<Name> parses' -ForEach $files {
        $parsed = Get-ParseErrors $Path
        $parsed.Errors | ForEach-Object { "{0}:{1}: {2}" -f $Name, $_.Extent.StartLineNumber, $_.Message } | Should -BeNullOrEmpty
    }

    It '<Name> uses only syntax Windows PowerShell 5.1 has' -ForEach $shipped {
        $ast = (Get-ParseErrors $Path).Ast
        $newer = $ast.FindAll({
                param($node)
                $node -is [System.Management.Automation.Language.TernaryExpressionAst] -or
                $node -is [System.Management.Automation.Language.PipelineChainAst] -or
                ($node -is [System.Management.Automation.Language.MemberExpressionAst] -and $node.NullConditional) -or
                ($node -is [System.Management.Automation.Language.BinaryExpressionAst] -and $node.Operator -eq 'QuestionQuestion') -or
                ($node -is [System.Management.Automation.Language.AssignmentStatementAst] -and $node.Operator -eq 'QuestionQuestionEquals')
            }, $true)
        $newer | ForEach-Object { "{0}:{1}: {2}" -f $Name, $_.Extent.StartLineNumber, $_.Extent.Text } | Should -BeNullOrEmpty
    }

    It 'a file with a syntax error is reported' {
        $broken = Join-Path $TestDrive 'broken.psd1'
        (Get-Content -Raw -LiteralPath (Join-Path $env:FUNDMAIL_TEST_ROOT 'FundMail.psd1')) -replace "'Get-FundMail'\s*\r?\n", "'Get-FundMail' @(`n" |
            Set-Content -LiteralPath $broken
        (Get-ParseErrors $broken).Errors.Count | Should -BeGreaterThan 0
    }

    It 'a 7-only operator is found' {
        $file = Join-Path $TestDrive 'seven.ps1'
        Set-Content -LiteralPath $file -Value '$a = $b ?? 1; $c = $d ? 1 : 2'
        $ast = (Get-ParseErrors $file).Ast
        @($ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.TernaryExpressionAst] }, $true)).Count | Should -Be 1
    }
}
