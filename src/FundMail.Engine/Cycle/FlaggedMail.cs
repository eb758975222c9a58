using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace FundMail.Cycle
{
    /// <summary>A mail a cycle stored with defects (as in its fund_mail.defects): what could not be read, parsed or stored in full.</summary>
    public sealed class FlaggedMail
    {
        public FlaggedMail(uint uid, string emailId, IReadOnlyList<string> defects)
        {
            Uid = uid;
            EmailId = emailId;
            Defects = defects;
        }

        [JsonPropertyName("uid")]
        public uint Uid { get; }

        [JsonPropertyName("email_id")]
        public string EmailId { get; }

        [JsonPropertyName("defects")]
        public IReadOnlyList<string> Defects { get; }
    }
}
