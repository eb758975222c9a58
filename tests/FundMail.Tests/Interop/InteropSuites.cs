using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using FundMail.TestServers.Interop;
using Xunit;

namespace FundMail.Tests.Interop
{
    // Each server with every extension it offers by default, and with the ones our uploads use left out: AsyncSSH
    // without fsync@openssh.com, ProFTPD without fsync@openssh.com and posix-rename@openssh.com
    // (ReducedDurabilityCycleTests covers the other combinations through whole cycles).

    public sealed class AsyncSshFixture : InteropFixture
    {
        public override IReadOnlyList<string> Without => Array.Empty<string>();
        public override int ChannelsPerConnection => 2;
        public override async Task<InteropSftpServer> StartServerAsync(InteropServerOptions options) => await AsyncSshServer.StartAsync(options);
    }

    public sealed class AsyncSshWithoutFsyncFixture : InteropFixture
    {
        public override IReadOnlyList<string> Without => new[] { "fsync@openssh.com" };
        public override int ChannelsPerConnection => 2;
        public override async Task<InteropSftpServer> StartServerAsync(InteropServerOptions options) => await AsyncSshServer.StartAsync(options);
    }

    public sealed class ProftpdFixture : InteropFixture
    {
        public override IReadOnlyList<string> Without => Array.Empty<string>();
        public override int ChannelsPerConnection => 1; // SingleChannelServers: mod_sftp mixes up two channels' data
        public override async Task<InteropSftpServer> StartServerAsync(InteropServerOptions options) => await ProftpdServer.StartAsync(options);
    }

    public sealed class ProftpdWithoutFsyncAndPosixRenameFixture : InteropFixture
    {
        public override IReadOnlyList<string> Without => new[] { "fsync@openssh.com", "posix-rename@openssh.com" };
        public override int ChannelsPerConnection => 1; // SingleChannelServers: mod_sftp mixes up two channels' data
        public override async Task<InteropSftpServer> StartServerAsync(InteropServerOptions options) => await ProftpdServer.StartAsync(options);
    }

    public sealed class AsyncSshInteropTests : SftpInteropTests, IClassFixture<AsyncSshFixture>
    {
        public AsyncSshInteropTests(AsyncSshFixture fixture) : base(fixture) { }
    }

    public sealed class AsyncSshWithoutFsyncInteropTests : SftpInteropTests, IClassFixture<AsyncSshWithoutFsyncFixture>
    {
        public AsyncSshWithoutFsyncInteropTests(AsyncSshWithoutFsyncFixture fixture) : base(fixture) { }
    }

    public sealed class ProftpdInteropTests : SftpInteropTests, IClassFixture<ProftpdFixture>
    {
        public ProftpdInteropTests(ProftpdFixture fixture) : base(fixture) { }
    }

    public sealed class ProftpdWithoutFsyncAndPosixRenameInteropTests : SftpInteropTests, IClassFixture<ProftpdWithoutFsyncAndPosixRenameFixture>
    {
        public ProftpdWithoutFsyncAndPosixRenameInteropTests(ProftpdWithoutFsyncAndPosixRenameFixture fixture) : base(fixture) { }
    }
}
