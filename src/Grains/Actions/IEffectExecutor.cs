using Relay.Actions;

namespace Relay.Grains.Actions;

/// <summary>A provider module's executor: brings about the effects its planner made (<see cref="Effect.Provider"/> = <see cref="Provider"/>).</summary>
internal interface IEffectExecutor
{
    /// <summary>The provider kind this executor serves (<c>github</c>, …).</summary>
    string Provider { get; }

    /// <summary>
    /// Brings about <paramref name="effect"/>, given what earlier deliveries of its row left (<paramref name="memo"/>).
    /// Every request it sends observes <paramref name="cancellationToken"/> (the delivery's deadline); provider answers
    /// become results, never exceptions. After an ambiguous create (<see cref="ActionResult.Ambiguous"/>) the next call
    /// looks for what it may have created before creating again. With <paramref name="maybeSent"/> an earlier activation
    /// may have sent the effect already (<see cref="EffectDelivery.MaybeSent"/>): a module that can look it up does so
    /// before sending; the others send (at least once).
    /// </summary>
    Task<ActionResult> ExecuteAsync(Effect effect, EffectMemo? memo, bool maybeSent, CancellationToken cancellationToken);
}
