# Runs FundMail's Pester tests (scripts/pester starts this in the pwsh it built, with the servers up).
# Prints its totals, writes those counts as JSON to -ResultsPath for scripts/test,
# and exits with the number of failures (a failed BeforeAll or a file that does not load counts as one).
param(
    [Parameter(Mandatory)] [string] $ResultsPath,
    [Parameter(ValueFromRemainingArguments)] [string[]] $Path
)
$ErrorActionPreference = 'Stop'
Import-Module Pester -RequiredVersion 6.2.0
$root = $env:FUNDMAIL_TEST_ROOT
if (-not $Path) {
    # One *.Tests.ps1 beside each cmdlet, beside the task script, the pipelines in Cmdlets/, and the repository-wide ones.
    $Path = @(Get-ChildItem -Path (Join-Path $root 'Cmdlets'), $root, (Join-Path $root 'tests/Pester') -Filter '*.Tests.ps1' -File | ForEach-Object FullName)
}
$config = New-PesterConfiguration
$config.Run.Path = $Path
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Detailed'
$config.Output.RenderMode = 'Plaintext'
# The tests see PowerShell's default, as an admin's session has it.
$ErrorActionPreference = 'Continue'
$result = Invoke-Pester -Configuration $config
if ($null -eq $result) {
    # Pester itself failed (configuration, discovery): no test ran, which must not read as a pass.
    Write-Error 'Pester returned no result'
    exit 100
}
$counts = [ordered]@{
    passed  = $result.PassedCount
    failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    skipped = $result.SkippedCount + $result.NotRunCount
}
$counts | ConvertTo-Json | Set-Content -LiteralPath $ResultsPath
"Pester totals: passed {0}, failed {1}, skipped {2}" -f $counts.passed, $counts.failed, $counts.skipped
exit $counts.failed
