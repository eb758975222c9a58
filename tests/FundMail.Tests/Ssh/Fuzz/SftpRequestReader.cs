using System;
using System.IO;
using System.Threading.Tasks;
using FundMail.Ssh;

namespace FundMail.Tests.Ssh.Fuzz
{
    /// <summary>Reassembles the client's SFTP requests from its CHANNEL_DATA messages (requests may share or span them).</summary>
    internal sealed class SftpRequestReader
    {
        private readonly FakeSshConnection _connection;
        private byte[] _buffer = new byte[0];

        public SftpRequestReader(FakeSshConnection connection)
        {
            _connection = connection;
        }

        /// <summary>The next request's bytes after its length field; the client's channel close ends the conversation.</summary>
        public async Task<byte[]> NextAsync()
        {
            while (true)
            {
                if (_buffer.Length >= 4)
                {
                    var length = (int)Bytes.ReadUInt32(_buffer, 0);
                    if (_buffer.Length >= 4 + length)
                    {
                        var request = new byte[length];
                        Buffer.BlockCopy(_buffer, 4, request, 0, length);
                        _buffer = _buffer.AsSpan(4 + length).ToArray();
                        return request;
                    }
                }
                var message = await _connection.ReceiveAsync().ConfigureAwait(false);
                if (message[0] != SshMessage.ChannelData) throw new IOException("the client sent message " + message[0] + " on the channel");
                var r = new SshReader(message, 1, message.Length - 1);
                r.ReadUInt32();
                var data = r.ReadString();
                var grown = new byte[_buffer.Length + data.Length];
                Buffer.BlockCopy(_buffer, 0, grown, 0, _buffer.Length);
                Buffer.BlockCopy(data, 0, grown, _buffer.Length, data.Length);
                _buffer = grown;
            }
        }
    }
}
