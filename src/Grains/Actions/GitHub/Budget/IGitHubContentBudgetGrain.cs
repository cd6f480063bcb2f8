namespace Relay.Grains.Actions.GitHub.Budget;

/// <summary>
/// One credential's budget of content-creating requests, cluster-wide. Key: the credential's rate-limit key
/// (<c>&lt;credential identity&gt;@&lt;API root&gt;</c>, never the secret).
/// </summary>
[Alias("Relay.Actions.IGitHubContentBudgetGrain")]
public interface IGitHubContentBudgetGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes one request from the budget, or answers how long to wait. A settled outcome (<paramref name="terminal"/>)
    /// may use the reserve; an intermediate state may not.
    /// </summary>
    [Alias("acquire")]
    Task<TimeSpan?> AcquireAsync(bool terminal, ContentBudgetLimits limits);
}
