using Microsoft.Extensions.Configuration;
using Relay.Grains.Actions.GitHub.Budget;
using Relay.Grains.Actions.GitHub.Resilience;

namespace Relay.Grains.Actions.GitHub;

/// <summary>The GitHub module's part of the <c>scm</c> section (SPEC §5, §8): <c>scm.github[]</c>.</summary>
public sealed class GitHubOptions
{
    /// <summary>The configuration section this module binds (its instances are <c>scm:github</c>).</summary>
    public const string Section = "scm";

    /// <summary><c>scm.github[]</c>: GitHub (or GitHub Enterprise) instances. Empty means no actions.</summary>
    [ConfigurationKeyName("github")]
    public List<GitHubInstanceOptions> GitHub { get; set; } = [];
}

/// <summary>One GitHub instance: endpoint, credentials, actions.</summary>
public sealed class GitHubInstanceOptions
{
    /// <summary>Instance name, matched by the <c>scm.provider</c> annotation. Required, unique.</summary>
    [ConfigurationKeyName("name")]
    public string Name { get; set; } = "";

    /// <summary>API root, used exactly as given. Default <c>https://api.github.com</c>.</summary>
    [ConfigurationKeyName("base_url")]
    public string BaseUrl { get; set; } = "https://api.github.com";

    [ConfigurationKeyName("auth")]
    public GitHubAuthOptions Auth { get; set; } = new();

    [ConfigurationKeyName("actions")]
    public List<GitHubActionOptions> Actions { get; set; } = [];

    /// <summary><c>resilience</c>: in-process retries, per-attempt timeout and circuit breaker of this instance's calls.</summary>
    [ConfigurationKeyName("resilience")]
    public GitHubResilienceOptions Resilience { get; set; } = new();

    /// <summary>
    /// <c>dry_run</c>: log each request Relay would send instead of sending it (and count it delivered). For trying
    /// Relay out and for checking a new configuration; no token needed. Default false.
    /// </summary>
    /// <summary><c>budget</c>: the cluster-wide content budget per credential (GitHub's secondary rate limit).</summary>
    [ConfigurationKeyName("budget")]
    public GitHubBudgetOptions Budget { get; set; } = new();

    [ConfigurationKeyName("dry_run")]
    public bool DryRun { get; set; }
}

/// <summary>
/// Credentials, as file paths: secrets never sit in the configuration itself. Either <c>token_file</c> (a personal
/// access token) or a GitHub App (<c>app_id</c>, <c>installation_id</c>, <c>private_key_file</c>).
/// </summary>
public sealed class GitHubAuthOptions
{
    /// <summary>A file holding a personal access token; re-read when it changes.</summary>
    [ConfigurationKeyName("token_file")]
    public string? TokenFile { get; set; }

    /// <summary>GitHub App id: the <c>iss</c> of the JWT that asks for installation tokens.</summary>
    [ConfigurationKeyName("app_id")]
    public long? AppId { get; set; }

    /// <summary>The App's installation (on the organisation or account) whose access tokens Relay uses.</summary>
    [ConfigurationKeyName("installation_id")]
    public long? InstallationId { get; set; }

    /// <summary>A file holding the App's RSA private key (PEM); re-read when it changes.</summary>
    [ConfigurationKeyName("private_key_file")]
    public string? PrivateKeyFile { get; set; }

    /// <summary>True when any GitHub App key is set.</summary>
    internal bool IsApp => AppId is not null || InstallationId is not null || !string.IsNullOrWhiteSpace(PrivateKeyFile);
}

/// <summary>One action of an instance (SPEC §5). Keys that a type does not use are ignored by it.</summary>
public sealed class GitHubActionOptions
{
    /// <summary>Action name: part of the ledger key, so keep it stable. Required, unique per instance.</summary>
    [ConfigurationKeyName("name")]
    public string Name { get; set; } = "";

    /// <summary>Action type: one of <see cref="GitHubActionTypes.All"/>.</summary>
    [ConfigurationKeyName("type")]
    public string Type { get; set; } = "";

    /// <summary><c>commit_status</c>: also post one context per pipeline task. Default false.</summary>
    [ConfigurationKeyName("context_per_task")]
    public bool ContextPerTask { get; set; }

    /// <summary>
    /// An expression over the run (CEL syntax subset): the action acts only while it is true. Macros
    /// <c>isPipelineRun()</c>, <c>isTaskRun()</c>, <c>isPR()</c>, <c>stateIn('success', …)</c>; see docs/github.md.
    /// </summary>
    [ConfigurationKeyName("when")]
    public string? When { get; set; }

    [ConfigurationKeyName("filter")]
    public ActionFilterOptions Filter { get; set; } = new();

    /// <summary>
    /// A Liquid template for the body (comments), the check run summary or the status description; the default is
    /// Relay's run summary. The model is documented in docs/github.md.
    /// </summary>
    [ConfigurationKeyName("template")]
    public string? Template { get; set; }

    /// <summary>Comments: <c>upsert</c> (default: one comment per run, edited in place) or <c>create</c> (one comment per pipeline state).</summary>
    [ConfigurationKeyName("mode")]
    public string? Mode { get; set; }

    /// <summary><c>check_run</c>: the check name (Liquid allowed). Default: the status context (<c>scm.context</c> or <c>tekton/&lt;pipeline&gt;</c>).</summary>
    [ConfigurationKeyName("check_name")]
    public string? CheckName { get; set; }

    /// <summary><c>check_run</c>: <c>output.title</c> (Liquid allowed). Default: "&lt;pipeline&gt; &lt;state&gt;".</summary>
    [ConfigurationKeyName("title")]
    public string? Title { get; set; }

    /// <summary><c>deployment_status</c>: the environment (Liquid allowed). Required for that type.</summary>
    [ConfigurationKeyName("environment")]
    public string? Environment { get; set; }

    /// <summary><c>deployment_status</c>: <c>environment_url</c> (Liquid allowed).</summary>
    [ConfigurationKeyName("environment_url")]
    public string? EnvironmentUrl { get; set; }

    /// <summary><c>label</c>: labels to add (Liquid allowed, e.g. <c>ci/{{ state }}</c>).</summary>
    [ConfigurationKeyName("add")]
    public List<string> Add { get; set; } = [];

    /// <summary><c>label</c>: labels to remove (Liquid allowed). Labels this action added earlier and no longer wants are removed too.</summary>
    [ConfigurationKeyName("remove")]
    public List<string> Remove { get; set; } = [];
}
