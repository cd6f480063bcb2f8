using Orleans.Concurrency;

namespace Relay.Grains.Actions.GitHub.RateLimits;

/// <summary>
/// The cluster's knowledge that one credential is rate limited, so that no silo keeps calling GitHub while it is
/// (continuing while limited can get an integration banned, TEKTON.md §4.4).
/// </summary>
/// <remarks>
/// State stays in memory on purpose: it is a short-lived fact (an hour at most) that GitHub states again on the next
/// call. Losing it with a silo costs one more limited response, which reports it again; persisting it would cost a
/// storage write per limit and stale records after the reset. The activation is kept alive until the reset.
/// </remarks>
[Reentrant, GrainType("github-rate-limit")]
internal sealed class GitHubRateLimitGrain(TimeProvider time) : Grain, IGitHubRateLimitGrain
{
    private DateTimeOffset? _blockedUntil;

    public Task ReportAsync(DateTimeOffset blockedUntil)
    {
        var now = time.GetUtcNow();
        if (blockedUntil > now && (_blockedUntil is not { } known || blockedUntil > known))
        {
            _blockedUntil = blockedUntil;
            DelayDeactivation(blockedUntil - now);
        }

        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> GetBlockedUntilAsync() =>
        Task.FromResult(_blockedUntil is { } until && until > time.GetUtcNow() ? _blockedUntil : null);
}
