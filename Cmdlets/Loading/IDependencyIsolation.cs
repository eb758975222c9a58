namespace FundMail.PowerShell.Loading
{
    /// <summary>How one kind of runtime finds the module's dependencies in the module folder.</summary>
    internal interface IDependencyIsolation
    {
        /// <summary>Starts answering the host's requests for the engine (idempotent state, hooks added once per Attach).</summary>
        void Attach();

        /// <summary>Stops answering them (module removed); what is already loaded stays loaded.</summary>
        void Detach();
    }
}
