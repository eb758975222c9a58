# What the Pester tests share: a .env of their own against the running test servers, and a child pwsh to see what
# an admin sees (host output, exit codes, formatting at a given width).

$servers = $env:FUNDMAIL_TEST_SERVERS

function New-FundMailTestEnv {
    <#
    .SYNOPSIS
    Writes a .env for one test: the running servers' settings, with BASE_DIR and the remote SFTP folder the test's own.
    Returns the .env path; BaseDir and RemoteDir (the local path of the remote folder) are beside it.
    #>
    param(
        [Parameter(Mandatory)] [string] $Directory,
        [hashtable] $Set = @{}
    )
    New-Item -ItemType Directory -Force -Path $Directory | Out-Null
    $name = 'pester_' + [guid]::NewGuid().ToString('N').Substring(0, 12)
    $root = Join-Path $servers 'sftp-root'
    $remote = Join-Path $root $name
    New-Item -ItemType Directory -Force -Path $remote | Out-Null
    # The SFTP account, not this test's user, writes there.
    & chown (& stat -L -c '%u:%g' $root) $remote
    $values = [ordered]@{}
    foreach ($line in Get-Content -LiteralPath (Join-Path $servers '.env')) {
        $key, $value = $line -split '=', 2
        $values[$key] = $value
    }
    $values['BASE_DIR'] = "'" + (Join-Path $Directory 'base') + "'"
    $values['SFTP_REMOTE_DIR'] = "'" + $name + "'"
    foreach ($key in $Set.Keys) { $values[$key] = "'" + $Set[$key] + "'" }
    $envFile = Join-Path $Directory '.env'
    $values.GetEnumerator() | ForEach-Object { $_.Key + '=' + $_.Value } | Set-Content -LiteralPath $envFile -Encoding utf8
    [pscustomobject]@{ EnvFile = $envFile; BaseDir = (Join-Path $Directory 'base'); RemoteDir = $remote }
}

function Invoke-ChildPwsh {
    <#
    .SYNOPSIS
    Runs a command in a new pwsh with the module imported; returns its output lines (all streams, as the console shows
    them) and exit code.
    #>
    param(
        [Parameter(Mandatory)] [string] $Command,
        [int] $Width = 80
    )
    # Redirected, pwsh has no console buffer to size (it says so, not an error of the test): COLUMNS gives the width.
    $script = "try { `$Host.UI.RawUI.BufferSize = [System.Management.Automation.Host.Size]::new($Width, 3000) } catch { }; " +
        "Import-Module '$env:FUNDMAIL_TEST_MODULE'; $Command"
    $env:COLUMNS = $Width
    $lines = & $env:FUNDMAIL_TEST_PWSH -NoLogo -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { "$_" }
    [pscustomobject]@{ Output = @($lines); ExitCode = $LASTEXITCODE }
}

function Add-TestMail {
    <# Delivers sample mails FROM..FROM+COUNT-1 to the running Dovecot. #>
    param([Parameter(Mandatory)] [int] $From, [int] $Count = 1)
    $dll = Join-Path (Split-Path $servers) 'testservers/FundMail.TestServers.dll'
    & dotnet $dll deliver --dir $servers --from $From --count $Count
    if ($LASTEXITCODE) { throw "delivering test mail failed ($LASTEXITCODE)" }
}

Export-ModuleMember -Function New-FundMailTestEnv, Invoke-ChildPwsh, Add-TestMail
