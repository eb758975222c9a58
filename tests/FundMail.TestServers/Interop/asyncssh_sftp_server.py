"""An AsyncSSH SFTP server for FundMail's interop tests (started by AsyncSshServer.cs, never by hand).

One password user and authorized public keys, every session chrooted to the upload root. It logs what the tests
check: when authentication begins (a refused host key must end the connection before that), each session opened, and
each rename (once done) and fsync as the server ran it. Options make it offer fewer SFTP extensions or refuse a
connection's second session.
"""
import argparse
import asyncio
import logging
import sys

import asyncssh
from asyncssh import sftp as sftp_module
from asyncssh.stream import SSHServerStreamSession

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--host-key", action="append", required=True)
parser.add_argument("--root", required=True)
parser.add_argument("--user", required=True)
parser.add_argument("--password", required=True)
parser.add_argument("--authorized-keys")
parser.add_argument("--without", action="append", default=[], help="an SFTP extension not to offer")
parser.add_argument("--max-sessions", type=int, default=0, help="sessions per connection; 0: no limit")
parser.add_argument("--log", required=True)
args = parser.parse_args()

logging.basicConfig(filename=args.log, level=logging.INFO, format="%(asctime)s %(message)s")
log = logging.getLogger("fundmail-interop")

# SFTP_FXP_VERSION lists these class-level extensions: leaving one out makes the server lack it.
without = {name.encode() for name in args.without}
sftp_module.SFTPServerHandler._extensions = [e for e in sftp_module.SFTPServerHandler._extensions if e[0] not in without]


class Server(asyncssh.SSHServer):
    def connection_made(self, conn):
        self._sessions = 0
        log.info("connection from %s", conn.get_extra_info("peername")[0])

    def begin_auth(self, username):
        log.info("auth begins for %s", username)
        return True

    def password_auth_supported(self):
        return True

    def validate_password(self, username, password):
        return username == args.user and password == args.password

    def session_requested(self):
        self._sessions += 1
        if args.max_sessions and self._sessions > args.max_sessions:
            log.info("session %d refused", self._sessions)
            return False
        log.info("session %d opened", self._sessions)
        # What create_server(sftp_factory=...) would do, but after the count: that path never asks session_requested.
        return SSHServerStreamSession(None, LoggingSftpServer, sftp_module.MIN_SFTP_VERSION, False)


class LoggingSftpServer(asyncssh.SFTPServer):
    def __init__(self, chan):
        super().__init__(chan, chroot=args.root.encode())

    def rename(self, oldpath, newpath):
        result = super().rename(oldpath, newpath)
        log.info("op rename %s %s", oldpath.decode(), newpath.decode())
        return result

    def posix_rename(self, oldpath, newpath):
        log.info("op extended posix-rename@openssh.com")
        result = super().posix_rename(oldpath, newpath)
        log.info("op posix-rename %s %s", oldpath.decode(), newpath.decode())
        return result

    def fsync(self, file_obj):
        log.info("op extended fsync@openssh.com")
        return super().fsync(file_obj)


async def main():
    await asyncssh.create_server(
        Server, "127.0.0.1", args.port,
        server_host_keys=args.host_key,
        authorized_client_keys=args.authorized_keys,
        # As sshd: a restart on the same port must not wait for connections of the killed server in TIME_WAIT.
        reuse_address=True)
    log.info("listening on 127.0.0.1:%d", args.port)
    await asyncio.Event().wait()


try:
    asyncio.run(main())
except OSError as e:
    print("asyncssh server: " + str(e), file=sys.stderr)
    sys.exit(1)
