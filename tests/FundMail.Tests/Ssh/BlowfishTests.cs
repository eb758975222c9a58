using System.Text;
using FundMail.Ssh;
using Xunit;

namespace FundMail.Tests.Ssh
{
    /// <summary>Blowfish's starting state comes from pi; bcrypt_pbkdf is checked end to end by the keys ssh-keygen writes (UserAuthTests).</summary>
    public sealed class BlowfishTests
    {
        [Fact]
        public void The_computed_pi_words_are_Blowfish_published_constants()
        {
            var words = Blowfish.PiFractionWords(18 + 4 * 256);
            Assert.Equal(0x243F6A88u, words[0]);   // P1
            Assert.Equal(0x8979FB1Bu, words[17]);  // P18
            Assert.Equal(0xD1310BA6u, words[18]);  // S1[0]
            Assert.Equal(0x3AC372E6u, words[^1]);  // S4[255]
        }

        [Fact]
        public void Derived_bytes_depend_on_every_input_and_the_length_only_cuts()
        {
            var pass = Encoding.UTF8.GetBytes("pass");
            var salt = Encoding.ASCII.GetBytes("salt-salt-salt-1");
            var key = BcryptPbkdf.Derive(pass, salt, 2, 48);
            Assert.NotEqual(key, BcryptPbkdf.Derive(Encoding.UTF8.GetBytes("pasS"), salt, 2, 48));
            Assert.NotEqual(key, BcryptPbkdf.Derive(pass, Encoding.ASCII.GetBytes("salt-salt-salt-2"), 2, 48));
            Assert.NotEqual(key, BcryptPbkdf.Derive(pass, salt, 3, 48));
            // 48 bytes come from two 32-byte blocks interleaved (even positions block 1, odd block 2): the first 32
            // bytes of a 64-byte key hold the same blocks' bytes at the same positions.
            var longer = BcryptPbkdf.Derive(pass, salt, 2, 64);
            Assert.Equal(key[0], longer[0]);
            Assert.Equal(key[1], longer[1]);
        }
    }
}
