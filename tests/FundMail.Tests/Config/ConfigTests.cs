using System;
using System.Collections.Generic;
using System.IO;
using FundMail.Config;
using Xunit;

namespace FundMail.Tests.Config
{
    public sealed class ConfigTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("fm-config-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        private ConfigSource Write(string contents, Func<string, string?>? environment = null)
        {
            File.WriteAllText(Path.Combine(_dir, ".env"), contents);
            return ConfigSource.Load(null, _dir, environment ?? (_ => null));
        }

        private const string ValidXoauth =
            "EMAIL_ID=fund@contoso.com\n" +
            "TENANT_ID=11111111-2222-3333-4444-555555555555\n" +
            "CLIENT_ID=66666666-7777-8888-9999-000000000000\n" +
            "CLIENT_SECRET='s3cr$t'\n";

        [Fact]
        public void Defaults_point_at_office365_with_xoauth2()
        {
            var settings = MailboxSettings.Read(Write(ValidXoauth));
            Assert.Equal("outlook.office365.com", settings.Imap.Host);
            Assert.Equal(993, settings.Imap.Port);
            Assert.Equal(ImapSecurity.Tls, settings.Imap.Security);
            Assert.Equal(ImapAuthMode.XOAuth2, settings.Imap.AuthMode);
            Assert.Equal("INBOX", settings.Imap.Mailbox);
            Assert.Equal("https://login.microsoftonline.com/", settings.App!.AuthorityHost.ToString());
            Assert.Equal("s3cr$t", settings.App.ClientSecret!.Reveal());
        }

        [Fact]
        public void FUNDMAIL_environment_variables_override_the_file()
        {
            var environment = new Dictionary<string, string> { ["FUNDMAIL_IMAP_HOST"] = "imap.example.org", ["FUNDMAIL_IMAP_PORT"] = "10993" };
            var settings = MailboxSettings.Read(Write(ValidXoauth + "IMAP_HOST=file.example.org\n", k => environment.GetValueOrDefault(k)));
            Assert.Equal("imap.example.org", settings.Imap.Host);
            Assert.Equal(10993, settings.Imap.Port);
        }

        [Fact]
        public void Every_problem_is_reported_at_once_naming_each_key()
        {
            var error = Assert.Throws<ConfigException>(() => MailboxSettings.Read(Write("IMAP_PORT=99999\nCLIENT_ID=not-a-guid\nAUTH_MODE=kerberos\n")));
            var keys = new HashSet<string>();
            foreach (var problem in error.Problems)
                keys.Add(problem.Key);
            Assert.Superset(new HashSet<string> { "IMAP_PORT", "CLIENT_ID", "AUTH_MODE", "EMAIL_ID", "TENANT_ID", "CLIENT_SECRET" }, keys);
            Assert.Contains("IMAP_PORT: must be the IMAP port, a whole number from 1 to 65535 (the value given, 5 characters, is not shown)", error.Message);
            Assert.DoesNotContain("99999", error.Message);
            Assert.Contains("AUTH_MODE: must be one of xoauth2, login", error.Message);
        }

        [Fact]
        public void A_secret_pasted_under_the_wrong_key_is_not_shown_in_its_error()
        {
            const string secret = "Zr4Lm8tYb~Qx2_Kp9Wd";
            var error = Assert.Throws<ConfigException>(() => MailboxSettings.Read(Write(ValidXoauth.Replace("CLIENT_ID=", "CLIENT_ID_WAS=") +
                "CLIENT_ID=" + secret + "\nIMAP_PORT=" + secret + "\nAUTHORITY_HOST=" + secret + "\n")));
            Assert.Contains("CLIENT_ID: must be a GUID", error.Message);
            for (var i = 0; i + 4 <= secret.Length; i++)
                Assert.DoesNotContain(secret.Substring(i, 4), error.ToString());
        }

        [Fact]
        public void Secret_values_never_appear_in_errors()
        {
            var error = Assert.Throws<ConfigException>(() => MailboxSettings.Read(Write(
                "EMAIL_ID=fund@contoso.com\nTENANT_ID=bad tenant\nCLIENT_ID=66666666-7777-8888-9999-000000000000\n" +
                "CLIENT_SECRET=TopSecretValue\nCLIENT_CERTIFICATE_THUMBPRINT=0123456789012345678901234567890123456789\n")));
            Assert.DoesNotContain("TopSecretValue", error.Message);
            Assert.Contains("set only one credential", error.Message);
        }

        [Fact]
        public void The_mailbox_token_cache_is_BASE_DIR_when_set_and_nothing_otherwise()
        {
            Assert.Null(MailboxSettings.Read(Write(ValidXoauth)).TokenCacheDirectory);
            // Relative, like BASE_DIR everywhere: from the .env file's folder.
            Assert.Equal(Path.Combine(_dir, "state"), MailboxSettings.Read(Write(ValidXoauth + "BASE_DIR=state\n")).TokenCacheDirectory);
            // From the environment too; not a path: no cache, and no problem for Get-FundMail, which does not need BASE_DIR
            // (the cycle reports it).
            Assert.Equal(Path.Combine(_dir, "env"), MailboxSettings.Read(Write(ValidXoauth, k => k == "FUNDMAIL_BASE_DIR" ? "env" : null)).TokenCacheDirectory);
            Assert.Null(MailboxSettings.Read(Write(ValidXoauth, k => k == "FUNDMAIL_BASE_DIR" ? "a\0b" : null)).TokenCacheDirectory);
        }

        [Fact]
        public void A_secret_that_dotenv_would_interpolate_is_refused()
        {
            var error = Assert.Throws<ConfigException>(() => MailboxSettings.Read(Write("EMAIL_ID=u\nAUTH_MODE=login\nEMAIL_PW=pa$word\n")));
            Assert.Contains("EMAIL_PW: line 3 contains '$'", error.Message);
            Assert.DoesNotContain("pa$word", error.Message);
        }

        [Fact]
        public void Login_mode_needs_a_password_but_no_app_registration()
        {
            var settings = MailboxSettings.Read(Write("AUTH_MODE=login\nEMAIL_ID=alice\nEMAIL_PW=pw\nIMAP_SECURITY=starttls\n"));
            Assert.Null(settings.App);
            Assert.Equal(143, settings.Imap.Port);
            Assert.Equal("pw", settings.Imap.Password!.Reveal());
            var error = Assert.Throws<ConfigException>(() => MailboxSettings.Read(Write("AUTH_MODE=login\nEMAIL_ID=alice\n")));
            Assert.Contains("EMAIL_PW: is missing", error.Message);
        }

        [Fact]
        public void Trusted_ca_file_must_exist_and_be_a_certificate()
        {
            var error = Assert.Throws<ConfigException>(() => MailboxSettings.Read(Write(ValidXoauth + "TRUSTED_CA_FILE=missing.pem\n")));
            Assert.Contains("TRUSTED_CA_FILE: must name an existing CA certificate (PEM or DER) file; not found: " + Path.Combine(_dir, "missing.pem"), error.Message);
            File.WriteAllText(Path.Combine(_dir, "junk.pem"), "-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----\n");
            error = Assert.Throws<ConfigException>(() => MailboxSettings.Read(Write(ValidXoauth + "TRUSTED_CA_FILE=junk.pem\n")));
            Assert.Contains("TRUSTED_CA_FILE: must hold a CA certificate", error.Message);
        }

        [Fact]
        public void An_env_file_given_explicitly_is_read_and_must_exist()
        {
            var other = Path.Combine(_dir, "other.env");
            File.WriteAllText(other, "IMAP_HOST=explicit.example\n");
            Assert.Equal(other, ConfigSource.Load("other.env", _dir, _ => null).Path);
            var missing = Assert.Throws<ConfigException>(() => ConfigSource.Load("nope.env", _dir, _ => null));
            Assert.Contains("does not exist", missing.Message);
            Assert.Null(ConfigSource.Load(null, _dir, _ => null).Path);
        }

        [Fact]
        public void Unparseable_env_file_is_named()
        {
            var error = Assert.Throws<ConfigException>(() => Write("A=\"unterminated\nB=1\n"));
            Assert.Contains(Path.Combine(_dir, ".env"), error.Message);
            Assert.Contains("line 1: the value starts with a double quote that this line never closes", error.Message);
        }
    
        private const string ValidSftp = "HOST=sftp.example.com\nSFTP_ID=fund\nSFTP_PW=pw\nSFTP_HOST_KEY=SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s\n";

        [Fact]
        public void Sftp_settings_need_a_pinned_host_key_and_say_how_to_get_one()
        {
            var settings = SftpSettings.Read(Write(ValidSftp + "SFTP_REMOTE_DIR=fund_mail\\in\\\n"));
            Assert.Equal(22, settings.Connect.Port);
            Assert.Equal("fund_mail/in", settings.RemoteDirectory);
            Assert.Equal("fund_mail/in/2026_11_21/a.pdf", settings.RemotePath("2026_11_21/a.pdf"));
            Assert.Single(settings.Connect.HostKeyFingerprints);

            var error = Assert.Throws<ConfigException>(() => SftpSettings.Read(Write("HOST=sftp.example.com\nPORT=2222\nSFTP_ID=fund\nSFTP_PW=pw\n")));
            Assert.Contains("SFTP_HOST_KEY: is missing", error.Message);
            Assert.Contains("ssh-keyscan -p 2222 sftp.example.com | ssh-keygen -lf -", error.Message);
        }

        [Fact]
        public void A_malformed_fingerprint_and_a_missing_credential_are_both_named()
        {
            var error = Assert.Throws<ConfigException>(() => SftpSettings.Read(Write("HOST=h\nSFTP_ID=u\nSFTP_HOST_KEY=MD5:aa:bb\n")));
            Assert.Contains("'MD5:aa:bb' is not a SHA256 fingerprint", error.Message);
            Assert.Contains("SFTP_PW: is missing; set SFTP_PW or SFTP_KEY_FILE", error.Message);
        }

        [Fact]
        public void A_cycle_reports_problems_of_every_section_together()
        {
            var error = Assert.Throws<ConfigException>(() => CycleSettings.Read(Write("FIRST_RUN=yesterday\n")));
            var keys = new HashSet<string>();
            foreach (var problem in error.Problems)
                keys.Add(problem.Key);
            Assert.Superset(new HashSet<string> { "EMAIL_ID", "BASE_DIR", "FIRST_RUN", "HOST", "SFTP_ID", "SFTP_HOST_KEY" }, keys);
        }
    }
}
