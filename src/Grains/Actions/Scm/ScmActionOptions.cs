using Microsoft.Extensions.Configuration;

namespace Relay.Grains.Actions.Scm;

/// <summary>One action of an SCM instance: a commit status per context, or one run comment edited in place.</summary>
public sealed class ScmActionOptions
{
    /// <summary>Action name: part of the ledger key, so keep it stable. Required, unique per instance.</summary>
    [ConfigurationKeyName("name")]
    public string Name { get; set; } = "";

    /// <summary><c>commit_status</c>, or the provider's comment type (<c>mr_comment</c> on GitLab, else <c>pr_comment</c>).</summary>
    [ConfigurationKeyName("type")]
    public string Type { get; set; } = "";

    /// <summary><c>commit_status</c>: also post one context per pipeline task. Default false.</summary>
    [ConfigurationKeyName("context_per_task")]
    public bool ContextPerTask { get; set; }

    /// <summary>An expression over the run, as for GitHub (docs/github.md): the action acts only while it is true.</summary>
    [ConfigurationKeyName("when")]
    public string? When { get; set; }

    [ConfigurationKeyName("filter")]
    public ActionFilterOptions Filter { get; set; } = new();

    /// <summary>A Liquid template for the comment body or the status description; the default is Relay's run summary.</summary>
    [ConfigurationKeyName("template")]
    public string? Template { get; set; }
}
