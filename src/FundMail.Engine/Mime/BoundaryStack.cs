using System.Collections.Generic;
using System.Text;

namespace FundMail.Mime
{
    /// <summary>Which boundary a line matched: stack level (-1: none) and whether it was the closing form.</summary>
    internal readonly struct BoundaryHit
    {
        internal BoundaryHit(int level, bool close)
        {
            Level = level;
            Close = close;
        }

        internal static readonly BoundaryHit None = new BoundaryHit(-1, false);
        internal int Level { get; }
        internal bool Close { get; }
    }

    /// <summary>The boundaries of the open multiparts, innermost last. A line matching an outer one closes the inner ones.</summary>
    internal sealed class BoundaryStack
    {
        private readonly List<byte[]> stack = new List<byte[]>();

        internal int Count => stack.Count;
        internal void Push(string boundary) => stack.Add(Encoding.UTF8.GetBytes("--" + boundary));
        internal void Pop() => stack.RemoveAt(stack.Count - 1);

        /// <summary>"--boundary" or "--boundary--", followed only by blanks (RFC 2046 transport padding).</summary>
        internal BoundaryHit Match(byte[] buf, int off, int len)
        {
            if (stack.Count == 0 || len < 3 || buf[off] != '-' || buf[off + 1] != '-') return BoundaryHit.None;
            for (var level = stack.Count - 1; level >= 0; level--)
            {
                var b = stack[level];
                if (len < b.Length || !Same(buf, off, b)) continue;
                var i = b.Length;
                var close = false;
                if (len >= i + 2 && buf[off + i] == '-' && buf[off + i + 1] == '-') { close = true; i += 2; }
                while (i < len && (buf[off + i] == ' ' || buf[off + i] == '\t')) i++;
                if (i == len) return new BoundaryHit(level, close);
            }
            return BoundaryHit.None;
        }

        private static bool Same(byte[] buf, int off, byte[] b)
        {
            for (var i = 0; i < b.Length; i++)
                if (buf[off + i] != b[i]) return false;
            return true;
        }
    }
}
