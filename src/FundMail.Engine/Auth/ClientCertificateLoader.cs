using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FundMail.Util;

namespace FundMail.Auth
{
    /// <summary>Finds the client certificate (with private key) from a PFX file or the Windows certificate store.</summary>
    internal static class ClientCertificateLoader
    {
        public static X509Certificate2 FromFile(string path, Secret? password)
        {
            if (!File.Exists(path))
                throw Problem("CLIENT_CERTIFICATE_PATH: file '" + path + "' not found");
            X509Certificate2 certificate;
            try
            {
                certificate = new X509Certificate2(path, password?.Reveal(), X509KeyStorageFlags.DefaultKeySet);
            }
            catch (CryptographicException)
            {
                // The password is not echoed; the platform's message may be vague, so name both likely causes.
                throw Problem("CLIENT_CERTIFICATE_PATH '" + path + "' could not be opened: the file is not a PFX/PKCS#12 file " +
                              "or CLIENT_CERTIFICATE_PASSWORD is wrong");
            }
            return RequirePrivateKey(certificate, "CLIENT_CERTIFICATE_PATH '" + path + "'");
        }

        /// <summary>Looks in CurrentUser\My first, then LocalMachine\My (where services usually keep theirs).</summary>
        public static X509Certificate2 FromStore(string thumbprint)
        {
            var wanted = Normalize(thumbprint);
            foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
            {
                var found = Find(location, wanted);
                if (found != null)
                    return RequirePrivateKey(found, "certificate " + wanted + " in " + location + "\\My");
            }
            throw Problem("CLIENT_CERTIFICATE_THUMBPRINT " + wanted + " is in neither CurrentUser\\My nor LocalMachine\\My " +
                          "(import the PFX there, or set CLIENT_CERTIFICATE_PATH instead)");
        }

        private static X509Certificate2? Find(StoreLocation location, string thumbprint)
        {
            using var store = new X509Store(StoreName.My, location);
            try
            {
                store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            }
            catch (CryptographicException)
            {
                return null; // a store that does not exist on this platform holds nothing
            }
            var matches = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
            return matches.Count > 0 ? matches[0] : null;
        }

        private static X509Certificate2 RequirePrivateKey(X509Certificate2 certificate, string what)
        {
            if (certificate.HasPrivateKey)
                return certificate;
            certificate.Dispose();
            throw Problem(what + " has no private key; FundMail needs the certificate with its key to sign in");
        }

        // Thumbprints copied from certmgr often carry spaces or an invisible left-to-right mark.
        internal static string Normalize(string thumbprint)
        {
            var chars = new System.Text.StringBuilder();
            foreach (var c in thumbprint)
                if (Uri.IsHexDigit(c))
                    chars.Append(char.ToUpperInvariant(c));
            return chars.ToString();
        }

        private static TokenException Problem(string message) => new TokenException(message, null, isTransient: false);
    }
}
