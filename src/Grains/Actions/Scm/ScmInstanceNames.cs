using Microsoft.Extensions.Options;

namespace Relay.Grains.Actions.Scm;

/// <summary>The instance names of an SCM kit module, read from its current options.</summary>
internal sealed class ScmInstanceNames<TOptions>(string provider, IOptionsMonitor<TOptions> options) : IScmInstanceNames
    where TOptions : class, IScmProviderOptions
{
    public string Provider => provider;

    public bool Has(string name) =>
        options.CurrentValue.Instances.Any(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<ScmInstanceSummary> Describe() =>
        options.CurrentValue.Instances.Select(i => new ScmInstanceSummary(i.Name, i.BaseUrl, i.Actions.Select(a => $"{a.Name} ({a.Type})").ToArray())).ToArray();
}
