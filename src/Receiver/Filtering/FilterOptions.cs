namespace Relay.Receiver.Filtering;

/// <summary>The <c>filter</c> section (SPEC §8): which events Relay records at all.</summary>
public sealed class FilterOptions
{
    /// <summary><c>filter.kinds</c>: resource kinds to accept (<c>pipelinerun</c>, <c>taskrun</c>, <c>customrun</c>). Empty means all.</summary>
    [ConfigurationKeyName("kinds")]
    public List<string> Kinds { get; set; } = [];

    [ConfigurationKeyName("namespaces")]
    public NamespaceFilterOptions Namespaces { get; set; } = new();
}

/// <summary><c>filter.namespaces</c>: glob lists (<c>*</c>, <c>?</c>). Deny wins over allow; an empty allow list allows all.</summary>
public sealed class NamespaceFilterOptions
{
    [ConfigurationKeyName("allow")]
    public List<string> Allow { get; set; } = [];

    [ConfigurationKeyName("deny")]
    public List<string> Deny { get; set; } = [];
}
