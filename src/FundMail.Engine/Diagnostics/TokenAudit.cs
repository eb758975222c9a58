using System;
using System.Collections.Generic;
using System.Linq;
using FundMail.Auth;

namespace FundMail.Diagnostics
{
    /// <summary>
    /// Reads an access token's claims for what Exchange Online will check, so a refusal can be explained
    /// before IMAP is even tried: audience, the IMAP.AccessAsApp role, and the tenant.
    /// </summary>
    public static class TokenAudit
    {
        public const string ExchangeAudience = "https://outlook.office365.com";
        public const string ImapRole = "IMAP.AccessAsApp";

        /// <returns>Problems with their fixes; empty when the token looks right.</returns>
        public static IReadOnlyList<(string problem, string fix)> Problems(TokenClaims claims, string expectedTenant)
        {
            var problems = new List<(string, string)>();
            var now = DateTimeOffset.UtcNow;
            if (claims.ExpiresOn != null && claims.ExpiresOn.Value <= now)
                problems.Add(("the token expired at " + claims.ExpiresOn.Value.ToString("u") + " although it was just issued (this machine's clock says " +
                              now.ToString("u") + ")", "set this machine's clock right (w32tm /resync, or timedatectl set-ntp true)"));
            if (!string.Equals(claims.Audience?.TrimEnd('/'), ExchangeAudience, StringComparison.OrdinalIgnoreCase))
                problems.Add(("the token is for '" + (claims.Audience ?? "(no audience)") + "', not Exchange Online (" + ExchangeAudience + ")",
                    "request scope https://outlook.office365.com/.default (FundMail does) and check that AUTHORITY_HOST is Entra ID's"));
            if (!claims.Roles.Contains(ImapRole, StringComparer.OrdinalIgnoreCase))
                problems.Add(("the token has no " + ImapRole + " role (roles: " + (claims.Roles.Count == 0 ? "none" : string.Join(", ", claims.Roles)) + ")",
                    "in the app registration add API permission Office 365 Exchange Online > Application permissions > " + ImapRole +
                    " and grant admin consent (Graph's Mail.Read is not what IMAP needs)"));
            if (claims.TenantId != null && Guid.TryParse(expectedTenant, out _) &&
                !string.Equals(claims.TenantId, expectedTenant, StringComparison.OrdinalIgnoreCase))
                problems.Add(("the token was issued by tenant " + claims.TenantId + ", not TENANT_ID " + expectedTenant,
                    "set TENANT_ID to the mailbox's tenant (Entra ID > Overview > Tenant ID)"));
            return problems;
        }
    }
}
