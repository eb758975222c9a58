using System;
using System.Reflection;
using System.Security.Cryptography;

namespace FundMail.Ssh
{
    /// <summary>
    /// The runtime's System.Security.Cryptography.AesGcm (OpenSSL or CNG, with AES-NI and carry-less multiply), bound by
    /// reflection because the engine targets netstandard2.0, which cannot name it. On .NET Core the Span types of
    /// System.Memory are the runtime's own, so its methods bind straight onto typed delegates and no call goes through
    /// reflection. On .NET Framework the type does not exist and <see cref="TryCreate"/> returns null.
    /// </summary>
    internal sealed class NativeAesGcm : IAesGcm
    {
        private delegate void EncryptFn(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData);
        private delegate void DecryptFn(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData);

        private const int TagSize = 16;
        private static readonly Binding? Runtime = Bind();

        private readonly IDisposable _aes;
        private readonly EncryptFn _encrypt;
        private readonly DecryptFn _decrypt;

        private NativeAesGcm(IDisposable aes, EncryptFn encrypt, DecryptFn decrypt)
        {
            _aes = aes;
            _encrypt = encrypt;
            _decrypt = decrypt;
        }

        public static bool IsAvailable => Runtime != null;

        /// <summary>The runtime's AES-GCM keyed with key, or null where the runtime has none.</summary>
        public static NativeAesGcm? TryCreate(byte[] key)
        {
            var binding = Runtime;
            if (binding == null) return null;
            var aes = binding.Create(key);
            return new NativeAesGcm((IDisposable)aes,
                (EncryptFn)Delegate.CreateDelegate(typeof(EncryptFn), aes, binding.Encrypt),
                (DecryptFn)Delegate.CreateDelegate(typeof(DecryptFn), aes, binding.Decrypt));
        }

        public void Seal(byte[] nonce, byte[] packet, int offset, int length)
        {
            var body = new Span<byte>(packet, offset + 4, length - 4);
            _encrypt(nonce, body, body, new Span<byte>(packet, offset + length, TagSize), new ReadOnlySpan<byte>(packet, offset, 4));
        }

        public bool Open(byte[] nonce, byte[] packet, int offset, int length)
        {
            var body = new Span<byte>(packet, offset + 4, length - 4);
            try
            {
                _decrypt(nonce, body, new ReadOnlySpan<byte>(packet, offset + length, TagSize), body, new ReadOnlySpan<byte>(packet, offset, 4));
                return true;
            }
            catch (CryptographicException)
            {
                return false;
            }
        }

        public void Dispose() => _aes.Dispose();

        private static Binding? Bind()
        {
            try
            {
                // .NET 5+ keeps AesGcm in System.Security.Cryptography; .NET Core 3.x in System.Security.Cryptography.Algorithms.
                var type = Type.GetType("System.Security.Cryptography.AesGcm, System.Security.Cryptography", false)
                    ?? Type.GetType("System.Security.Cryptography.AesGcm, System.Security.Cryptography.Algorithms", false);
                if (type == null) return null;
                if (type.GetProperty("IsSupported", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is false) return null;
                var span = typeof(Span<byte>);
                var readOnly = typeof(ReadOnlySpan<byte>);
                var encrypt = type.GetMethod("Encrypt", new[] { readOnly, readOnly, span, span, readOnly });
                var decrypt = type.GetMethod("Decrypt", new[] { readOnly, readOnly, readOnly, span, readOnly });
                // .NET 8 added the constructor that fixes the tag size and made the key-only one obsolete.
                var withTagSize = type.GetConstructor(new[] { typeof(byte[]), typeof(int) });
                var keyOnly = type.GetConstructor(new[] { typeof(byte[]) });
                if (encrypt == null || decrypt == null || (withTagSize == null && keyOnly == null)) return null;
                Func<byte[], object> create = withTagSize != null
                    ? key => withTagSize.Invoke(new object[] { key, TagSize })
                    : key => keyOnly!.Invoke(new object[] { key });
                var binding = new Binding(create, encrypt, decrypt);
                // Prove the binding once (a runtime whose types differ would fail here, not mid-connection).
                using (var probe = (IDisposable)binding.Create(new byte[16]))
                    Delegate.CreateDelegate(typeof(EncryptFn), probe, encrypt);
                return binding;
            }
            catch (Exception e) when (e is ArgumentException || e is TargetInvocationException || e is MissingMethodException
                || e is PlatformNotSupportedException || e is TypeLoadException || e is CryptographicException)
            {
                return null;
            }
        }

        private sealed class Binding
        {
            public Binding(Func<byte[], object> create, MethodInfo encrypt, MethodInfo decrypt)
            {
                Create = create;
                Encrypt = encrypt;
                Decrypt = decrypt;
            }

            public Func<byte[], object> Create { get; }
            public MethodInfo Encrypt { get; }
            public MethodInfo Decrypt { get; }
        }
    }
}
