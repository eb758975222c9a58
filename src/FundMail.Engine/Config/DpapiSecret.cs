using System;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;
using FundMail.Util;

namespace FundMail.Config
{
    /// <summary>Whose Windows key protects a value: only this account, or any account on this machine.</summary>
    public enum DpapiScope
    {
        CurrentUser,
        LocalMachine,
    }

    /// <summary>
    /// .env values written as <c>dpapi:&lt;base64&gt;</c> by Protect-FundMailSecret: encrypted with Windows DPAPI
    /// (crypt32), so a copied .env is useless on another machine (or, for CurrentUser, to another account).
    /// Other systems have no DPAPI, so there such a value is a configuration error, never passed on as is.
    /// </summary>
    public static class DpapiSecret
    {
        public const string Prefix = "dpapi:";

        // Ties the ciphertext to FundMail: another program running as the same user cannot unprotect it blindly.
        private static readonly byte[] Entropy = Encoding.UTF8.GetBytes("FundMail.DpapiSecret.v1");

        private const int UiForbidden = 0x1;
        private const int LocalMachine = 0x4;

        public static bool IsProtected(string? value) =>
            value != null && value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

        /// <summary>The .env form of a value: <c>dpapi:</c> and the DPAPI ciphertext in base64. Windows only.</summary>
        public static string Protect(Secret value, DpapiScope scope)
        {
            RequireWindows("protect a value with DPAPI");
            var clear = Encoding.UTF8.GetBytes(value.Reveal());
            try
            {
                return Prefix + Convert.ToBase64String(Transform(clear, protect: true, scope == DpapiScope.LocalMachine ? LocalMachine : 0));
            }
            finally
            {
                Array.Clear(clear, 0, clear.Length);
            }
        }

        /// <summary>Decrypts a <c>dpapi:</c> value of <paramref name="key"/>; every failure is a ConfigException naming the key.</summary>
        public static Secret Unprotect(string key, string value)
        {
            if (!IsProtected(value))
                throw Problem(key, "is not a dpapi: value");
            byte[] cipher;
            try
            {
                cipher = Convert.FromBase64String(value.Substring(Prefix.Length).Trim());
            }
            catch (FormatException)
            {
                throw Problem(key, "holds a dpapi: value whose text after 'dpapi:' is not base64; write it again with Protect-FundMailSecret");
            }
            if (cipher.Length == 0)
                throw Problem(key, "holds an empty dpapi: value; write it again with Protect-FundMailSecret");
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                throw Problem(key, "is DPAPI-protected (dpapi:...), which only Windows can decrypt; on this system put the value itself in the .env (in single quotes) or in the environment");

            byte[] clear;
            try
            {
                clear = Transform(cipher, protect: false, 0);
            }
            catch (Win32Exception e)
            {
                throw Problem(key, "holds a dpapi: value this account on this machine cannot decrypt (it was protected by another user or on another machine): " + e.Message);
            }
            try
            {
                return new Secret(Encoding.UTF8.GetString(clear));
            }
            finally
            {
                Array.Clear(clear, 0, clear.Length);
            }
        }

        private static ConfigException Problem(string key, string expected) =>
            new ConfigException(new[] { new ConfigProblem(key, expected) }, null);

        private static void RequireWindows(string what)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                throw new PlatformNotSupportedException("Only Windows can " + what + "; this is " + RuntimeInformation.OSDescription + ".");
        }

        private static byte[] Transform(byte[] input, bool protect, int flags)
        {
            var inputHandle = GCHandle.Alloc(input, GCHandleType.Pinned);
            var entropyHandle = GCHandle.Alloc(Entropy, GCHandleType.Pinned);
            var output = default(DataBlob);
            try
            {
                var inBlob = new DataBlob { Size = input.Length, Data = inputHandle.AddrOfPinnedObject() };
                var entropyBlob = new DataBlob { Size = Entropy.Length, Data = entropyHandle.AddrOfPinnedObject() };
                var ok = protect
                    ? CryptProtectData(ref inBlob, "FundMail", ref entropyBlob, IntPtr.Zero, IntPtr.Zero, flags | UiForbidden, ref output)
                    : CryptUnprotectData(ref inBlob, IntPtr.Zero, ref entropyBlob, IntPtr.Zero, IntPtr.Zero, flags | UiForbidden, ref output);
                if (!ok)
                    throw new Win32Exception(Marshal.GetLastWin32Error());
                var result = new byte[output.Size];
                Marshal.Copy(output.Data, result, 0, output.Size);
                return result;
            }
            finally
            {
                if (output.Data != IntPtr.Zero)
                    LocalFree(output.Data);
                inputHandle.Free();
                entropyHandle.Free();
            }
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct DataBlob
        {
            public int Size;
            public IntPtr Data;
        }

        [DllImport("crypt32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        private static extern bool CryptProtectData(ref DataBlob dataIn, string description, ref DataBlob entropy,
            IntPtr reserved, IntPtr prompt, int flags, ref DataBlob dataOut);

        [DllImport("crypt32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
        private static extern bool CryptUnprotectData(ref DataBlob dataIn, IntPtr description, ref DataBlob entropy,
            IntPtr reserved, IntPtr prompt, int flags, ref DataBlob dataOut);

        [DllImport("kernel32.dll")]
        private static extern IntPtr LocalFree(IntPtr memory);
    }
}
