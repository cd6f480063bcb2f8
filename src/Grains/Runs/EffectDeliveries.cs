using System.Diagnostics;
using Relay.Actions;
using Relay.Grains.Diagnostics;

namespace Relay.Grains.Runs;

/// <summary>
/// One delivery attempt of an outbox entry through the provider seam (<see cref="IEffectExecutorGrain"/>), inside the
/// trace of the event that planned it. Every outcome becomes an <see cref="ActionResult"/>: a failed grain call (response
/// timeout, silo gone) is an ambiguous transient failure whose row waits out a whole deadline, since the attempt may
/// still be running until then.
/// </summary>
internal sealed class EffectDeliveries(IEffectExecutorGrain executor, string runKey, TimeSpan deadline)
{
    public async Task<ActionResult> DeliverAsync(OutboxEntry entry, EffectMemo? memo, bool maybeSent)
    {
        if (entry.Effect is not { } effect)
        {
            return new ActionResult { Outcome = ActionOutcome.PermanentFailure, Error = "outbox entry carries no effect (written by a provider module this version does not have)" };
        }

        // The drain runs on a timer, outside any request: the span continues the trace of the event that planned it.
        ActivityContext.TryParse(entry.TraceParent, null, out var parent);
        using var activity = RelayActivities.Source.StartActivity("relay.action.deliver", ActivityKind.Internal, parent);
        activity?.SetTag("relay.run", runKey);
        activity?.SetTag("relay.provider", effect.Provider);
        activity?.SetTag("relay.action.type", effect.Type);
        activity?.SetTag("relay.context", entry.LedgerKey);
        activity?.SetTag("relay.attempt", entry.Attempts + 1);
        ActionResult result;
        try
        {
            result = await executor.ExecuteAsync(new EffectDelivery { Effect = effect, Memo = memo, Deadline = deadline, MaybeSent = maybeSent });
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            result = new ActionResult
            {
                Outcome = ActionOutcome.TransientFailure,
                Ambiguous = true,
                Error = exception.Message,
                RetryAfter = deadline,
            };
        }

        activity?.SetTag("relay.outcome", result.Outcome.ToString());
        if (result.Outcome != ActionOutcome.Succeeded)
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.Error);
        }

        return result;
    }
}
