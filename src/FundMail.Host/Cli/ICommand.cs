using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace FundMail.Host.Cli
{
    /// <summary>One verb of the console host.</summary>
    internal interface ICommand
    {
        string Name { get; }
        string Usage { get; }
        string Summary { get; }
        IReadOnlyCollection<string> Options { get; }
        IReadOnlyCollection<string> Switches { get; }

        /// <summary>Whether the verb takes plain arguments (file names) besides options.</summary>
        bool TakesFiles => false;
        Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken);
    }
}
