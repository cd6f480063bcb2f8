namespace Relay.Actions;

/// <summary>
/// Routes an effect to the provider module that executes it. A stateless worker: it runs on the caller's silo, holds
/// nothing, and turns every outcome (exceptions and the deadline included) into an <see cref="ActionResult"/>.
/// </summary>
[Alias("Relay.Actions.IEffectExecutorGrain")]
public interface IEffectExecutorGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Brings about one effect within <see cref="EffectDelivery.Deadline"/>; every request it started has ended (or
    /// been cancelled) when it answers. Not idempotent by itself: the run grain's ledger decides what to call.
    /// </summary>
    [Alias("execute")]
    Task<ActionResult> ExecuteAsync(EffectDelivery delivery);
}
