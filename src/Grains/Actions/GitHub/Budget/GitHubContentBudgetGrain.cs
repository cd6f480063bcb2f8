namespace Relay.Grains.Actions.GitHub.Budget;

/// <summary>
/// The cluster's count of one credential's content-creating requests (<see cref="ContentBudget"/>). State stays in
/// memory, like <see cref="RateLimits.GitHubRateLimitGrain"/>: losing it with a silo forgets at most an hour of counts,
/// and GitHub's own secondary limit answer (403/429 with Retry-After) still stops the cluster through the rate-limit grain.
/// </summary>
[GrainType("github-content-budget")]
internal sealed class GitHubContentBudgetGrain(TimeProvider time) : Grain, IGitHubContentBudgetGrain
{
    private readonly ContentBudget _budget = new();

    public Task<TimeSpan?> AcquireAsync(bool terminal, ContentBudgetLimits limits)
    {
        var wait = _budget.TryAcquire(terminal, limits, time.GetUtcNow());
        if (_budget.GrantedLastHour > 0)
        {
            // Keep the counts as long as they matter.
            DelayDeactivation(TimeSpan.FromHours(1));
        }

        return Task.FromResult(wait);
    }
}
