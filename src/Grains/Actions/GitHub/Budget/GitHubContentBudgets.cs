using Relay.Actions;
using Relay.Grains.Actions.GitHub.Auth;
using Relay.Grains.Actions.GitHub.RateLimits;
using Relay.Grains.Diagnostics;

namespace Relay.Grains.Actions.GitHub.Budget;

/// <summary>Asks a credential's content budget before a GitHub effect is sent; turns "over budget" into a deferral.</summary>
internal sealed class GitHubContentBudgets(IGrainFactory grains, RelayMetrics metrics)
{
    /// <summary>Null when the effect may be sent; otherwise the transient, not-sent result that defers it.</summary>
    public async ValueTask<ActionResult?> AcquireAsync(GitHubBudgetOptions budget, GitHubCredential credential, string apiBaseUrl, GitHubCommand command)
    {
        if (!budget.Enabled)
        {
            return null;
        }

        var terminal = command.ShowsOutcome;
        var wait = await grains.GetGrain<IGitHubContentBudgetGrain>(GitHubRateLimits.KeyFor(credential, apiBaseUrl))
            .AcquireAsync(terminal, ContentBudgetLimits.From(budget));
        if (wait is not { } delay)
        {
            metrics.BudgetAsked("github", terminal, "granted");
            return null;
        }

        metrics.BudgetAsked("github", terminal, "deferred");
        return new ActionResult
        {
            Outcome = ActionOutcome.TransientFailure,
            RateLimited = true,
            RetryAfter = delay,
            Error = $"GitHub not called: the content budget of {credential.Identity} is used ({(terminal ? "settled outcomes" : "intermediate states")}); next in {delay.TotalSeconds:0} s",
        };
    }
}
