using Microsoft.Extensions.Options;
using Relay.Actions;
using Relay.Grains.Runs;
using Relay.Grains.Storage;

namespace Relay.Grains.Actions.Claims;

/// <summary>
/// The owner of one commit and context (newest run wins): a run older than the owner posts nothing on it, so a re-run
/// that finishes before the run it replaced keeps its state, whatever order the runs end in.
/// </summary>
/// <remarks>
/// An owner change is stored before the claimant may post (a silo lost after it cannot let an older run post again);
/// the post count is stored with it and every <see cref="PostsPerWrite"/> posts, so a lost silo may undercount a few
/// (the provider enforces its own cap in the end). Records expire <c>run_ttl</c> after their last write, like runs.
/// </remarks>
// One per commit and context, i.e. several per run: collected like run grains (2 min idle) rather than after Orleans'
// default 15 min, which held ~100,000 idle owners and 1 GB at 600 events/s (docs/benchmarks.md, performance pass 2).
[GrainType("context-owner"), CollectionAgeLimit(Minutes = 2)]
internal sealed class ContextOwnerGrain(
    [PersistentState(RelayStorage.ContextOwnerState, RelayStorage.Claims)] IPersistentState<ContextOwnerState> state,
    IOptionsMonitor<RunRetentionOptions> retention,
    TimeProvider time) : Grain, IContextOwnerGrain
{
    /// <summary>How many counted posts may be unstored at most.</summary>
    internal const int PostsPerWrite = 20;

    private int _unstoredPosts;

    public async Task<ClaimAnswer> ClaimAsync(ContextClaim claim)
    {
        var owner = state.State;
        var now = time.GetUtcNow();
        var changed = false;
        if (owner.RunKey is null || now - owner.UpdatedAt > retention.CurrentValue.Ttl.Value)
        {
            // No owner yet, or one older than any run Relay still remembers.
            owner = state.State = new ContextOwnerState { Posts = owner.RunKey is null ? 0 : owner.Posts };
            Take(owner, claim);
            changed = true;
        }
        else if (IsOwner(owner, claim))
        {
            if (owner.CreatedAt != claim.CreatedAt)
            {
                // The run's creation time became known (its own event arrived after a child's).
                owner.CreatedAt = claim.CreatedAt;
                changed = true;
            }
        }
        else if (IsNewer(claim, owner))
        {
            Take(owner, claim);
            changed = true;
        }
        else
        {
            return new ClaimAnswer { OwnedBy = owner.Run };
        }

        if (claim.MaxPosts is { } max && owner.Posts >= (claim.Terminal ? max : max - 1))
        {
            // The last post the provider keeps is saved for a terminal state.
            if (changed)
            {
                await WriteAsync(now);
            }

            return new ClaimAnswer { LimitReached = true };
        }

        owner.Posts++;
        _unstoredPosts++;
        if (changed || _unstoredPosts >= PostsPerWrite)
        {
            await WriteAsync(now);
        }

        return ClaimAnswer.Grant;
    }

    public Task ReleaseAsync(ContextClaim claim)
    {
        if (state.State.Posts > 0)
        {
            state.State.Posts--;
            _unstoredPosts++;
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unstoredPosts > 0 && state.State.RunKey is not null)
        {
            try
            {
                await WriteAsync(time.GetUtcNow());
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Only the post count is at stake, and the provider enforces its own cap.
            }
        }
    }

    /// <summary>Newer creation time wins; at the same time, the greater name, then the greater uid (a stable order).</summary>
    internal static bool IsNewer(ContextClaim claim, ContextOwnerState owner)
    {
        var byTime = claim.CreatedAt.CompareTo(owner.CreatedAt);
        if (byTime != 0)
        {
            return byTime > 0;
        }

        var byName = string.CompareOrdinal(claim.Run, owner.Run);
        return byName != 0 ? byName > 0 : string.CompareOrdinal(claim.Uid, owner.Uid) > 0;
    }

    private static bool IsOwner(ContextOwnerState owner, ContextClaim claim) =>
        string.Equals(owner.RunKey, claim.RunKey, StringComparison.Ordinal)
        && (owner.Uid is null || claim.Uid is null || string.Equals(owner.Uid, claim.Uid, StringComparison.Ordinal));

    private static void Take(ContextOwnerState owner, ContextClaim claim)
    {
        owner.RunKey = claim.RunKey;
        owner.Uid = claim.Uid;
        owner.Run = claim.Run;
        owner.CreatedAt = claim.CreatedAt;
    }

    private async Task WriteAsync(DateTimeOffset now)
    {
        state.State.UpdatedAt = now;
        await state.WriteStateAsync();
        _unstoredPosts = 0;
    }
}
