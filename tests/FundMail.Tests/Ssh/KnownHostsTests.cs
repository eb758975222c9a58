using System;
using System.IO;
using System.Linq;
using FundMail.Ssh;
using Xunit;

namespace FundMail.Tests.Ssh
{
    public sealed class KnownHostsTests : IDisposable
    {
        private const string KeyA = "AAAAC3NzaC1lZDI1NTE5AAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        private const string KeyB = "AAAAC3NzaC1lZDI1NTE5AAAAIBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
        private readonly string _file = Path.GetTempFileName();

        public void Dispose() => File.Delete(_file);

        [Fact]
        public void Patterns_ports_negation_and_markers_select_the_right_keys()
        {
            File.WriteAllLines(_file, new[]
            {
                "# a comment",
                "*.example.org,!bad.example.org ssh-ed25519 " + KeyA,
                "[sftp.example.org]:2222 ssh-ed25519 " + KeyB,
                "@cert-authority *.example.org ssh-ed25519 " + KeyB,
                "@revoked old.example.org ssh-ed25519 " + KeyB,
            });
            Assert.Equal(KeyA, Base64(KnownHostsFile.Load(_file, "sftp.example.org", 22)));
            Assert.Equal(KeyB, Base64(KnownHostsFile.Load(_file, "sftp.example.org", 2222)));
            Assert.Empty(KnownHostsFile.Load(_file, "bad.example.org", 22).Keys);
            Assert.Single(KnownHostsFile.Load(_file, "old.example.org", 22).Revoked);
        }

        [Fact]
        public void Missing_file_is_a_clear_error()
        {
            var error = Assert.Throws<SshHostKeyException>(() => KnownHostsFile.Load(_file + ".missing", "h", 22));
            Assert.Contains("cannot read the known_hosts file", error.Message);
        }

        private static string Base64(KnownHostsFile file) => Convert.ToBase64String(file.Keys.Single().Blob);
    }
}
