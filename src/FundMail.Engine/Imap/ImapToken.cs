namespace FundMail.Imap
{
    internal enum ImapTokenKind
    {
        Atom,
        Quoted,
        /// <summary>A <c>{n}</c> header; the n octets are still unread and must be consumed by the caller.</summary>
        Literal,
        ListOpen,
        ListClose,
        EndOfLine,
    }

    internal readonly struct ImapToken
    {
        public ImapToken(ImapTokenKind kind, string text = "", long literalLength = 0)
        {
            Kind = kind;
            Text = text;
            LiteralLength = literalLength;
        }

        public ImapTokenKind Kind { get; }

        /// <summary>Atom or quoted-string content.</summary>
        public string Text { get; }

        public long LiteralLength { get; }

        public bool IsAtom(string value) => Kind == ImapTokenKind.Atom && string.Equals(Text, value, System.StringComparison.OrdinalIgnoreCase);

        public override string ToString() => Kind switch
        {
            ImapTokenKind.Atom => "atom '" + Text + "'",
            ImapTokenKind.Quoted => "quoted string",
            ImapTokenKind.Literal => "literal {" + LiteralLength + "}",
            ImapTokenKind.ListOpen => "'('",
            ImapTokenKind.ListClose => "')'",
            _ => "end of line",
        };
    }
}
