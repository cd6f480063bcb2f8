using Microsoft.Extensions.Logging;
using Relay.DeadLetters;
using Relay.Grains.Diagnostics;
using Relay.Grains.Storage;

namespace Relay.Grains.DeadLetters;

/// <summary>
/// One bulk replay job (<see cref="IDeadLetterReplayJobGrain"/>). It takes the matching ids when it starts, then a grain
/// timer replays them <see cref="BatchSize"/> at a time (<see cref="Concurrency"/> in parallel, as the store grain does)
/// and stores the progress after every batch. A reminder ticks every minute while it runs, so after a silo restart the
/// job re-activates and resumes at the first unfinished batch (entries of a batch whose progress was not stored yet
/// are claimed again: already replaying ones are skipped unless the job includes them). Finished, it keeps its counts
/// for <see cref="Retention"/>, then deletes its records. It calls shards and run grains, which never call it.
/// </summary>
[GrainType("deadletter-replayjob")]
internal sealed partial class DeadLetterReplayJobGrain(
    [PersistentState(RelayStorage.DeadLetterReplayJobState, RelayStorage.Runs)] IPersistentState<DeadLetterReplayJobGrainState> job,
    [PersistentState(RelayStorage.DeadLetterReplayJobIdsState, RelayStorage.Runs)] IPersistentState<DeadLetterReplayJobIdsState> ids,
    TimeProvider timeProvider,
    RelayMetrics metrics,
    ILogger<DeadLetterReplayJobGrain> logger) : Grain, IDeadLetterReplayJobGrain, IRemindable
{
    /// <summary>Entries per batch: the progress is stored after each.</summary>
    public const int BatchSize = 100;

    /// <summary>Hand-overs in flight at once (each waits on a run grain's storage write).</summary>
    public const int Concurrency = 8;

    /// <summary>How long a finished job's counts stay readable.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    private const int ReportedFailures = 20;
    private const string ResumeReminder = "resume";
    private static readonly TimeSpan ResumePeriod = TimeSpan.FromMinutes(1);

    private string _id = "";
    private IGrainTimer? _timer;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DeadLetterReplayJobGrainState Job => job.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _id = this.GetPrimaryKeyString();
        if (Job.State == DeadLetterReplayJobStates.Running)
        {
            Log.Resumed(logger, _id, Job.Done, Job.Total);
            StartTimer();
        }
        else if (Job.State is not null)
        {
            _finished.TrySetResult();
        }

        return Task.CompletedTask;
    }

    async Task<DeadLetterReplayJob> IDeadLetterReplayJobGrain.StartAsync(DeadLetterFilter filter, bool includeReplaying)
    {
        if (Job.State is not null)
        {
            return Snapshot();
        }

        var matched = (await Task.WhenAll(GrainFactory.GetDeadLetterShards().Select(s => s.MatchAsync(filter)))).SelectMany(i => i).ToList();
        var now = timeProvider.GetUtcNow();
        Job.Filter = filter;
        Job.IncludeReplaying = includeReplaying;
        Job.Total = matched.Count;
        Job.StartedAt = now;
        if (matched.Count == 0)
        {
            Job.State = DeadLetterReplayJobStates.Succeeded;
            Job.FinishedAt = now;
            await job.WriteStateAsync();
            await this.RegisterOrUpdateReminder(ResumeReminder, Retention, Retention);
            _finished.TrySetResult();
        }
        else
        {
            ids.State.Ids = matched;
            await ids.WriteStateAsync();
            Job.State = DeadLetterReplayJobStates.Running;
            await job.WriteStateAsync();
            await this.RegisterOrUpdateReminder(ResumeReminder, ResumePeriod, ResumePeriod);
            StartTimer();
        }

        Log.Started(logger, _id, matched.Count);
        return Snapshot();
    }

    Task<DeadLetterReplayJob?> IDeadLetterReplayJobGrain.GetAsync() => Task.FromResult(Job.State is null ? null : Snapshot());

    async Task<DeadLetterReplayJob?> IDeadLetterReplayJobGrain.WaitAsync(TimeSpan timeout)
    {
        if (Job.State is null)
        {
            return null;
        }

        try
        {
            await _finished.Task.WaitAsync(timeout, timeProvider);
        }
        catch (TimeoutException)
        {
            // Still running: the caller gets the progress so far.
        }

        return Snapshot();
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ResumeReminder)
        {
            return;
        }

        if (Job.State == DeadLetterReplayJobStates.Running)
        {
            // Activation already restarted the timer; this only makes sure of it.
            StartTimer();
            return;
        }

        if (Job.State is null || Job.FinishedAt + Retention <= timeProvider.GetUtcNow())
        {
            if (Job.State is not null)
            {
                await ids.ClearStateAsync();
                await job.ClearStateAsync();
            }

            if (await this.GetReminder(ResumeReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            DeactivateOnIdle();
        }
    }

    private void StartTimer() =>
        _timer ??= this.RegisterGrainTimer(RunBatchAsync, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = TimeSpan.FromMilliseconds(10),
            Interleave = false,
            KeepAlive = true,
        });

    private async Task RunBatchAsync(CancellationToken cancellationToken)
    {
        if (Job.State != DeadLetterReplayJobStates.Running)
        {
            StopTimer();
            return;
        }

        var batch = ids.State.Ids.Skip(Job.Done).Take(BatchSize).ToArray();
        var replayer = new DeadLetterReplayer(GrainFactory, metrics, logger);
        foreach (var chunk in batch.Chunk(Concurrency))
        {
            foreach (var result in await Task.WhenAll(chunk.Select(id => ReplaySafelyAsync(replayer, id))))
            {
                Count(result);
            }
        }

        if (Job.Done >= ids.State.Ids.Count)
        {
            await FinishAsync();
            return;
        }

        try
        {
            await job.WriteStateAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The progress stays in memory and the next batch stores it; a restart meanwhile replays this batch again.
            Log.ProgressNotStored(logger, exception, _id);
        }
    }

    private async Task<DeadLetterReplay> ReplaySafelyAsync(DeadLetterReplayer replayer, string id)
    {
        try
        {
            return await replayer.ReplayAsync(id, Job.IncludeReplaying);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The shard could not claim or settle it: the entry is as it was, and counts as a failure of this job.
            Log.EntryFailed(logger, exception, _id, id);
            return new DeadLetterReplay { Id = id, Status = DeadLetterReplayStatus.Failed, Error = exception.Message };
        }
    }

    private void Count(DeadLetterReplay result)
    {
        Job.Done++;
        var tag = DeadLetterReplay.Tag(result.Status);
        Job.Outcomes[tag] = Job.Outcomes.GetValueOrDefault(tag) + 1;
        if (result.Status is not (DeadLetterReplayStatus.Skipped or DeadLetterReplayStatus.NotFound))
        {
            Job.Replayed++;
        }

        if (result.Status == DeadLetterReplayStatus.Failed)
        {
            Job.Failed++;
            if (Job.Failures.Count < ReportedFailures)
            {
                Job.Failures.Add(new DeadLetterReplayJobFailure(result.Id, result.Error));
            }
        }
    }

    private async Task FinishAsync()
    {
        StopTimer();
        Job.State = Job.Failed == 0 ? DeadLetterReplayJobStates.Succeeded : DeadLetterReplayJobStates.Failed;
        Job.FinishedAt = timeProvider.GetUtcNow();
        try
        {
            await job.WriteStateAsync();
            await ids.ClearStateAsync();
            await this.RegisterOrUpdateReminder(ResumeReminder, Retention, Retention);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Not stored: the running reminder re-activates the job, which finds its last batch done and finishes again.
            Log.ProgressNotStored(logger, exception, _id);
        }

        Log.Finished(logger, _id, Job.State, Job.Done, Job.Failed);
        _finished.TrySetResult();
    }

    private void StopTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private DeadLetterReplayJob Snapshot() => new()
    {
        Id = _id,
        State = Job.State!,
        Total = Job.Total,
        Done = Job.Done,
        Failed = Job.Failed,
        Replayed = Job.Replayed,
        Outcomes = new Dictionary<string, int>(Job.Outcomes, StringComparer.Ordinal),
        Failures = [.. Job.Failures],
        StartedAt = Job.StartedAt,
        FinishedAt = Job.FinishedAt,
        IncludeReplaying = Job.IncludeReplaying,
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.DeadLetterReplayJobStarted, EventName = "DeadLetterReplayJobStarted", Level = LogLevel.Information,
            Message = "Bulk replay job {JobId} started with {Total} dead letters")]
        public static partial void Started(ILogger logger, string jobId, int total);

        [LoggerMessage(EventId = LogEventIds.DeadLetterReplayJobResumed, EventName = "DeadLetterReplayJobResumed", Level = LogLevel.Information,
            Message = "Bulk replay job {JobId} resumed at {Done} of {Total}")]
        public static partial void Resumed(ILogger logger, string jobId, int done, int total);

        [LoggerMessage(EventId = LogEventIds.DeadLetterReplayJobFinished, EventName = "DeadLetterReplayJobFinished", Level = LogLevel.Information,
            Message = "Bulk replay job {JobId} {State}: {Done} handled, {Failed} failed")]
        public static partial void Finished(ILogger logger, string jobId, string? state, int done, int failed);

        [LoggerMessage(EventId = LogEventIds.DeadLetterReplayJobEntryFailed, EventName = "DeadLetterReplayJobEntryFailed", Level = LogLevel.Warning,
            Message = "Bulk replay job {JobId}: dead letter {DeadLetterId} could not be claimed or settled")]
        public static partial void EntryFailed(ILogger logger, Exception exception, string jobId, string deadLetterId);

        [LoggerMessage(EventId = LogEventIds.DeadLetterReplayJobProgressNotStored, EventName = "DeadLetterReplayJobProgressNotStored", Level = LogLevel.Warning,
            Message = "Bulk replay job {JobId}: its progress could not be stored now; the next batch tries again")]
        public static partial void ProgressNotStored(ILogger logger, Exception exception, string jobId);
    }
}
