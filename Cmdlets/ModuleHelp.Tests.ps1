BeforeAll {
    Import-Module $env:FUNDMAIL_TEST_MODULE -Force
    Import-Module (Join-Path $env:FUNDMAIL_TEST_ROOT 'tests/Pester/FundMailTest.psm1') -Force

    $script:common = [System.Management.Automation.PSCmdlet]::CommonParameters

    # The parameters of one live parameter set as the help should show them, common parameters left out.
    function LiveSet($set) {
        $set.Parameters | Where-Object Name -notin $script:common | Sort-Object Name | ForEach-Object {
            '{0}:{1}:{2}' -f $_.Name, $_.IsMandatory.ToString().ToLowerInvariant(),
                $(if ($_.Position -ge 0) { $_.Position } else { 'named' })
        }
    }
    function HelpSet($item) {
        $item.parameter | Sort-Object name | ForEach-Object { '{0}:{1}:{2}' -f $_.name, $_.required, $_.position }
    }
    function SyntaxNames($item) { @($item.parameter | ForEach-Object name) }
}

Describe 'Cmdlet help: SYNTAX' {
    It 'shows Get-FundMail as five syntax items, one per parameter set, the default (Last) first' {
        $items = @((Get-Help Get-FundMail).syntax.syntaxItem)
        $items.Count | Should -Be 5
        (SyntaxNames $items[0]) | Should -Contain 'Last'
        foreach ($item in $items) {
            $names = SyntaxNames $item
            $names | Should -Contain 'EnvFile'
            @($names | Where-Object { $_ -in 'Since', 'Last', 'Uid', 'Path', 'LiteralPath' }).Count | Should -Be 1
        }
    }

    It 'shows each syntax line as an admin reads it' {
        $text = (Invoke-ChildPwsh 'Get-Help Get-FundMail | Out-String -Width 250' -Width 250).Output -join "`n"
        $text | Should -Match ([regex]::Escape('Get-FundMail [[-Last] <int>] [-EnvFile <string>] [<CommonParameters>]'))
        $text | Should -Match ([regex]::Escape('Get-FundMail -Since <DateTime> [-EnvFile <string>] [<CommonParameters>]'))
        $text | Should -Match ([regex]::Escape('Get-FundMail -Path <string[]> [-EnvFile <string>] [<CommonParameters>]'))
        $text | Should -Match ([regex]::Escape('Get-FundMail -LiteralPath <string[]> [-EnvFile <string>] [<CommonParameters>]'))
    }

    It 'has, for <_>, one syntax item per live parameter set with the same parameters, Mandatory and Position' -ForEach @(
        'Get-FundMail', 'Get-FundMailStatus', 'Invoke-FundMailCycle', 'Protect-FundMailSecret', 'Save-FundMailDb',
        'Send-FundMailSftp', 'Test-FundMailConnection') {
        $command = Get-Command $_
        $items = @((Get-Help $_).syntax.syntaxItem)
        $items.Count | Should -Be $command.ParameterSets.Count
        $default = $command.ParameterSets | Where-Object IsDefault
        if ($default) { (HelpSet $items[0]) -join ' ' | Should -Be ((LiveSet $default) -join ' ') }
        $expected = @($command.ParameterSets | ForEach-Object { (LiveSet $_) -join ' ' } | Sort-Object)
        $actual = @($items | ForEach-Object { (HelpSet $_) -join ' ' } | Sort-Object)
        $actual | Should -Be $expected
    }

    It 'lists -WhatIf and -Confirm in every syntax item and in PARAMETERS of <_>' -ForEach @(
        'Save-FundMailDb', 'Send-FundMailSftp', 'Invoke-FundMailCycle', 'Protect-FundMailSecret') {
        $help = Get-Help $_
        foreach ($item in @($help.syntax.syntaxItem)) {
            (SyntaxNames $item) | Should -Contain 'WhatIf'
            (SyntaxNames $item) | Should -Contain 'Confirm'
        }
        $help.parameters.parameter.name | Should -Contain 'WhatIf'
        $help.parameters.parameter.name | Should -Contain 'Confirm'
        ($help.parameters.parameter | Where-Object name -eq 'Confirm').aliases | Should -Be 'cf'
    }

    It 'lists neither -WhatIf nor -Confirm for <_>, which changes nothing' -ForEach @('Get-FundMailStatus', 'Get-FundMail') {
        $help = Get-Help $_
        $help.parameters.parameter.name | Should -Not -Contain 'WhatIf'
        $help.parameters.parameter.name | Should -Not -Contain 'Confirm'
    }

    It 'gives a parameter that is mandatory in one set and positional in another its own Mandatory and Position in each item' {
        # A cmdlet source with such a parameter, run through the generator the module build uses.
        $src = Join-Path $TestDrive 'src'
        New-Item -ItemType Directory -Path $src | Out-Null
        Set-Content -LiteralPath (Join-Path $src 'TwoSets.cs') -Encoding utf8 -Value @'
namespace X
{
    /// <summary>Two sets.</summary>
    [Cmdlet(VerbsCommon.Get, "TwoSets", DefaultParameterSetName = "ByName")]
    public sealed class GetTwoSets : PSCmdlet
    {
        /// <summary>The name.</summary>
        [Parameter(Mandatory = true, ParameterSetName = "ByName")]
        [Parameter(ParameterSetName = "ById", Position = 1)]
        public string Name { get; set; } = "";

        /// <summary>The id.</summary>
        [Parameter(Mandatory = true, ParameterSetName = "ById", Position = 0)]
        public int Id { get; set; }
    }
}
'@
        $out = Join-Path $TestDrive 'help.xml'
        & python3 (Join-Path $env:FUNDMAIL_TEST_ROOT 'scripts/build-module-help.py') $src $out
        $LASTEXITCODE | Should -Be 0
        $ns = @{ command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'; maml = 'http://schemas.microsoft.com/maml/2004/10' }
        $items = @(Select-Xml -Path $out -Namespace $ns -XPath '//command:syntaxItem' | ForEach-Object Node)
        $items.Count | Should -Be 2
        $byName = @($items[0].parameter | ForEach-Object { '{0}:{1}:{2}' -f $_.name, $_.required, $_.position })
        $byId = @($items[1].parameter | ForEach-Object { '{0}:{1}:{2}' -f $_.name, $_.required, $_.position })
        $byName | Should -Be @('Name:true:named')
        $byId | Should -Be @('Id:true:0', 'Name:false:1')
        $name = Select-Xml -Path $out -Namespace $ns -XPath '//command:parameters/command:parameter[maml:name="Name"]' | ForEach-Object Node
        $name.description.InnerText | Should -Match 'ByName: mandatory, named; in ById: optional, position 1'
    }
}

Describe 'Cmdlet help: PARAMETERS' {
    It 'shows the defaults -Last 10 and -Scope CurrentUser' {
        (Get-Help Get-FundMail -Parameter Last).defaultValue | Should -Be '10'
        (Get-Help Protect-FundMailSecret -Parameter Scope).defaultValue | Should -Be 'CurrentUser'
        (Get-Help Get-FundMail -Parameter Uid).defaultValue | Should -BeNullOrEmpty
    }

    It 'shows -Path of <_> with pipeline input by value and by property name, and wildcards' -ForEach @(
        'Get-FundMail', 'Send-FundMailSftp') {
        $path = Get-Help $_ -Parameter Path
        $path.pipelineInput | Should -Be 'true (ByValue, ByPropertyName)'
        $path.globbing | Should -Be 'true'
        $text = (Invoke-ChildPwsh "Get-Help $_ -Parameter Path | Out-String -Width 200" -Width 200).Output -join "`n"
        $text | Should -Match 'Accept pipeline input\?\s+true \(ByValue, ByPropertyName\)'
        $text | Should -Match 'Accept wildcard characters\?\s+true'
    }

    It 'shows -LiteralPath of <_> with its aliases PSPath and LP, bound by property name, as Get-Content has them' -ForEach @(
        'Get-FundMail', 'Send-FundMailSftp') {
        $literal = Get-Help $_ -Parameter LiteralPath
        $literal.aliases | Should -Be 'PSPath, LP'
        $literal.pipelineInput | Should -Be 'true (ByPropertyName)'
        $literal.globbing | Should -Be 'false'
        $text = (Invoke-ChildPwsh "Get-Help $_ -Parameter LiteralPath | Out-String -Width 200" -Width 200).Output -join "`n"
        $text | Should -Match 'Aliases\s+PSPath, LP'
    }

    It 'matches the live aliases, pipeline binding and wildcard support of every parameter of <_>' -ForEach @(
        'Get-FundMail', 'Get-FundMailStatus', 'Invoke-FundMailCycle', 'Protect-FundMailSecret', 'Save-FundMailDb',
        'Send-FundMailSftp', 'Test-FundMailConnection') {
        $command = Get-Command $_
        foreach ($p in (Get-Help $_).parameters.parameter) {
            $live = $command.Parameters[$p.name]
            $live | Should -Not -BeNullOrEmpty -Because "-$($p.name) is documented"
            $aliases = if ($live.Aliases.Count) { $live.Aliases -join ', ' } else { 'None' }
            $p.aliases | Should -Be $aliases -Because "-$($p.name) aliases"
            $bindings = $live.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }
            $kinds = @()
            if ($bindings | Where-Object ValueFromPipeline) { $kinds += 'ByValue' }
            if ($bindings | Where-Object ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
            $expected = if ($kinds) { 'true (' + ($kinds -join ', ') + ')' } else { 'false' }
            $p.pipelineInput | Should -Be $expected -Because "-$($p.name) pipeline input"
            $wildcards = [bool]($live.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
            $p.globbing | Should -Be $wildcards.ToString().ToLowerInvariant() -Because "-$($p.name) wildcards"
        }
    }
}

Describe 'Cmdlet help: INPUTS and OUTPUTS' {
    It 'names, for <_>, every output type the cmdlet declares, each with a description' -ForEach @(
        'Get-FundMail', 'Get-FundMailStatus', 'Invoke-FundMailCycle', 'Protect-FundMailSecret', 'Save-FundMailDb',
        'Send-FundMailSftp', 'Test-FundMailConnection') {
        $outputs = @((Get-Help $_).returnValues.returnValue)
        $declared = @((Get-Command $_).OutputType.Name)
        $declared.Count | Should -BeGreaterThan 0
        foreach ($type in $declared) {
            $outputs.type.name | Should -Contain $type
        }
        foreach ($output in $outputs) {
            ($output.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "$($output.type.name) needs a description"
        }
    }

    It 'names, for <Name>, the type it takes from the pipeline and which parameter binds it' -ForEach @(
        @{ Name = 'Get-FundMail'; Type = 'System.String[]'; Binding = '-Path.*by value.*by property name' }
        @{ Name = 'Send-FundMailSftp'; Type = 'System.String[]'; Binding = '-Path.*by value.*by property name' }
        @{ Name = 'Save-FundMailDb'; Type = 'System.Management.Automation.PSObject[]'; Binding = '-InputObject.*by value' }) {
        $inputs = @((Get-Help $Name).inputTypes.inputType)
        $inputs.type.name | Should -Contain $Type
        (($inputs | Where-Object { $_.type.name -eq $Type }).description | Out-String) | Should -Match $Binding
    }

    It 'says <_> takes no pipeline input' -ForEach @('Get-FundMailStatus', 'Invoke-FundMailCycle', 'Test-FundMailConnection') {
        @((Get-Help $_).inputTypes.inputType).type.name | Should -Be 'None'
    }
}

Describe 'about_FundMail' {
    It 'explains terminating and non-terminating errors and how a scheduled script stops on every error' {
        $text = Get-Help about_FundMail | Out-String
        $text | Should -Match '(?m)^ERRORS\s*$'
        foreach ($phrase in 'non-terminating', 'terminating', '\$\?', '-ErrorAction', "\`$ErrorActionPreference = 'Stop'",
            'catch', 'exit 1', 'FullyQualifiedErrorId', 'CategoryInfo\.Category') {
            $text | Should -Match $phrase
        }
    }

    It 'keeps every line within 80 columns' {
        $file = Join-Path (Split-Path $env:FUNDMAIL_TEST_MODULE) 'en-US/about_FundMail.help.txt'
        Get-Content -LiteralPath $file | Where-Object Length -gt 80 | Should -BeNullOrEmpty
    }
}
