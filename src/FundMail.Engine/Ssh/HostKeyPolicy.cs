using System;
using System.Collections.Generic;
using System.Linq;

namespace FundMail.Ssh
{
    /// <summary>
    /// Fail-closed host key pinning: the server's key must match a configured SHA256 fingerprint or a known_hosts entry.
    /// Anything else ends the connection before authentication, with a message that shows the offered key and how to pin it.
    /// </summary>
    internal sealed class HostKeyPolicy
    {
        private readonly string _host;
        private readonly int _port;
        private readonly IReadOnlyList<string> _fingerprints;
        private readonly string? _knownHostsPath;
        private readonly KnownHostsFile? _knownHosts;

        public HostKeyPolicy(string host, int port, IReadOnlyList<string> fingerprints, string? knownHostsPath)
        {
            _host = host;
            _port = port;
            _fingerprints = fingerprints.Select(HostKeyFingerprint.Normalize).ToList();
            _knownHostsPath = knownHostsPath;
            if (knownHostsPath != null) _knownHosts = KnownHostsFile.Load(knownHostsPath, host, port);
        }

        /// <summary>Puts the algorithms of keys known for this host first, so the server presents a key we can check.</summary>
        public string[] PreferredAlgorithms(string[] supported)
        {
            if (_knownHosts == null || _knownHosts.Keys.Count == 0) return supported;
            var known = new HashSet<string>(_knownHosts.Keys.Select(k => k.Type));
            return supported.Where(a => known.Contains(HostKeySignature.KeyType(a)))
                .Concat(supported.Where(a => !known.Contains(HostKeySignature.KeyType(a)))).ToArray();
        }

        public void Check(string algorithm, byte[] keyBlob)
        {
            var fingerprint = HostKeyFingerprint.Of(keyBlob);
            var keyType = HostKeySignature.KeyType(algorithm);
            if (_knownHosts != null && _knownHosts.Revoked.Any(r => r.SequenceEqual(keyBlob)))
                Fail("is REVOKED in " + _knownHostsPath, keyType, fingerprint, keyBlob);
            if (_fingerprints.Contains(fingerprint, StringComparer.Ordinal)) return;
            if (_knownHosts != null && _knownHosts.Keys.Any(k => k.Blob.SequenceEqual(keyBlob))) return;
            var known = _fingerprints.Count > 0 || (_knownHosts != null && _knownHosts.Keys.Count > 0);
            Fail(known ? "does NOT match the pinned key(s) — the key changed, or this is not the expected server" : "is not pinned (no fingerprint or known_hosts entry for this host)",
                keyType, fingerprint, keyBlob);
        }

        private void Fail(string problem, string keyType, string fingerprint, byte[] keyBlob)
        {
            var name = _port == 22 ? _host : "[" + _host + "]:" + _port;
            throw new SshHostKeyException(
                "the SSH host key of " + _host + ":" + _port + " " + problem + ". The server offered " + keyType + " " + fingerprint +
                ". If this key is right, pin it: add " + fingerprint + " to the host key fingerprints, or add this known_hosts line: " +
                name + " " + keyType + " " + Convert.ToBase64String(keyBlob) + " . Nothing was sent to authenticate.",
                keyType, fingerprint);
        }
    }
}
