<#
.SYNOPSIS
Registers (or removes) the scheduled job that runs Invoke-FundMailCycle every 5 minutes.

.DESCRIPTION
On Windows, registers a Task Scheduler task that runs Invoke-FundMailCycle every 5 minutes, indefinitely,
whether or not a user is logged on: non-interactive, without a profile, one instance at a time
(MultipleInstances IgnoreNew) and with an execution time limit, under the account you give
(or SYSTEM with -RunAsSystem). Windows PowerShell 5.1 (powershell.exe) runs the task unless -PowerShell Core is given (pwsh.exe).

The task ends with exit code 0 when the cycle succeeded and 1 when it failed, so Task Scheduler's "Last Run Result"
shows a failure.

On Linux there is no Task Scheduler: the script prints the equivalent cron line, which runs Invoke-FundMailCycle in
the pwsh running this script (exit code 1 on failure), and with -InstallCron adds it to the current user's crontab.
Cron repeats evenly only every N minutes where N divides 60 (1 to 30), or every H hours where H divides 24
(-IntervalMinutes 60, 120, 180, 240, 360, 480, 720 or 1440); other intervals are refused.

.PARAMETER TaskName
Name of the scheduled task (and marker of the cron line). Default: FundMail.

.PARAMETER ModulePath
Folder holding FundMail.psd1. Default: this script's folder (C:\fund_mail in a standard install).

.PARAMETER EnvFile
The .env file the cycle reads. Default: .env in ModulePath.

.PARAMETER Credential
The account the task runs as, whether or not it is logged on. Its password is handed to Task Scheduler only.

.PARAMETER RunAsSystem
Run the task as LocalSystem instead of a given account.

.PARAMETER PowerShell
Desktop (Windows PowerShell 5.1, powershell.exe; default) or Core (PowerShell 7, pwsh.exe). On Windows only: the cron line
always runs the pwsh running this script.

.PARAMETER IntervalMinutes
Minutes between runs. Default: 5. For cron: a divisor of 60 (1 to 30) or whole hours that divide a day (60 to 1440).

.PARAMETER TimeLimitMinutes
A run that takes longer is stopped by Task Scheduler. Default: 60 (a catch-up after days offline can take a while).

.PARAMETER Unregister
Removes the task (or, on Linux, the cron line) instead of adding it.

.PARAMETER InstallCron
On Linux, installs the cron line into the current user's crontab instead of only printing it.

.EXAMPLE
.\Register-FundMailTask.ps1 -Credential (Get-Credential CONTOSO\svc-fundmail)

.EXAMPLE
.\Register-FundMailTask.ps1 -RunAsSystem -PowerShell Core

.EXAMPLE
.\Register-FundMailTask.ps1 -Unregister
#>
[CmdletBinding(SupportsShouldProcess = $true, DefaultParameterSetName = 'Account')]
param(
    [string] $TaskName = 'FundMail',

    [string] $ModulePath = $PSScriptRoot,

    [string] $EnvFile,

    [Parameter(ParameterSetName = 'Account')]
    [System.Management.Automation.PSCredential] $Credential,

    [Parameter(ParameterSetName = 'System')]
    [switch] $RunAsSystem,

    [ValidateSet('Desktop', 'Core')]
    [string] $PowerShell = 'Desktop',

    [ValidateRange(1, 1440)]
    [int] $IntervalMinutes = 5,

    [ValidateRange(1, 1440)]
    [int] $TimeLimitMinutes = 60,

    [Parameter(ParameterSetName = 'Remove')]
    [switch] $Unregister,

    [switch] $InstallCron
)

Set-StrictMode -Version 2
$ErrorActionPreference = 'Stop'

$onWindows = ($PSVersionTable.PSEdition -eq 'Desktop') -or ((Get-Variable -Name IsWindows -ErrorAction SilentlyContinue) -and $IsWindows)
$ModulePath = (Resolve-Path -LiteralPath $ModulePath).Path
if (-not $EnvFile) {
    $EnvFile = Join-Path $ModulePath '.env'
}
$manifest = Join-Path $ModulePath 'FundMail.psd1'

# A PowerShell string literal: single quotes, inner ones doubled; nothing in it is expanded.
function ConvertTo-PowerShellLiteral([string] $Text) {
    return "'" + $Text.Replace("'", "''") + "'"
}

# A /bin/sh word: single quotes, each inner one closed, escaped and reopened.
function ConvertTo-ShellLiteral([string] $Text) {
    return "'" + $Text.Replace("'", "'\''") + "'"
}

# The cycle, its failure (an error of any kind) turned into exit code 1; it never contains a double quote.
function Get-CycleCommand([string] $Manifest, [string] $EnvFile) {
    return "`$ErrorActionPreference = 'Stop'; `$code = 0; " +
        "try { Import-Module $(ConvertTo-PowerShellLiteral $Manifest); Invoke-FundMailCycle -EnvFile $(ConvertTo-PowerShellLiteral $EnvFile) } " +
        "catch { [Console]::Error.WriteLine(`$_); `$code = 1 }; exit `$code"
}

# The Task Scheduler action's argument: powershell.exe -Command alone would exit 0 after a failed cycle.
function Get-TaskActionArgument([string] $Manifest, [string] $EnvFile) {
    return "-NoProfile -NonInteractive -ExecutionPolicy Bypass -Command `"$(Get-CycleCommand $Manifest $EnvFile)`""
}

# Cron's */N restarts every hour (and */H every day), so only divisors repeat evenly.
function Get-CronSchedule([int] $IntervalMinutes) {
    if ($IntervalMinutes -lt 60 -and 60 % $IntervalMinutes -eq 0) {
        return "*/$IntervalMinutes * * * *"
    }
    if ($IntervalMinutes -eq 1440) {
        return '0 0 * * *'
    }
    if ($IntervalMinutes % 60 -eq 0 -and 24 % ($IntervalMinutes / 60) -eq 0) {
        return "0 */$($IntervalMinutes / 60) * * *"
    }
    throw "-IntervalMinutes $IntervalMinutes cannot be written as a cron schedule: cron repeats evenly only every N minutes " +
        'where N divides 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30) or every H hours where H divides 24 ' +
        '(-IntervalMinutes 60, 120, 180, 240, 360, 480, 720 or 1440). Choose one of those.'
}

function Get-CronLine([string] $Pwsh, [string] $Manifest, [string] $EnvFile, [int] $IntervalMinutes, [string] $TaskName) {
    $command = "$(ConvertTo-ShellLiteral $Pwsh) -NoProfile -NonInteractive -Command $(ConvertTo-ShellLiteral (Get-CycleCommand $Manifest $EnvFile))"
    # Cron turns an unescaped % into a line break.
    return "$(Get-CronSchedule $IntervalMinutes) $($command.Replace('%', '\%')) >/dev/null 2>&1 # $TaskName"
}

function Get-OtherCronLines([string] $TaskName) {
    $existing = @(crontab -l 2>$null)
    return @($existing | Where-Object { $_ -and -not $_.EndsWith("# $TaskName") })
}

if (-not $onWindows) {
    if ($Unregister) {
        if ($PSCmdlet.ShouldProcess('crontab', "remove the $TaskName line")) {
            $others = Get-OtherCronLines $TaskName # read in full before crontab starts replacing the table
            $others | crontab '-'
        }
        return
    }
    $line = Get-CronLine -Pwsh (Get-Process -Id $PID).Path -Manifest $manifest -EnvFile $EnvFile -IntervalMinutes $IntervalMinutes -TaskName $TaskName
    if ($InstallCron) {
        if ($PSCmdlet.ShouldProcess('crontab', "add: $line")) {
            $lines = @(Get-OtherCronLines $TaskName) + $line
            $lines | crontab '-'
        }
    }
    else {
        Write-Output $line
    }
    return
}

if ($Unregister) {
    if ($PSCmdlet.ShouldProcess($TaskName, 'Unregister scheduled task')) {
        Unregister-ScheduledTask -TaskName $TaskName -Confirm:$false
    }
    return
}

if (-not (Test-Path -LiteralPath $manifest)) {
    throw "FundMail.psd1 not found in '$ModulePath'; pass -ModulePath with the folder the module was installed to."
}
if (-not (Test-Path -LiteralPath $EnvFile)) {
    throw "The env file '$EnvFile' does not exist; copy .env.sample to it and fill it in, then run Test-FundMailConnection."
}
if (-not $RunAsSystem -and -not $Credential) {
    throw 'Give the account the task runs as with -Credential (it runs whether or not that user is logged on), or use -RunAsSystem.'
}

if ($PowerShell -eq 'Core') {
    $executable = 'pwsh.exe'
}
else {
    $executable = Join-Path $env:SystemRoot 'System32\WindowsPowerShell\v1.0\powershell.exe'
}
$action = New-ScheduledTaskAction -Execute $executable -Argument (Get-TaskActionArgument $manifest $EnvFile) -WorkingDirectory $ModulePath

# No RepetitionDuration: the repetition then runs indefinitely.
$trigger = New-ScheduledTaskTrigger -Once -At (Get-Date).AddMinutes(1) -RepetitionInterval (New-TimeSpan -Minutes $IntervalMinutes)

$settings = New-ScheduledTaskSettingsSet `
    -MultipleInstances IgnoreNew `
    -ExecutionTimeLimit (New-TimeSpan -Minutes $TimeLimitMinutes) `
    -StartWhenAvailable `
    -AllowStartIfOnBatteries `
    -DontStopIfGoingOnBatteries

$description = 'FundMail: captures the mailbox into SQLite and ships it over SFTP (Invoke-FundMailCycle).'
if ($PSCmdlet.ShouldProcess($TaskName, "Register scheduled task running every $IntervalMinutes minutes")) {
    if ($RunAsSystem) {
        $principal = New-ScheduledTaskPrincipal -UserId 'NT AUTHORITY\SYSTEM' -LogonType ServiceAccount -RunLevel Limited
        Register-ScheduledTask -TaskName $TaskName -Description $description -Action $action -Trigger $trigger `
            -Settings $settings -Principal $principal -Force | Out-Null
    }
    else {
        # LogonType Password: the task runs whether or not the user is logged on.
        Register-ScheduledTask -TaskName $TaskName -Description $description -Action $action -Trigger $trigger `
            -Settings $settings -User $Credential.UserName -Password ($Credential.GetNetworkCredential().Password) `
            -RunLevel Limited -Force | Out-Null
    }
    Get-ScheduledTask -TaskName $TaskName
}
