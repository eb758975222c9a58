using System.Collections.Generic;
using System.Text;

namespace FundMail.Imap
{
    /// <summary>
    /// A command line under construction. Each part knows whether it is secret, so the trace shows the command
    /// with credentials replaced by "***" while the wire gets the real bytes.
    /// </summary>
    internal sealed class ImapCommand
    {
        private readonly List<Part> _parts = new List<Part>();

        /// <summary>Starts the line with the command name ("UID FETCH"), also used in errors.</summary>
        public ImapCommand(string name)
        {
            Name = name;
            Text(name);
        }

        public string Name { get; }

        internal IReadOnlyList<Part> Parts => _parts;

        public ImapCommand Text(string text)
        {
            _parts.Add(new Part(text, null, secret: false));
            return this;
        }

        public ImapCommand Secret(string text)
        {
            _parts.Add(new Part(text, null, secret: true));
            return this;
        }

        /// <summary>A string argument: quoted when 7-bit safe, otherwise a literal (UTF-8).</summary>
        public ImapCommand String(string value, bool secret = false)
        {
            _parts.Add(ImapArguments.CanQuote(value)
                ? new Part(ImapArguments.Quote(value), null, secret)
                : new Part("", Encoding.UTF8.GetBytes(value), secret));
            return this;
        }

        internal sealed class Part
        {
            public Part(string text, byte[]? literal, bool secret)
            {
                Text = text;
                Literal = literal;
                IsSecret = secret;
            }

            public string Text { get; }
            public byte[]? Literal { get; }
            public bool IsSecret { get; }
        }
    }
}
