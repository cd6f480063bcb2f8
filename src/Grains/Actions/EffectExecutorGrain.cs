using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Relay.Actions;
using Relay.Grains.Actions.Claims;
using Relay.Grains.Diagnostics;

namespace Relay.Grains.Actions;

/// <summary>
/// The dispatcher of the provider seam: routes an <see cref="Effect"/> to the registered <see cref="IEffectExecutor"/> of
/// its provider and holds it to the delivery's deadline. A stateless worker on the caller's silo: when the caller's
/// silo dies, so does every attempt it started.
/// </summary>
// Reentrant: calls are I/O-bound and share nothing, so one activation serves many at once.
[StatelessWorker, Reentrant, GrainType("effect-executor")]
internal sealed partial class EffectExecutorGrain(
    IEnumerable<IEffectExecutor> executors,
    TimeProvider time,
    ILogger<EffectExecutorGrain> logger) : Grain, IEffectExecutorGrain
{
    /// <summary>The share of the deadline a claim may take and still leave the provider call enough of it.</summary>
    internal const double MaxClaimShare = 0.5;

    private readonly Dictionary<string, IEffectExecutor> _executors =
        executors.ToDictionary(e => e.Provider, StringComparer.OrdinalIgnoreCase);

    async Task<ActionResult> IEffectExecutorGrain.ExecuteAsync(EffectDelivery delivery)
    {
        var effect = delivery.Effect;
        if (!_executors.TryGetValue(effect.Provider, out var executor))
        {
            Log.ProviderUnknown(logger, effect.Provider, effect.Summary ?? effect.Type);
            return new ActionResult
            {
                Outcome = ActionOutcome.PermanentFailure,
                Error = $"no provider module '{effect.Provider}' is registered on this silo",
            };
        }

        // The deadline covers everything this attempt does, the claim included: the caller gives up after it (its
        // response timeout is longer), so nothing may be sent once it has passed.
        using var deadline = new CancellationTokenSource(delivery.Deadline, time);
        var started = time.GetTimestamp();
        if (effect.Claim is { } claim)
        {
            // Newest run wins: a run that does not own the effect's commit and context posts nothing on it.
            var answer = await GrainFactory.GetGrain<IContextOwnerGrain>(claim.Scope).ClaimAsync(claim);
            if (answer.OwnedBy is { } owner)
            {
                Log.Superseded(logger, effect.Summary ?? effect.Type, claim.Run, owner);
                return ActionResult.Success() with { SupersededBy = owner };
            }

            if (answer.LimitReached)
            {
                return new ActionResult
                {
                    Outcome = ActionOutcome.PermanentFailure,
                    Error = $"{claim.MaxPosts} posts on this commit and context already: the provider keeps no more",
                };
            }

            if (time.GetElapsedTime(started) > delivery.Deadline * MaxClaimShare)
            {
                // The claim took most of the deadline (its storage was slow). A call started now could be cancelled by
                // the deadline after the provider acted on it, and its retry would post the same state twice: do not start.
                await ReleaseAsync(claim);
                Log.DeadlineExceeded(logger, effect.Summary ?? effect.Type, delivery.Deadline);
                return new ActionResult
                {
                    Outcome = ActionOutcome.TransientFailure,
                    Error = $"the context claim took {time.GetElapsedTime(started).TotalSeconds:0.#} s of the {delivery.Deadline.TotalSeconds:0.#} s deadline; nothing was sent",
                };
            }
        }

        var result = await ExecuteAsync(executor, delivery, deadline);
        if (result.RateLimited && effect.Claim is { } counted)
        {
            // Not sent (a rate limit or budget deferred it): the post it was counted as did not happen.
            await ReleaseAsync(counted);
        }

        return result;
    }

    private async Task ReleaseAsync(ContextClaim claim)
    {
        if (claim.MaxPosts is not null)
        {
            await GrainFactory.GetGrain<IContextOwnerGrain>(claim.Scope).ReleaseAsync(claim);
        }
    }

    private async Task<ActionResult> ExecuteAsync(IEffectExecutor executor, EffectDelivery delivery, CancellationTokenSource deadline)
    {
        var effect = delivery.Effect;
        try
        {
            return await executor.ExecuteAsync(effect, delivery.Memo, delivery.MaybeSent, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            Log.DeadlineExceeded(logger, effect.Summary ?? effect.Type, delivery.Deadline);
            return new ActionResult
            {
                Outcome = ActionOutcome.TransientFailure,
                Ambiguous = true,
                Error = $"deadline of {delivery.Deadline.TotalSeconds:0.#} s exceeded; the call was cancelled",
            };
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.EffectProviderUnknown, EventName = "EffectProviderUnknown", Level = LogLevel.Error,
            Message = "No provider module {Provider} is registered: {Effect} cannot be delivered")]
        public static partial void ProviderUnknown(ILogger logger, string provider, string effect);

        [LoggerMessage(EventId = LogEventIds.EffectDeadlineExceeded, EventName = "EffectDeadlineExceeded", Level = LogLevel.Warning,
            Message = "{Effect}: the delivery's deadline of {Deadline} passed; its requests were cancelled")]
        public static partial void DeadlineExceeded(ILogger logger, string effect, TimeSpan deadline);

        [LoggerMessage(EventId = LogEventIds.EffectSuperseded, EventName = "EffectSuperseded", Level = LogLevel.Information,
            Message = "{Effect} of run {Run} not posted: the newer run {Owner} owns its commit and context")]
        public static partial void Superseded(ILogger logger, string effect, string run, string owner);
    }
}
