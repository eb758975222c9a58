using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using FundMail.Mime;

namespace FundMail.Store
{
    /// <summary>
    /// To/Cc lists as JSON ([{"name": ..., "address": ...}]): display names may hold commas, quotes and
    /// any script, and JSON keeps them exact where a joined display string would be ambiguous.
    /// </summary>
    internal static class AddressJson
    {
        private sealed class Entry
        {
            public string? name { get; set; }
            public string address { get; set; } = "";
        }

        public static string Write(IEnumerable<EmailAddress> addresses) =>
            JsonSerializer.Serialize(addresses.Select(a => new Entry { name = a.Name, address = a.Address }));

        public static List<EmailAddress> Read(string? json) =>
            json == null
                ? new List<EmailAddress>()
                : (JsonSerializer.Deserialize<List<Entry>>(json) ?? new List<Entry>()).Select(e => new EmailAddress(e.name, e.address)).ToList();
    }
}
