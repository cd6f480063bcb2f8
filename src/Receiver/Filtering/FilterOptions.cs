namespace Relay.Receiver.Filtering;

/// <summary>The <c>filter</c> section (SPEC §8): which events Relay records at all.</summary>
public sealed class FilterOptions
{
    /// <summary><c>filter.kinds</c>: resource kinds to accept (<c>pipelinerun</c>, <c>taskrun</c>, <c>customrun</c>). Empty means all.</summary>
    [ConfigurationKeyName("kinds")]
    public List<string> Kinds { get; set; } = [];

    [ConfigurationKeyName("namespaces")]
    public NamespaceFilterOptions Namespaces { get; set; } = new();

    /// <summary>
    /// <c>filter.skip_pipelines_as_code</c>: skip runs created by Pipelines-as-Code (which reports them to the Git
    /// provider itself) unless they also carry relay annotations. Default false: Relay reads PaC's labels and reports too.
    /// </summary>
    [ConfigurationKeyName("skip_pipelines_as_code")]
    public bool SkipPipelinesAsCode { get; set; }
}

/// <summary><c>filter.namespaces</c>: glob lists (<c>*</c>, <c>?</c>). Deny wins over allow; an empty allow list allows all.</summary>
public sealed class NamespaceFilterOptions
{
    [ConfigurationKeyName("allow")]
    public List<string> Allow { get; set; } = [];

    [ConfigurationKeyName("deny")]
    public List<string> Deny { get; set; } = [];
}
