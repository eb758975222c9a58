using System.IO;
using FundMail.TestServers.Pki;

namespace FundMail.TestServers.Dovecot
{
    /// <summary>
    /// Writes a self-contained Dovecot configuration into one temp folder: listeners on 127.0.0.1 only,
    /// a password passdb for LOGIN/PLAIN, a separate oauth2 passdb that validates JWTs locally, maildir storage,
    /// and the anti-penalty settings that keep failed-login tests from slowing every later login.
    /// </summary>
    internal static class DovecotConfigWriter
    {
        public static void Write(DovecotPaths paths, DovecotOptions options, int imapsPort, int imapPort, (int Uid, int Gid) mailIds)
        {
            TestPki.WritePem(options.ServerCertificate, paths.CertFile, paths.KeyFile);
            File.WriteAllText(paths.UsersFile,
                options.User.ToLowerInvariant() + ":{PLAIN}" + options.Password + ":" + mailIds.Uid + ":" + mailIds.Gid + "::" + paths.HomeOf(options.User) + "\n");
            File.WriteAllText(paths.OAuth2File, OAuth2Config(paths, options));
            File.WriteAllText(paths.ConfigFile, MainConfig(paths, imapsPort, imapPort, mailIds.Uid));
        }

        private static string OAuth2Config(DovecotPaths paths, DovecotOptions options) =>
$@"introspection_mode = local
local_validation_key_dict = fs:posix:prefix={paths.KeyDirectory}/
issuers = {options.Issuer}
audience = {DovecotOptions.Audience}
username_attribute = email
username_format = %Lu
active_attribute =
active_value =
";

        private static string MainConfig(DovecotPaths paths, int imapsPort, int imapPort, int mailUid) =>
$@"instance_name = {paths.InstanceName}
base_dir = {paths.Root}/run
state_dir = {paths.Root}/state
log_path = {paths.LogFile}
info_log_path = {paths.LogFile}
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{paths.CertFile}
ssl_key = <{paths.KeyFile}
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
auth_mechanisms = plain login xoauth2 oauthbearer
# Tests provoke failed logins on purpose; no delay or penalty may leak into the next test.
auth_failure_delay = 0
first_valid_uid = {System.Math.Min(mailUid, 500)}
mail_location = maildir:~/Maildir
# Test mail needs no durability; fsync per APPEND would dominate bulk delivery time.
mail_fsync = never
mail_max_userip_connections = 100
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imapPort}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imapsPort}
    ssl = yes
  }}
}}
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%Lu {paths.UsersFile}
  mechanisms = plain login
}}
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {paths.OAuth2File}
}}
userdb {{
  driver = passwd-file
  args = username_format=%Lu {paths.UsersFile}
}}
";
    }
}
