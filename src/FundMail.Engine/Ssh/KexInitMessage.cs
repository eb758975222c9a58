using System;
using System.Linq;

namespace FundMail.Ssh
{
    /// <summary>SSH_MSG_KEXINIT (RFC 4253 §7.1): the algorithm lists of one side, kept with the exact payload for the exchange hash.</summary>
    internal sealed class KexInitMessage
    {
        public string[] Kex = new string[0];
        public string[] HostKey = new string[0];
        public string[] CipherClientToServer = new string[0];
        public string[] CipherServerToClient = new string[0];
        public string[] MacClientToServer = new string[0];
        public string[] MacServerToClient = new string[0];
        public bool FirstKexPacketFollows;
        public byte[] Payload = new byte[0];

        public static KexInitMessage Build(string[] kex, string[] hostKey, string[] ciphers, string[] macs)
        {
            var w = new SshWriter(SshMessage.KexInit);
            w.WriteRaw(Bytes.Random(16));
            w.WriteNameList(kex).WriteNameList(hostKey)
                .WriteNameList(ciphers).WriteNameList(ciphers)
                .WriteNameList(macs).WriteNameList(macs)
                .WriteNameList("none").WriteNameList("none")
                .WriteNameList().WriteNameList()
                .WriteBoolean(false).WriteUInt32(0);
            return new KexInitMessage
            {
                Kex = kex, HostKey = hostKey, CipherClientToServer = ciphers, CipherServerToClient = ciphers,
                MacClientToServer = macs, MacServerToClient = macs, Payload = w.ToArray(),
            };
        }

        public static KexInitMessage Parse(byte[] payload)
        {
            var r = new SshReader(payload);
            if (r.ReadByte() != SshMessage.KexInit) throw new SshProtocolException("expected KEXINIT");
            r.ReadBytes(16);
            var message = new KexInitMessage
            {
                Kex = r.ReadNameList(), HostKey = r.ReadNameList(),
                CipherClientToServer = r.ReadNameList(), CipherServerToClient = r.ReadNameList(),
                MacClientToServer = r.ReadNameList(), MacServerToClient = r.ReadNameList(),
                Payload = payload,
            };
            var compressionCs = r.ReadNameList();
            var compressionSc = r.ReadNameList();
            if (!compressionCs.Contains("none") || !compressionSc.Contains("none"))
                throw new SshProtocolException("the server insists on compression, which this client does not offer");
            r.ReadNameList();
            r.ReadNameList();
            message.FirstKexPacketFollows = r.ReadBoolean();
            return message;
        }

        /// <summary>RFC 4253 §7.1: the first algorithm of the client's list that the server also has.</summary>
        public static string Choose(string what, string[] client, string[] server)
        {
            foreach (var name in client)
                if (Array.IndexOf(server, name) >= 0) return name;
            throw new SshProtocolException("no " + what + " algorithm in common; we offer " + string.Join(",", client) +
                                           ", the server offers " + string.Join(",", server));
        }
    }
}
