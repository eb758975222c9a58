using System;
using System.Globalization;

namespace FundMail.Ssh
{
    /// <summary>
    /// The text layout of a PuTTY private key file (.ppk, versions 2 and 3; PuTTY's sshpubk.c): headers in a fixed order,
    /// the public and private blobs as base64 lines, and the MAC that covers them. Only the layout: no cryptography.
    /// </summary>
    internal sealed class PuttyKeyFile
    {
        public const string Magic = "PuTTY-User-Key-File-";

        // Thousands of base64 lines would be megabytes of key: a damaged count, not a key.
        private const int MaxLines = 1024;

        private readonly string _path;
        private readonly string[] _lines;
        private int _next;

        private PuttyKeyFile(string path, string text)
        {
            _path = path;
            _lines = text.Replace("\r\n", "\n").Split('\n');
        }

        public int Version { get; private set; }
        public string Algorithm { get; private set; } = "";
        public string Encryption { get; private set; } = "";

        /// <summary>The comment's bytes as Latin-1 characters (one per byte), as the MAC covers them.</summary>
        public string Comment { get; private set; } = "";

        public byte[] PublicBlob { get; private set; } = new byte[0];
        public string? KeyDerivation { get; private set; }
        public int Argon2Memory { get; private set; }
        public int Argon2Passes { get; private set; }
        public int Argon2Parallelism { get; private set; }
        public byte[] Argon2Salt { get; private set; } = new byte[0];

        /// <summary>Encrypted when Encryption is not "none"; padded to the cipher block either way.</summary>
        public byte[] PrivateBlob { get; private set; } = new byte[0];

        public byte[] Mac { get; private set; } = new byte[0];

        public static PuttyKeyFile Parse(string path, string text)
        {
            var file = new PuttyKeyFile(path, text);
            var first = file._lines[0];
            var colon = first.IndexOf(':');
            var versionText = colon < 0 ? "" : first.Substring(Magic.Length, colon - Magic.Length);
            if (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                throw file.Damaged("its first line is not 'PuTTY-User-Key-File-<version>: <key type>'");
            if (version != 2 && version != 3)
                throw new SshKeyFileException(path, "is a PuTTY key file of version " + version + "; versions 2 and 3 are read " +
                    "(load it in a current PuTTYgen and save it again with 'Save private key')");
            file.Version = version;
            file.Algorithm = file.Header(Magic + versionText);
            file.Encryption = file.Header("Encryption");
            file.Comment = file.Header("Comment");
            file.PublicBlob = file.Base64Lines("Public-Lines");
            if (file.NextHeaderIs("Key-Derivation"))
            {
                file.KeyDerivation = file.Header("Key-Derivation");
                file.Argon2Memory = file.Number("Argon2-Memory");
                file.Argon2Passes = file.Number("Argon2-Passes");
                file.Argon2Parallelism = file.Number("Argon2-Parallelism");
                file.Argon2Salt = file.Hex("Argon2-Salt");
            }
            file.PrivateBlob = file.Base64Lines("Private-Lines");
            file.Mac = file.Hex("Private-MAC");
            return file;
        }

        private bool NextHeaderIs(string name) => _next < _lines.Length && _lines[_next].StartsWith(name + ": ", StringComparison.Ordinal);

        private string Header(string name)
        {
            if (!NextHeaderIs(name)) throw Damaged("the line '" + name + ": ...' is missing where PuTTY writes it");
            return _lines[_next++].Substring(name.Length + 2);
        }

        private int Number(string name)
        {
            if (!int.TryParse(Header(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                throw Damaged("its '" + name + "' is not a number");
            return value;
        }

        private byte[] Hex(string name)
        {
            var text = Header(name);
            if (text.Length % 2 != 0) throw Damaged("its '" + name + "' is not hexadecimal");
            var bytes = new byte[text.Length / 2];
            for (var i = 0; i < bytes.Length; i++)
            {
                if (!byte.TryParse(text.Substring(2 * i, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
                    throw Damaged("its '" + name + "' is not hexadecimal");
            }
            return bytes;
        }

        private byte[] Base64Lines(string name)
        {
            var count = Number(name);
            if (count > MaxLines || count > _lines.Length - _next) throw Damaged("it has fewer lines than its '" + name + "' says");
            try
            {
                var base64 = string.Join("", _lines, _next, count);
                _next += count;
                return Convert.FromBase64String(base64);
            }
            catch (FormatException)
            {
                throw Damaged("the lines after '" + name + "' are not base64");
            }
        }

        private SshKeyFileException Damaged(string what) =>
            new SshKeyFileException(_path, "is a damaged PuTTY key file: " + what);
    }
}
