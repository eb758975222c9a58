using System;

namespace FundMail.Util
{
    /// <summary>
    /// A secret value (password, client secret, token). It never prints itself:
    /// ToString, string interpolation and debugger views all show a mask, so a secret
    /// that slips into a log line, exception message or protocol trace stays hidden.
    /// </summary>
    public sealed class Secret
    {
        private readonly string _value;

        public Secret(string value)
        {
            _value = value ?? throw new ArgumentNullException(nameof(value));
        }

        /// <summary>The clear text, for the one place that must send it on the wire.</summary>
        public string Reveal() => _value;

        public bool IsEmpty => _value.Length == 0;

        public override string ToString() => "***";
    }
}
