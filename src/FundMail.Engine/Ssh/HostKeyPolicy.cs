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
        private readonly List<Offered> _offered = new List<Offered>();

        public HostKeyPolicy(string host, int port, IReadOnlyList<string> fingerprints, string? knownHostsPath)
        {
            _host = host;
            _port = port;
            _fingerprints = fingerprints.Select(HostKeyFingerprint.Normalize).ToList();
            _knownHostsPath = knownHostsPath;
            if (knownHostsPath != null) _knownHosts = KnownHostsFile.Load(knownHostsPath, host, port);
            AlgorithmsToOffer = PreferKnownTypes(HostKeySignature.Algorithms);
        }

        private string[] PreferKnownTypes(string[] supported)
        {
            if (_knownHosts == null || _knownHosts.Keys.Count == 0) return supported;
            var known = new HashSet<string>(_knownHosts.Keys.Select(k => k.Type));
            return supported.Where(a => known.Contains(HostKeySignature.KeyType(a)))
                .Concat(supported.Where(a => !known.Contains(HostKeySignature.KeyType(a)))).ToArray();
        }

        /// <summary>
        /// The host key algorithms to offer on the next connection. First every algorithm, known_hosts types first; after
        /// a key that matched no pin, only the server's other key types, so a pinned RSA key is found even though the
        /// server would present ed25519 first. Only a pinned key is ever accepted.
        /// </summary>
        public string[] AlgorithmsToOffer { get; private set; } = HostKeySignature.Algorithms;

        public void Check(string algorithm, byte[] keyBlob, string[] serverAlgorithms)
        {
            var keyType = HostKeySignature.KeyType(algorithm);
            if (_knownHosts != null && _knownHosts.Revoked.Any(r => r.SequenceEqual(keyBlob)))
            {
                _offered.Add(new Offered(keyType, keyBlob));
                Fail("is REVOKED in " + _knownHostsPath, false);
            }
            if (_fingerprints.Contains(HostKeyFingerprint.Of(keyBlob), StringComparer.Ordinal)) return;
            if (_knownHosts != null && _knownHosts.Keys.Any(k => k.Blob.SequenceEqual(keyBlob))) return;
            _offered.Add(new Offered(keyType, keyBlob));
            var untried = HostKeySignature.Algorithms
                .Where(a => serverAlgorithms.Contains(a) && _offered.All(o => o.Type != HostKeySignature.KeyType(a))).ToArray();
            if (untried.Length > 0) AlgorithmsToOffer = untried;
            var known = _fingerprints.Count > 0 || (_knownHosts != null && _knownHosts.Keys.Count > 0);
            Fail(known ? "does NOT match the pinned key(s) — the key changed, or this is not the expected server" : "is not pinned (no fingerprint or known_hosts entry for this host)",
                untried.Length > 0);
        }

        private sealed class Offered
        {
            public Offered(string type, byte[] blob)
            {
                Type = type;
                Blob = blob;
                Fingerprint = HostKeyFingerprint.Of(blob);
            }

            public string Type { get; }
            public byte[] Blob { get; }
            public string Fingerprint { get; }
        }

        private void Fail(string problem, bool anotherKeyTypeRemains)
        {
            var name = _port == 22 ? _host : "[" + _host + "]:" + _port;
            var keys = string.Join(", ", _offered.Select(o => o.Type + " " + o.Fingerprint));
            var lines = string.Join(" ; ", _offered.Select(o => name + " " + o.Type + " " + Convert.ToBase64String(o.Blob)));
            throw new SshHostKeyException(
                "the SSH host key of " + _host + ":" + _port + " " + problem + ". The server offered: " + keys +
                ". If one of these is right, pin it: add its SHA256:... fingerprint to the host key fingerprints, or add its known_hosts line: " +
                lines + " . Nothing was sent to authenticate.",
                _offered[0].Type, _offered[0].Fingerprint)
            {
                AnotherKeyTypeRemains = anotherKeyTypeRemains,
            };
        }
    }
}
