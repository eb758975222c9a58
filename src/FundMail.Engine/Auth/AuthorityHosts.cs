using System;
using System.Linq;

namespace FundMail.Auth
{
    /// <summary>
    /// Microsoft's sign-in hosts (public and national clouds). Only these may use MSAL's instance
    /// discovery, which calls the public cloud; any other host (a test endpoint) must not leave the machine for it.
    /// </summary>
    internal static class AuthorityHosts
    {
        private static readonly string[] Microsoft =
        {
            "login.microsoftonline.com", "login.microsoft.com", "login.windows.net", "sts.windows.net",
            "login.microsoftonline.us", "login.usgovcloudapi.net",
            "login.chinacloudapi.cn", "login.partner.microsoftonline.cn",
        };

        public static bool IsMicrosoftCloud(Uri host) =>
            Microsoft.Contains(host.Host, StringComparer.OrdinalIgnoreCase);

        /// <summary>The authority URL MSAL wants: host plus tenant.</summary>
        public static string Authority(Uri host, string tenantId) =>
            host.GetLeftPart(UriPartial.Authority) + "/" + Uri.EscapeDataString(tenantId.Trim());
    }
}
