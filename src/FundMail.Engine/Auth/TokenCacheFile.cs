using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;
using FundMail.Config;
using FundMail.Util;

namespace FundMail.Auth
{
    /// <summary>
    /// token_cache.json in BASE_DIR: the last access token, its expiry and the key of the configuration it was issued
    /// for, so the next run (a new process five minutes later) can skip the token endpoint. Only this account may read
    /// it: mode 0600 on Linux/macOS, the token DPAPI-protected (CurrentUser) on Windows. A file that cannot be read
    /// or understood is treated as absent; it is overwritten by the next store.
    /// </summary>
    internal sealed class TokenCacheFile
    {
        public const string FileName = "token_cache.json";

        public TokenCacheFile(string directory)
        {
            Path = System.IO.Path.Combine(directory, FileName);
        }

        public string Path { get; }

        /// <summary>The stored token when it was issued for <paramref name="key"/>, else null (no file, other key, unreadable).</summary>
        public AccessToken? Read(string key)
        {
            try
            {
                if (!File.Exists(Path))
                    return null;
                using var doc = JsonDocument.Parse(File.ReadAllBytes(Path));
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("key", out var k) || k.ValueKind != JsonValueKind.String || k.GetString() != key
                    || !root.TryGetProperty("expires_on", out var e) || !e.TryGetInt64(out var expires)
                    || !root.TryGetProperty("token", out var t) || t.ValueKind != JsonValueKind.String)
                    return null;
                var token = Unprotect(t.GetString()!);
                return token == null || token.IsEmpty ? null : new AccessToken(token, DateTimeOffset.FromUnixTimeSeconds(expires));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is JsonException
                                       || ex is InvalidOperationException || ex is ArgumentOutOfRangeException || ex is ConfigException)
            {
                return null;
            }
        }

        /// <summary>Replaces the file atomically; the token is never readable by others, not even in the temp file.</summary>
        public void Write(string key, AccessToken token)
        {
            var stored = Protect(token.Value);
            AtomicFile.Write(Path, stream =>
            {
                RestrictToOwner(stream.Name);
                using var json = new Utf8JsonWriter(stream);
                json.WriteStartObject();
                json.WriteString("key", key);
                json.WriteNumber("expires_on", token.ExpiresOn.ToUnixTimeSeconds());
                json.WriteString("token", stored);
                json.WriteEndObject();
            });
        }

        public void Delete()
        {
            try
            {
                File.Delete(Path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Left behind, it still cannot be used: the server refused it and the next fresh token replaces it.
            }
        }

        private static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        private static string Protect(Secret token) => IsWindows ? DpapiSecret.Protect(token, DpapiScope.CurrentUser) : token.Reveal();

        private static Secret? Unprotect(string stored)
        {
            if (IsWindows)
                return DpapiSecret.IsProtected(stored) ? DpapiSecret.Unprotect("token cache", stored) : null;
            return new Secret(stored);
        }

        private static void RestrictToOwner(string path)
        {
            if (IsWindows)
                return; // the token itself is DPAPI-protected there
            OwnerOnly.RestrictToOwner(path);
        }
    }
}
