namespace FundMail.Sftp
{
    /// <summary>
    /// SFTP servers that must get one sftp channel per connection, known by the SSH version string they send.
    /// ProFTPD's mod_sftp (1.3.8; proftpd/proftpd#1897, open) keeps one SFTP request buffer per connection instead of
    /// per channel: an SFTP packet split over two CHANNEL_DATA messages is completed with another channel's bytes, which
    /// fails a WRITE with "Invalid handle" and then garbles the stream until the operation timeout. Past SFTPMaxChannels
    /// it also ends the whole connection instead of refusing the channel. One channel is what its tested clients use.
    /// </summary>
    internal static class SingleChannelServers
    {
        /// <param name="serverVersion">The identification line, e.g. "SSH-2.0-mod_sftp".</param>
        public static bool Includes(string serverVersion) => serverVersion.Contains("-mod_sftp");
    }
}
