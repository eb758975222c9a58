using System;
using System.Collections.Generic;

namespace FundMail.Imap
{
    internal enum ImapResponseKind
    {
        Tagged,
        Untagged,
        Continuation,
    }

    /// <summary>One parsed server response, except FETCH data, which is consumed while it streams.</summary>
    internal sealed class ImapResponse
    {
        public ImapResponseKind Kind { get; set; }

        public string? Tag { get; set; }

        /// <summary>OK/NO/BAD/BYE/PREAUTH, or the untagged keyword (EXISTS, EXPUNGE, CAPABILITY, SEARCH, FETCH, ...), upper case.</summary>
        public string Name { get; set; } = "";

        /// <summary>The number before EXISTS, EXPUNGE, RECENT and FETCH.</summary>
        public uint? Number { get; set; }

        /// <summary>Response text after the status (including any [code]).</summary>
        public string Text { get; set; } = "";

        /// <summary>CAPABILITY atoms.</summary>
        public List<string> Atoms { get; } = new List<string>();

        /// <summary>SEARCH results.</summary>
        public List<uint> Numbers { get; } = new List<uint>();

        public bool IsStatus(string status) => string.Equals(Name, status, StringComparison.Ordinal);

        /// <summary>The response code in <c>[CODE args]</c> at the start of the text, or null.</summary>
        public string? Code
        {
            get
            {
                if (!Text.StartsWith("[", StringComparison.Ordinal))
                    return null;
                var close = Text.IndexOf(']');
                return close > 0 ? Text.Substring(1, close - 1) : null;
            }
        }

        /// <summary>Text without its leading response code.</summary>
        public string HumanText
        {
            get
            {
                var code = Code;
                return code == null ? Text : Text.Substring(code.Length + 2).TrimStart();
            }
        }

        public override string ToString() => (Tag ?? (Kind == ImapResponseKind.Continuation ? "+" : "*")) + " " + Name + " " + Text;
    }
}
