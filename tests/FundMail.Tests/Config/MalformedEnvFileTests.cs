using System;
using System.IO;
using FundMail.Config;
using Xunit;

namespace FundMail.Tests.Config
{
    /// <summary>A .env that cannot be parsed is named by file, line and key, and no part of any value reaches the error.</summary>
    public sealed class MalformedEnvFileTests : IDisposable
    {
        private const string Secret = "Qx7~vN2pK9wZr4Lm8tYb";
        private const string Password = "Hj5gTf3wPq8d";

        private readonly string _dir = Directory.CreateTempSubdirectory("fm-malformed-").FullName;

        public void Dispose() => Directory.Delete(_dir, true);

        private ConfigException Load(string contents)
        {
            File.WriteAllText(Path.Combine(_dir, ".env"), contents);
            return Assert.Throws<ConfigException>(() => ConfigSource.Load(null, _dir, _ => null));
        }

        [Fact]
        public void An_unclosed_quote_after_a_secret_names_its_line_and_key()
        {
            var error = Load("EMAIL_ID=fund@contoso.com\nCLIENT_SECRET=" + Secret + "\nTENANT_ID=\"11111111-2222-3333-4444-555555555555\nCLIENT_ID=x\n");
            AssertNamed(error, "line 3", "TENANT_ID", "quote");
            AssertNoFragmentOf(error, Secret, "11111111-2222-3333-4444-555555555555");
        }

        [Fact]
        public void A_line_without_an_equals_sign_names_its_line_and_no_key()
        {
            // A secret pasted on a line of its own: the line's text must not be echoed, not even as a "key".
            var error = Load("EMAIL_ID=fund@contoso.com\nCLIENT_SECRET=" + Secret + "\n" + Password + "\nSFTP_ID=fund\n");
            AssertNamed(error, "line 3", "'='");
            AssertNoFragmentOf(error, Secret, Password);
        }

        [Fact]
        public void A_backslash_that_escapes_the_closing_quote_is_named()
        {
            var error = Load("EMAIL_ID=fund@contoso.com\nSFTP_PW=\"" + Password + "\\\"\nCLIENT_SECRET='" + Secret + "'\n");
            AssertNamed(error, "line 2", "SFTP_PW", "backslash");
            AssertNoFragmentOf(error, Secret, Password);
        }

        [Fact]
        public void Text_after_a_closing_quote_is_named()
        {
            var error = Load("CLIENT_SECRET='" + Secret + "'\nSFTP_PW=\"" + Password + "\"x\n");
            AssertNamed(error, "line 2", "SFTP_PW", "after the closing quote");
            AssertNoFragmentOf(error, Secret, Password);
        }

        [Fact]
        public void A_secret_with_a_dollar_sign_is_refused_naming_its_line()
        {
            var error = Load("EMAIL_ID=fund@contoso.com\n\nEMAIL_PW=pa$" + Password + "\n");
            AssertNamed(error, "line 3", "EMAIL_PW", "'$'");
            AssertNoFragmentOf(error, Password);
        }

        /// <summary>DotNetEnv substitutes $NAME and ${NAME} from the process environment, which would let a plain HOST or PORT in the
        /// shell redirect the mailbox or the server after all.</summary>
        [Theory]
        [InlineData("IMAP_HOST=$FMQZ_ELSEWHERE", "IMAP_HOST")]
        [InlineData("HOST=\"${FMQZ_ELSEWHERE}.example\"", "HOST")]
        [InlineData("export BASE_DIR=/srv/$FMQZ_ELSEWHERE/mail", "BASE_DIR")]
        public void A_value_that_would_take_an_environment_variable_is_refused_naming_its_line_and_key(string line, string key)
        {
            Environment.SetEnvironmentVariable("FMQZ_ELSEWHERE", "127.0.0.254");
            var error = Load("EMAIL_ID=fund@contoso.com\n# a comment\n" + line + "\n");
            AssertNamed(error, "line 3", key, "environment variable", "single quotes");
            AssertNoFragmentOf(error, "FMQZ_ELSEWHERE", "127.0.0.254");
        }

        [Fact]
        public void A_dollar_sign_that_names_no_variable_or_sits_in_single_quotes_or_a_comment_is_kept()
        {
            File.WriteAllText(Path.Combine(_dir, ".env"),
                "BASE_DIR=\\\\files\\mail$\\fund # share mail$, not $HOME\nIMAP_HOST='$literal'\nEMAIL_PW='pa$word'\n");
            var config = ConfigSource.Load(null, _dir, _ => null);
            Assert.Equal("\\\\files\\mail$\\fund", config.Get("BASE_DIR"));
            Assert.Equal("$literal", config.Get("IMAP_HOST"));
        }

        private void AssertNamed(ConfigException error, params string[] parts)
        {
            Assert.Contains(Path.Combine(_dir, ".env"), error.Message);
            foreach (var part in parts)
                Assert.Contains(part, error.Message);
        }

        /// <summary>Nothing the exception carries (message, inner exceptions, stack, data) holds 4 characters of a value.</summary>
        private static void AssertNoFragmentOf(Exception error, params string[] values)
        {
            Assert.Null(error.InnerException);
            Assert.Empty(error.Data);
            var text = error.ToString();
            foreach (var value in values)
                for (var i = 0; i + 4 <= value.Length; i++)
                    Assert.False(text.Contains(value.Substring(i, 4), StringComparison.Ordinal),
                        "the error holds '" + value.Substring(i, 4) + "' of a value:\n" + text);
        }
    }
}
