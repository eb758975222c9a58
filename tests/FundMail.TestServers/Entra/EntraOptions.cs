using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;

namespace FundMail.TestServers.Entra
{
    /// <summary>What the token endpoint knows: its registered applications (each in one tenant).</summary>
    public sealed class EntraOptions
    {
        private readonly List<EntraApp> _apps = new List<EntraApp>();

        /// <summary>Registers an app; allowed while the endpoint runs.</summary>
        public EntraOptions Add(EntraApp app)
        {
            lock (_apps)
                _apps.Add(app);
            return this;
        }

        public IReadOnlyList<EntraApp> Apps
        {
            get
            {
                lock (_apps)
                    return _apps.ToArray();
            }
        }
    }

    /// <summary>
    /// One app registration with its credentials and the shape of the tokens it gets.
    /// Properties are read on every request, so a test may change them while the endpoint runs.
    /// </summary>
    public sealed class EntraApp
    {
        public EntraApp(string tenantId, string clientId)
        {
            TenantId = tenantId;
            ClientId = clientId;
        }

        public string TenantId { get; }
        public string ClientId { get; }

        /// <summary>The service principal's object id: Entra puts it in oid and sub of app-only tokens.</summary>
        public string ObjectId { get; set; } = Guid.NewGuid().ToString();

        public string? ClientSecret { get; set; }

        /// <summary>The secret exists but is past its end date (AADSTS7000222).</summary>
        public bool ClientSecretExpired { get; set; }

        /// <summary>Public part of the registered client certificate.</summary>
        public X509Certificate2? Certificate { get; set; }

        public IReadOnlyList<string> Roles { get; set; } = new[] { "IMAP.AccessAsApp" };

        /// <summary>Mailbox user named in the extra <c>email</c> claim (app-only tokens carry no user).</summary>
        public string? Mailbox { get; set; }

        public int TokenLifetimeSeconds { get; set; } = 3600;

        /// <summary>Issue tokens whose exp lies in the past (expires_in still announces the lifetime).</summary>
        public bool IssueExpiredTokens { get; set; }
    }
}
