namespace Relay.DeadLetters;

/// <summary>
/// A bulk replay of the dead letters matching a filter, run as a job in the cluster (<c>POST
/// /api/v1/dead-letters/replay</c> starts one, <c>GET /api/v1/dead-letters/replay-jobs/{id}</c> reads it). Keyed by the
/// job id. It takes the matching ids when it starts, then replays them in batches on a timer, persisting its progress
/// after each batch; a reminder re-activates it after a silo restart so it resumes where its last batch ended. The
/// caller does not wait: it reads the progress.
/// </summary>
[Alias("Relay.DeadLetters.IDeadLetterReplayJobGrain")]
public interface IDeadLetterReplayJobGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the job: takes the ids of the entries matching <paramref name="filter"/> (entries already replaying are
    /// skipped unless <paramref name="includeReplaying"/>), stores them, and returns the job as it stands. Idempotent:
    /// a job that exists is returned unchanged, whatever the arguments.
    /// </summary>
    [Alias("start")]
    Task<DeadLetterReplayJob> StartAsync(DeadLetterFilter filter, bool includeReplaying);

    /// <summary>The job's progress, or null when no job has this id (never started, or finished longer ago than it is kept).</summary>
    [Alias("get"), Orleans.Concurrency.AlwaysInterleave]
    Task<DeadLetterReplayJob?> GetAsync();

    /// <summary>
    /// Waits until the job finishes or <paramref name="timeout"/> passes, and returns it as it then stands (null when
    /// there is no such job). Lets the API answer a small replay with its result at once.
    /// </summary>
    [Alias("wait"), Orleans.Concurrency.AlwaysInterleave]
    Task<DeadLetterReplayJob?> WaitAsync(TimeSpan timeout);
}
