using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace FundMail.Ssh
{
    /// <summary>
    /// The host keys an OpenSSH known_hosts file lists for one host: plain patterns (with * ? and ! negation),
    /// `[host]:port` for ports other than 22, and hashed `|1|salt|hmac` names. @revoked lines reject a key;
    /// @cert-authority lines are ignored because this client does not accept host certificates.
    /// </summary>
    internal sealed class KnownHostsFile
    {
        private KnownHostsFile(List<Entry> keys, List<byte[]> revoked)
        {
            Keys = keys;
            Revoked = revoked;
        }

        public List<Entry> Keys { get; }
        public List<byte[]> Revoked { get; }

        public sealed class Entry
        {
            public Entry(string type, byte[] blob)
            {
                Type = type;
                Blob = blob;
            }

            public string Type { get; }
            public byte[] Blob { get; }
        }

        public static KnownHostsFile Load(string path, string host, int port)
        {
            var name = port == 22 ? host : "[" + host + "]:" + port;
            var keys = new List<Entry>();
            var revoked = new List<byte[]>();
            string[] lines;
            try
            {
                lines = File.ReadAllLines(path);
            }
            catch (IOException e)
            {
                throw new SshHostKeyException("cannot read the known_hosts file '" + path + "': " + e.Message, "", "");
            }
            catch (UnauthorizedAccessException e)
            {
                throw new SshHostKeyException("cannot read the known_hosts file '" + path + "': " + e.Message, "", "");
            }
            foreach (var raw in lines)
            {
                var fields = raw.Trim().Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length == 0 || fields[0].StartsWith("#", StringComparison.Ordinal)) continue;
                var marker = fields[0].StartsWith("@", StringComparison.Ordinal) ? fields[0] : null;
                var at = marker == null ? 0 : 1;
                if (fields.Length < at + 3 || marker == "@cert-authority" || !Matches(fields[at], name)) continue;
                byte[] blob;
                try
                {
                    blob = Convert.FromBase64String(fields[at + 2]);
                }
                catch (FormatException)
                {
                    continue;
                }
                if (marker == "@revoked") revoked.Add(blob);
                else keys.Add(new Entry(fields[at + 1], blob));
            }
            return new KnownHostsFile(keys, revoked);
        }

        private static bool Matches(string patterns, string name)
        {
            if (patterns.StartsWith("|1|", StringComparison.Ordinal)) return HashedMatches(patterns, name);
            var matched = false;
            foreach (var pattern in patterns.Split(','))
            {
                var negated = pattern.StartsWith("!", StringComparison.Ordinal);
                var glob = negated ? pattern.Substring(1) : pattern;
                var regex = "^" + Regex.Escape(glob).Replace("\\*", ".*").Replace("\\?", ".") + "$";
                if (!Regex.IsMatch(name, regex, RegexOptions.IgnoreCase)) continue;
                if (negated) return false;
                matched = true;
            }
            return matched;
        }

        private static bool HashedMatches(string field, string name)
        {
            var parts = field.Split('|');
            if (parts.Length != 4) return false;
            try
            {
                // The hostname hash is HMAC-SHA1 keyed with the salt: a lookup index, not a signature.
                using (var hmac = new HMACSHA1(Convert.FromBase64String(parts[2])))
                {
                    var expected = Convert.FromBase64String(parts[3]);
                    var actual = hmac.ComputeHash(Encoding.UTF8.GetBytes(name));
                    return expected.Length == actual.Length && Bytes.FixedTimeEquals(expected, 0, actual, 0, actual.Length);
                }
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }
}
