using Microsoft.Extensions.Configuration;

namespace Relay.Grains.Actions.GitHub.Budget;

/// <summary>
/// <c>scm.github[].budget</c>: the cluster-wide budget of content-creating requests per credential, after GitHub's
/// secondary rate limit (80 per minute, 500 per hour). A request over budget is not sent: it waits in its run's outbox,
/// where a newer state of the same context replaces it.
/// </summary>
public sealed class GitHubBudgetOptions
{
    /// <summary><c>enabled</c>: default true.</summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; } = true;

    /// <summary><c>per_minute</c>: content-creating requests per credential in any minute. Default 80.</summary>
    [ConfigurationKeyName("per_minute")]
    public int PerMinute { get; set; } = 80;

    /// <summary><c>per_hour</c>: content-creating requests per credential in any hour. Default 500.</summary>
    [ConfigurationKeyName("per_hour")]
    public int PerHour { get; set; } = 500;

    /// <summary>
    /// <c>terminal_reserve</c>: the share of each window kept for settled outcomes (success, failure, a completed check):
    /// intermediate states (pending, in progress) stop once the rest is used. Default 0.25.
    /// </summary>
    [ConfigurationKeyName("terminal_reserve")]
    public double TerminalReserve { get; set; } = 0.25;
}
