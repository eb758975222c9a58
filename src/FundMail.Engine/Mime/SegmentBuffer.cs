using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;

namespace FundMail.Mime
{
    /// <summary>
    /// Bytes kept in memory as pooled 16 KB segments: growing never copies what is already there (a MemoryStream
    /// doubles and copies), and the segments go back to the pool once the bytes are read or written out.
    /// </summary>
    internal sealed class SegmentBuffer
    {
        private const int SegmentSize = 16 * 1024;
        private readonly List<byte[]> segments = new List<byte[]>();
        private int lastCount = SegmentSize;

        internal long Length { get; private set; }

        internal void Write(byte[] buffer, int offset, int count)
        {
            Length += count;
            while (count > 0)
            {
                if (lastCount == SegmentSize)
                {
                    segments.Add(ArrayPool<byte>.Shared.Rent(SegmentSize));
                    lastCount = 0;
                }
                var take = Math.Min(count, SegmentSize - lastCount);
                System.Buffer.BlockCopy(buffer, offset, segments[segments.Count - 1], lastCount, take);
                lastCount += take;
                offset += take;
                count -= take;
            }
        }

        internal void HashInto(IncrementalHash hash)
        {
            for (var i = 0; i < segments.Count; i++) hash.AppendData(segments[i], 0, CountOf(i));
        }

        internal void WriteTo(Stream output)
        {
            for (var i = 0; i < segments.Count; i++) output.Write(segments[i], 0, CountOf(i));
        }

        internal byte[] ToArray()
        {
            var all = new byte[Length];
            var at = 0;
            for (var i = 0; i < segments.Count; i++)
            {
                System.Buffer.BlockCopy(segments[i], 0, all, at, CountOf(i));
                at += CountOf(i);
            }
            return all;
        }

        /// <summary>Gives the segments back to the pool; the buffer is empty afterwards.</summary>
        internal void Release()
        {
            foreach (var segment in segments) ArrayPool<byte>.Shared.Return(segment);
            segments.Clear();
            lastCount = SegmentSize;
            Length = 0;
        }

        private int CountOf(int index) => index == segments.Count - 1 ? lastCount : SegmentSize;
    }
}
