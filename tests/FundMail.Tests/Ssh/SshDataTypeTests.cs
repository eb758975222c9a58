using System;
using FundMail.Ssh;
using Xunit;

namespace FundMail.Tests.Ssh
{
    public sealed class SshDataTypeTests
    {
        [Theory]
        // The examples of RFC 4251 §5 (positive ones).
        [InlineData("", "00000000")]
        [InlineData("09a378f9b2e332a7", "0000000809a378f9b2e332a7")]
        [InlineData("80", "000000020080")]
        [InlineData("000080", "000000020080")]
        public void Mpint_encoding_follows_rfc_4251(string magnitude, string wire)
        {
            var encoded = new SshWriter().WriteMpint(Convert.FromHexString(magnitude)).ToArray();
            Assert.Equal(wire, Convert.ToHexString(encoded).ToLowerInvariant());
            var withoutLeadingZeros = magnitude;
            while (withoutLeadingZeros.StartsWith("00")) withoutLeadingZeros = withoutLeadingZeros.Substring(2);
            Assert.Equal(withoutLeadingZeros, Convert.ToHexString(new SshReader(encoded).ReadMpint()).ToLowerInvariant());
        }

        [Fact]
        public void Name_lists_and_strings_round_trip_and_truncation_is_a_protocol_error()
        {
            var bytes = new SshWriter().WriteNameList("zlib", "none").WriteUInt32(7).WriteString("x").ToArray();
            var r = new SshReader(bytes);
            Assert.Equal(new[] { "zlib", "none" }, r.ReadNameList());
            Assert.Equal(7u, r.ReadUInt32());
            Assert.Equal("x", r.ReadText());
            Assert.Throws<SshProtocolException>(() => new SshReader(bytes, 0, 6).ReadNameList());
        }

        [Fact]
        public void Fingerprints_are_normalised_from_the_forms_people_paste()
        {
            Assert.Equal("SHA256:abc+/d", HostKeyFingerprint.Normalize(" SHA256:abc+/d= "));
            Assert.Equal("SHA256:abc", HostKeyFingerprint.Normalize("abc"));
        }
    }
}
