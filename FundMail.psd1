@{
    RootModule             = 'FundMail.PowerShell.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '5d3c6f0e-8a47-4b8e-9a35-2f0d3c1b7e42'
    Author                 = 'FundMail'
    CompanyName            = 'FundMail'
    Copyright              = '(c) FundMail. All rights reserved.'
    Description            = 'Captures every mail an Office 365 mailbox receives into SQLite with its attachments and ships it over SFTP, without ever losing a mail.'
    PowerShellVersion      = '5.1'
    CompatiblePSEditions   = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    CLRVersion             = '4.0'
    FormatsToProcess       = @('FundMail.format.ps1xml')
    CmdletsToExport        = @(
        'Get-FundMail'
        'Get-FundMailStatus'
        'Invoke-FundMailCycle'
        'Protect-FundMailSecret'
        'Save-FundMailDb'
        'Send-FundMailSftp'
        'Test-FundMailConnection'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    FileList               = @(
        'FundMail.psd1'
        'FundMail.PowerShell.dll'
        'FundMail.format.ps1xml'
        'Register-FundMailTask.ps1'
        '.env.sample'
        'en-US/FundMail.PowerShell.dll-Help.xml'
        'en-US/about_FundMail.help.txt'
    )
    PrivateData            = @{
        PSData = @{
            Tags         = @('Office365', 'Exchange', 'IMAP', 'XOAUTH2', 'SQLite', 'SFTP', 'Archive', 'Mail', 'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux')
            ProjectUri   = 'https://github.com/fundmail/fundmail'
            LicenseUri   = 'https://github.com/fundmail/fundmail/blob/main/LICENSE'
            ReleaseNotes = @'
0.1.0
- First release: capture an Office 365 mailbox over IMAP (app-only XOAUTH2), store mails and attachments in SQLite, ship them over SFTP every 5 minutes.
- Protect-FundMailSecret keeps secrets in the .env encrypted with Windows DPAPI.
- One module folder for Windows PowerShell 5.1 and PowerShell 7; its dependencies load side by side with other modules' (MSAL).
'@
        }
    }
}
