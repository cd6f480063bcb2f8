using Microsoft.Extensions.Configuration;

namespace Relay.Grains.Actions.Scm;

/// <summary>
/// One instance of an SCM provider module built on the SCM kit (<c>scm.gitlab[]</c>, <c>scm.gitea[]</c>, …): endpoint,
/// credentials, actions. A provider derives from it for its own keys and defaults.
/// </summary>
public class ScmInstanceOptions
{
    /// <summary>Instance name, matched by the <c>scm.provider</c> annotation. Required, unique within the provider.</summary>
    [ConfigurationKeyName("name")]
    public string Name { get; set; } = "";

    /// <summary>The server's root URL; the provider appends its API root (<c>/api/v4</c>, <c>/api/v1</c>, …).</summary>
    [ConfigurationKeyName("base_url")]
    public string BaseUrl { get; set; } = "";

    [ConfigurationKeyName("auth")]
    public ScmAuthOptions Auth { get; set; } = new();

    [ConfigurationKeyName("actions")]
    public List<ScmActionOptions> Actions { get; set; } = [];

    /// <summary>
    /// <c>dry_run</c>: log each request Relay would send instead of sending it (and count it delivered); no token
    /// needed. Default false.
    /// </summary>
    [ConfigurationKeyName("dry_run")]
    public bool DryRun { get; set; }
}
