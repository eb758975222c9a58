using System;
using System.Collections.Generic;

namespace FundMail.Mime
{
    /// <summary>One header field: its name and its unfolded value bytes (line breaks removed, whitespace kept).</summary>
    internal sealed class RawHeader
    {
        internal RawHeader(string name, byte[] value)
        {
            Name = name;
            Value = value;
        }

        internal string Name { get; }
        internal byte[] Value { get; set; }
    }

    /// <summary>A part's header block in order; lookups return the first occurrence (the policy Python follows too).</summary>
    internal sealed class HeaderList
    {
        private readonly List<RawHeader> fields = new List<RawHeader>();

        internal IReadOnlyList<RawHeader> Fields => fields;
        internal void Add(RawHeader header) => fields.Add(header);

        internal RawHeader? First(string name)
        {
            foreach (var f in fields)
                if (string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)) return f;
            return null;
        }

        internal int Count(string name)
        {
            var n = 0;
            foreach (var f in fields)
                if (string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)) n++;
            return n;
        }

        /// <summary>Header text: ASCII, else UTF-8 when valid (RFC 6532), else the fallback charset.</summary>
        internal string? Text(string name, TextDecoding decoding)
        {
            var f = First(name);
            return f == null ? null : decoding.Undeclared(f.Value, 0, f.Value.Length, name + " header");
        }
    }
}
