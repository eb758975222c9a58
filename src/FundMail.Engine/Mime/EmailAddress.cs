namespace FundMail.Mime
{
    /// <summary>One mailbox: display name (decoded, null when none) and addr-spec.</summary>
    public sealed class EmailAddress
    {
        public EmailAddress(string? name, string address)
        {
            Name = name;
            Address = address;
        }

        public string? Name { get; set; }
        public string Address { get; set; }

        public override string ToString() => string.IsNullOrEmpty(Name) ? Address : $"\"{Name}\" <{Address}>";
    }
}
