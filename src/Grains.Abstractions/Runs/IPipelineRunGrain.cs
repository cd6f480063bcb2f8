using Orleans.Concurrency;
using Relay.DeadLetters;
using Relay.Events;

namespace Relay.Runs;

/// <summary>One grain per PipelineRun (<see cref="PipelineRunKey"/>): accumulator, effect ledger and durable outbox.</summary>
[Alias("Relay.Runs.IPipelineRunGrain")]
public interface IPipelineRunGrain : IGrainWithStringKey
{
    /// <summary>
    /// Merges the event into the run (monotonic per task), plans the actions it makes due and stores both
    /// before returning. Idempotent per event key. Delivery happens afterwards, from the outbox.
    /// Interleaves with the outbox drain (and with other applies between their awaits): each apply's merge and
    /// planning run in one synchronous step, and writes are serialised, so the intake never waits for GitHub.
    /// </summary>
    [Alias("apply"), AlwaysInterleave]
    Task<ApplyOutcome> ApplyAsync(RelayEvent relayEvent);

    /// <summary>What the grain knows of the run: tasks, states, ledger and outbox. Read-only.</summary>
    [Alias("snapshot"), AlwaysInterleave]
    Task<RunSnapshot> GetSnapshotAsync();

    /// <summary>
    /// Puts a dead letter's action back into the outbox, unless the ledger says it is already delivered or a newer
    /// decision superseded it (SPEC §6: replays bypass event dedupe but respect the ledger). On delivery the run grain
    /// removes the dead letter from the store; on another permanent failure it updates it.
    /// </summary>
    [Alias("replay")]
    Task<ReplayOutcome> ReplayAsync(DeadLetter letter);
}
