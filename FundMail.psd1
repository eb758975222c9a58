@{
    RootModule           = 'FundMail.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5d3c6f0e-8a47-4b8e-9a35-2f0d3c1b7e42'
    Author               = 'FundMail'
    CompanyName          = 'FundMail'
    Copyright            = '(c) FundMail. All rights reserved.'
    Description          = 'Captures every mail an Office 365 mailbox receives into SQLite with its attachments and ships it over SFTP, without ever losing a mail.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    CmdletsToExport      = @()
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
}
