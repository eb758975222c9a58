using System.IO;
using System.Threading.Tasks;
using FundMail.TestServers.Sshd;

namespace FundMail.Tests.Ssh
{
    /// <summary>PuTTY private keys made by the real puttygen (putty-tools), in a folder of the test's own.</summary>
    internal sealed class PuttyKeys
    {
        /// <summary>Korean, spaces and digits: the passphrase must reach Argon2 and SHA-1 as UTF-8.</summary>
        public const string Passphrase = "펀드 메일 key 7";

        private readonly string _passphraseFile;
        private readonly string _emptyFile;

        public PuttyKeys(string directory)
        {
            Directory = directory;
            System.IO.Directory.CreateDirectory(directory);
            _passphraseFile = Path.Combine(directory, "passphrase.txt");
            _emptyFile = Path.Combine(directory, "empty.txt");
            File.WriteAllText(_passphraseFile, Passphrase + "\n");
            File.WriteAllText(_emptyFile, "");
        }

        public string Directory { get; }

        /// <summary>A new unprotected version-3 key, e.g. type "-t ecdsa -b 384".</summary>
        public async Task<string> GenerateAsync(string name, string type)
        {
            var path = Path.Combine(Directory, name + ".ppk");
            await SshdServer.RunAsync("puttygen", type + " -q -o " + path + " --new-passphrase " + _emptyFile);
            return path;
        }

        /// <summary>
        /// The same key saved again (with a Korean comment), as version 2 or 3 (extra: e.g. "kdf=argon2i,passes=2"),
        /// protected by <see cref="Passphrase"/> or not.
        /// </summary>
        public async Task<string> ResaveAsync(string source, string name, int version, bool protect, string extra = "")
        {
            var path = Path.Combine(Directory, name + ".ppk");
            var parameters = "version=" + version + (extra.Length > 0 ? "," + extra : "");
            await SshdServer.RunAsync("puttygen", source + " -P -C \"펀드메일 " + name + "\" -O private -o " + path +
                " --new-passphrase " + (protect ? _passphraseFile : _emptyFile) + " --ppk-param " + parameters);
            return path;
        }

        /// <summary>The authorized_keys line of an unprotected key.</summary>
        public async Task<string> PublicLineAsync(string ppk) =>
            (await SshdServer.RunAsync("puttygen", ppk + " -L")).Trim();
    }
}
