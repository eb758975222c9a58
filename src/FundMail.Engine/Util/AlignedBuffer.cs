using System;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace FundMail.Util
{
    /// <summary>
    /// Native memory aligned for <see cref="DirectIo"/>. A few are kept for reuse: fresh memory costs a page fault per
    /// page on first touch, the very cost direct I/O avoids, while a reused buffer's pages are already in place.
    /// </summary>
    internal sealed class AlignedBuffer : IDisposable
    {
        public const int Size = 1024 * 1024;
        private const int Kept = 8;
        private static readonly ConcurrentBag<AlignedBuffer> Pool = new ConcurrentBag<AlignedBuffer>();

        private readonly IntPtr _allocation;

        private AlignedBuffer()
        {
            _allocation = Marshal.AllocHGlobal(Size + DirectIo.Alignment);
            Pointer = new IntPtr((_allocation.ToInt64() + DirectIo.Alignment - 1) & ~(long)(DirectIo.Alignment - 1));
        }

        public IntPtr Pointer { get; }

        public static AlignedBuffer Rent() => Pool.TryTake(out var buffer) ? buffer : new AlignedBuffer();

        /// <summary>Back to the pool, or freed when the pool is full.</summary>
        public void Dispose()
        {
            if (Pool.Count < Kept) Pool.Add(this);
            else Marshal.FreeHGlobal(_allocation);
        }
    }
}
