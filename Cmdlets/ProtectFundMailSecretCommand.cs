using System;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;
using FundMail.Config;
using FundMail.Util;

namespace FundMail.PowerShell
{
    /// <summary>
    /// Encrypts a secret with Windows DPAPI and writes it into the .env as KEY=dpapi:&lt;base64&gt;.
    /// FundMail decrypts such values when it reads its configuration, on the same machine (LocalMachine scope)
    /// or only for the same account (CurrentUser scope, the default). Windows only.
    /// </summary>
    /// <output type="FundMail.ProtectedSecret">The key written, the DPAPI scope, and the .env file it was written to; never the secret.</output>
    /// <example>Protect-FundMailSecret -Key CLIENT_SECRET -EnvFile C:\fund_mail\.env</example>
    /// <example>Protect-FundMailSecret -Key SFTP_PW -Value (Read-Host -AsSecureString) -Scope LocalMachine</example>
    [Cmdlet(VerbsSecurity.Protect, "FundMailSecret", SupportsShouldProcess = true)]
    [OutputType("FundMail.ProtectedSecret")]
    public sealed class ProtectFundMailSecretCommand : PSCmdlet
    {
        /// <summary>The .env key to write, for example CLIENT_SECRET, EMAIL_PW or SFTP_PW.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidatePattern("^[A-Za-z_][A-Za-z0-9_]*$")]
        public string Key { get; set; } = "";

        /// <summary>The secret itself. When omitted, PowerShell prompts for it without echoing it.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        public SecureString Value { get; set; } = new SecureString();

        /// <summary>CurrentUser (default): only this account can decrypt. LocalMachine: any account on this machine, for a task that runs as another account.</summary>
        [Parameter]
        [ValidateSet("CurrentUser", "LocalMachine")]
        public string Scope { get; set; } = "CurrentUser";

        /// <summary>The .env file to write. Default: the file named by $env:FUNDMAIL_ENV, else .env in the current folder.</summary>
        [Parameter]
        public string? EnvFile { get; set; }

        /// <summary>Off Windows there is nothing to protect with: said before -WhatIf promises a write.</summary>
        protected override void BeginProcessing()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                return;
            ThrowTerminatingError(new ErrorRecord(new PlatformNotSupportedException(
                    "Protect-FundMailSecret encrypts with Windows DPAPI, which " + RuntimeInformation.OSDescription.Trim()
                    + " does not have. Here, write the value itself into the .env in single quotes (KEY='value') and make the file"
                    + " readable by you only (chmod 0600 .env), or set it as FUNDMAIL_" + Key + " in the environment of the account that runs FundMail."),
                "DpapiNotAvailable", ErrorCategory.NotImplemented, Key));
        }

        protected override void ProcessRecord()
        {
            string? path;
            try
            {
                path = EnvFileLocator.Locate(EnvFile, SessionState.Path.CurrentFileSystemLocation.ProviderPath);
            }
            catch (ConfigException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "EnvFileNotFound", ErrorCategory.ObjectNotFound, EnvFile));
                return;
            }
            if (path == null)
            {
                ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(
                        "No .env file found: give -EnvFile, or set $env:FUNDMAIL_ENV, or run in the folder that holds .env."),
                    "EnvFileNotFound", ErrorCategory.ObjectNotFound, null));
                return;
            }
            if (!ShouldProcess(path, "Write " + Key + " as a DPAPI-protected value (" + Scope + ")"))
                return;

            var scope = (DpapiScope)Enum.Parse(typeof(DpapiScope), Scope, ignoreCase: true);
            var protectedValue = DpapiSecret.Protect(new Secret(Reveal(Value)), scope);
            try
            {
                EnvFileValueWriter.Set(path, Key, protectedValue);
            }
            catch (InvalidDataException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "EnvFileNotUtf8", ErrorCategory.InvalidData, path));
                return;
            }

            var result = new PSObject();
            result.TypeNames.Insert(0, "FundMail.ProtectedSecret");
            result.Properties.Add(new PSNoteProperty("Key", Key));
            result.Properties.Add(new PSNoteProperty("Scope", scope.ToString()));
            result.Properties.Add(new PSNoteProperty("EnvFile", path));
            WriteObject(result);
        }

        private static string Reveal(SecureString value)
        {
            var pointer = Marshal.SecureStringToGlobalAllocUnicode(value);
            try
            {
                return Marshal.PtrToStringUni(pointer) ?? "";
            }
            finally
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
