using Orleans.Concurrency;
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
}
