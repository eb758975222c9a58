<#
.SYNOPSIS
Registers (or removes) the scheduled job that runs Invoke-FundMailCycle every 5 minutes.

.DESCRIPTION
On Windows, registers a Task Scheduler task that runs Invoke-FundMailCycle every 5 minutes, indefinitely,
whether or not a user is logged on: non-interactive, without a profile, one instance at a time
(MultipleInstances IgnoreNew) and with an execution time limit, under the account you give
(or SYSTEM with -RunAsSystem). Windows PowerShell 5.1 (powershell.exe) runs the task unless -PowerShell Core is given (pwsh.exe).

On Linux there is no Task Scheduler: the script prints the equivalent cron line for the `fundmail` console host
(or for pwsh with -PowerShell Core), and with -InstallCron adds it to the current user's crontab.

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
Desktop (Windows PowerShell 5.1, powershell.exe; default) or Core (PowerShell 7, pwsh.exe).

.PARAMETER IntervalMinutes
Minutes between runs. Default: 5.

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
$cycleCommand = "Import-Module '$manifest'; Invoke-FundMailCycle -EnvFile '$EnvFile'"

function Get-CronLine {
    $onPath = Get-Command -Name fundmail -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($onPath) {
        $hostPath = $onPath.Source
    }
    else {
        $hostPath = Join-Path $ModulePath 'fundmail'
    }
    if ($PowerShell -eq 'Core') {
        $command = "pwsh -NoProfile -NonInteractive -Command `"$cycleCommand`""
    }
    else {
        $command = "'$hostPath' cycle --env '$EnvFile'"
    }
    return "*/$IntervalMinutes * * * * $command >/dev/null 2>&1 # $TaskName"
}

function Get-OtherCronLines {
    $existing = @(crontab -l 2>$null)
    return @($existing | Where-Object { $_ -and -not $_.EndsWith("# $TaskName") })
}

if (-not $onWindows) {
    if ($Unregister) {
        if ($PSCmdlet.ShouldProcess('crontab', "remove the $TaskName line")) {
            Get-OtherCronLines | crontab '-'
        }
        return
    }
    $line = Get-CronLine
    if ($InstallCron) {
        if ($PSCmdlet.ShouldProcess('crontab', "add: $line")) {
            @(Get-OtherCronLines) + $line | crontab '-'
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
$arguments = "-NoProfile -NonInteractive -ExecutionPolicy Bypass -Command `"$cycleCommand`""
$action = New-ScheduledTaskAction -Execute $executable -Argument $arguments -WorkingDirectory $ModulePath

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
