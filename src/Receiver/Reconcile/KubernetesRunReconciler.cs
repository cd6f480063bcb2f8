using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Exceptions;
using Microsoft.Extensions.Options;
using Relay.Events;
using Relay.Reconcile;
using Relay.Receiver.Diagnostics;
using Relay.Receiver.Filtering;
using Relay.Receiver.Tekton;
using Relay.Runs;

namespace Relay.Receiver.Reconcile;

/// <summary>
/// One scan of the watched namespaces (<see cref="IRunReconciler"/>, called by the cluster's reconciler grain). For each
/// PipelineRun listed it asks the run grain what Relay holds and, where events missed a state for <c>reconcile.after</c>,
/// feeds the object (and its TaskRuns) through the decoder, the filter and the event grain, exactly like an event. Runs it
/// watched that are gone from the API (404) while Relay holds them non-terminal end <c>error</c>. The Kubernetes client
/// is built at the first scan: with reconcile off no scan runs, so no kubeconfig is ever read.
/// </summary>
internal sealed partial class KubernetesRunReconciler(
    IGrainFactory grains,
    EventFilter filter,
    IOptions<ReconcileOptions> options,
    ReconcileLimits limits,
    RelayMetrics metrics,
    TimeProvider timeProvider,
    ILogger<KubernetesRunReconciler> logger) : IRunReconciler, IDisposable
{
    private readonly ReconcileOptions _options = options.Value;
    private readonly Lock _gate = new();
    private Kubernetes? _client;

    public async Task<ReconcileScan> ScanAsync(IReadOnlyList<WatchedRun> watched, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var scan = new Scan(watched);
        try
        {
            var api = new TektonRunsApi(Client(), limits);
            foreach (var ns in _options.Namespaces)
            {
                await ScanNamespaceAsync(api, ns, scan, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is KubeConfigException or IOException or UnauthorizedAccessException or InvalidOperationException
                                              or FormatException or System.Security.Cryptography.CryptographicException)
        {
            // No usable kubeconfig or service account: nothing listed, nothing ended; the next scan tries again.
            scan.ApiErrors++;
            Log.ApiFailed(logger, exception, "configuration");
        }

        var result = new ReconcileScan
        {
            Watched = scan.Watched.Values.ToList(),
            Examined = scan.Examined,
            Fed = scan.Fed,
            DeletedEnded = scan.Deleted,
            ApiErrors = scan.ApiErrors,
        };
        metrics.ReconcileScanned(result.Examined, result.Fed, result.DeletedEnded, result.ApiErrors, timeProvider.GetElapsedTime(started));
        return result;
    }

    public void Dispose() => _client?.Dispose();

    private Kubernetes Client()
    {
        lock (_gate)
        {
            if (_client is null)
            {
                var configuration = _options.Kubeconfig is { Length: > 0 } path
                    ? KubernetesClientConfiguration.BuildConfigFromConfigFile(path)
                    : KubernetesClientConfiguration.BuildDefaultConfig();
                _client = new Kubernetes(configuration);
            }

            return _client;
        }
    }

    private async Task ScanNamespaceAsync(TektonRunsApi api, string ns, Scan scan, CancellationToken cancellationToken)
    {
        List<JsonElement> pipelineRuns;
        bool complete;
        try
        {
            (pipelineRuns, complete) = await api.ListAsync(ns, TektonRunsApi.PipelineRuns, labelSelector: null, cancellationToken);
        }
        catch (Exception exception) when (IsApiFailure(exception, cancellationToken))
        {
            scan.ApiErrors++;
            Log.ApiFailed(logger, exception, $"list pipelineruns in {ns}");
            return;
        }

        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pipelineRun in pipelineRuns)
        {
            if (pipelineRun.TryGetProperty("metadata", out var listedMetadata) && TektonEventDecoder.String(listedMetadata, "name") is { } name)
            {
                listed.Add(name);
            }

            scan.Examined++;
            await ExamineAsync(api, pipelineRun, scan, cancellationToken);
        }

        if (!complete)
        {
            Log.BudgetExhausted(logger, ns, limits.MaxRequestsPerScan);
            return;
        }

        // Only a complete list proves absence: a watched run not in it is checked with a get.
        foreach (var gone in scan.Watched.Values.Where(w => w.Namespace == ns && !listed.Contains(w.Name)).ToList())
        {
            if (!api.HasBudget)
            {
                Log.BudgetExhausted(logger, ns, limits.MaxRequestsPerScan);
                return;
            }

            await CheckGoneAsync(api, gone, scan, cancellationToken);
        }
    }

    private async Task ExamineAsync(TektonRunsApi api, JsonElement pipelineRun, Scan scan, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (Decode(RunKind.PipelineRun, pipelineRun, now) is not { Event: { } runEvent } run)
        {
            return;
        }

        // Without relay or Pipelines-as-Code annotations a run has nowhere to report: nothing to repair, no grain to ask.
        if (runEvent.Scm is null || filter.Reject(runEvent, run.ManagedByPipelinesAsCode) is not null)
        {
            return;
        }

        var snapshot = await grains.GetGrain<IPipelineRunGrain>(runEvent.RunKey).GetSnapshotAsync();
        var known = snapshot.Exists && (snapshot.Uid is null || snapshot.Uid == runEvent.Uid);

        var metadata = pipelineRun.GetProperty("metadata");
        if (runEvent.State.IsTerminal())
        {
            scan.Watched.Remove(WatchKey(runEvent));
        }
        else if (runEvent.Uid is { Length: > 0 } uid)
        {
            scan.Watched[WatchKey(runEvent)] = new WatchedRun
            {
                Namespace = runEvent.Namespace,
                Name = runEvent.Name,
                Uid = uid,
                Labels = TektonObjects.Kept(metadata, "labels"),
                Annotations = TektonObjects.Kept(metadata, "annotations"),
                LastSeenAt = now,
            };
        }

        var after = _options.After.Value;
        var feedRun = ReconcileDecision.ShouldFeed(known ? snapshot.Pipeline?.State : null, runEvent.State, TektonObjects.LastChange(pipelineRun), now, after);
        var tasksBehind = runEvent.State.IsTerminal() && known && snapshot.Tasks.Any(t => !t.State.IsTerminal());
        var fed = false;
        if ((feedRun || tasksBehind) && api.HasBudget)
        {
            // Per-task contexts first, so the run's own terminal state is planned with its tasks' states in place.
            fed |= await FeedTaskRunsAsync(api, runEvent, known ? snapshot : null, now, scan, cancellationToken);
        }

        if (feedRun)
        {
            fed |= await FeedAsync(run, cancellationToken);
        }

        if (fed)
        {
            scan.Fed++;
            Log.Fed(logger, runEvent.RunKey, runEvent.State);
        }
    }

    private async Task<bool> FeedTaskRunsAsync(
        TektonRunsApi api, RelayEvent run, RunSnapshot? snapshot, DateTimeOffset now, Scan scan, CancellationToken cancellationToken)
    {
        List<JsonElement> taskRuns;
        try
        {
            (taskRuns, _) = await api.ListAsync(run.Namespace, TektonRunsApi.TaskRuns, $"{TektonAnnotations.LabelPipelineRun}={run.Name}", cancellationToken);
        }
        catch (Exception exception) when (IsApiFailure(exception, cancellationToken))
        {
            scan.ApiErrors++;
            Log.ApiFailed(logger, exception, $"list taskruns of {run.RunKey}");
            return false;
        }

        var fed = false;
        foreach (var taskRun in taskRuns)
        {
            if (Decode(RunKind.TaskRun, taskRun, now) is not { Event: { } taskEvent } task
                || (taskEvent.RunUid is { } owner && owner != run.Uid))
            {
                continue; // A child of an earlier run under the same name.
            }

            var held = snapshot?.Tasks.FirstOrDefault(t => t.ResourceName == taskEvent.Name || (t.ResourceName is null && t.Name == taskEvent.PipelineTask));
            if (ReconcileDecision.ShouldFeed(held?.State, taskEvent.State, TektonObjects.LastChange(taskRun), now, _options.After.Value))
            {
                fed |= await FeedAsync(task, cancellationToken);
            }
        }

        return fed;
    }

    private async Task CheckGoneAsync(TektonRunsApi api, WatchedRun watched, Scan scan, CancellationToken cancellationToken)
    {
        JsonElement? current;
        try
        {
            current = await api.GetAsync(watched.Namespace, TektonRunsApi.PipelineRuns, watched.Name, cancellationToken);
        }
        catch (Exception exception) when (IsApiFailure(exception, cancellationToken))
        {
            scan.ApiErrors++;
            Log.ApiFailed(logger, exception, $"get pipelinerun {watched.Key}");
            return;
        }

        if (current is { } still && still.TryGetProperty("metadata", out var metadata) && TektonEventDecoder.String(metadata, "uid") == watched.Uid)
        {
            return; // Listed while the list was paged past it: still there, the next scan looks again.
        }

        scan.Watched.Remove(watched.Key);
        var snapshot = await grains.GetGrain<IPipelineRunGrain>(PipelineRunKey.For(watched.Namespace, watched.Name)).GetSnapshotAsync();
        if (!snapshot.Exists || (snapshot.Uid is not null && snapshot.Uid != watched.Uid) || snapshot.Pipeline?.State.IsTerminal() == true)
        {
            return; // Relay never held it, holds a newer run under the name, or saw it end.
        }

        var now = timeProvider.GetUtcNow();
        var fed = false;
        foreach (var task in snapshot.Tasks.Where(t => !t.State.IsTerminal() && t.Kind == RunKind.TaskRun))
        {
            if (Decode(TektonObjects.Deleted(watched, task, snapshot.PipelineName, now)) is { } ended)
            {
                fed |= await FeedAsync(ended, cancellationToken);
            }
        }

        if (Decode(TektonObjects.Deleted(watched, task: null, snapshot.PipelineName, now)) is { } runEnded)
        {
            fed |= await FeedAsync(runEnded, cancellationToken);
        }

        if (fed)
        {
            scan.Deleted++;
            Log.RunDeleted(logger, watched.Key);
        }
    }

    private async Task<bool> FeedAsync(DecodeResult decoded, CancellationToken cancellationToken)
    {
        var relayEvent = decoded.Event!;
        try
        {
            await grains.GetGrain<IEventGrain>(relayEvent.EventKey).AcceptAsync(relayEvent).WaitAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The key stays retryable at the event grain: the next scan feeds it again.
            Log.FeedFailed(logger, exception, relayEvent.EventKey);
            return false;
        }
    }

    private DecodeResult? Decode(RunKind kind, JsonElement resource, DateTimeOffset now) =>
        Decode(TektonObjects.ToCloudEvent(kind, resource, now));

    private DecodeResult? Decode(TektonCloudEvent cloudEvent)
    {
        var decoded = TektonEventDecoder.Decode(cloudEvent);
        if (decoded.Status != DecodeStatus.Decoded)
        {
            Log.ObjectSkipped(logger, cloudEvent.Source, decoded.Status, decoded.Message);
            return null;
        }

        return decoded;
    }

    private static string WatchKey(RelayEvent run) => $"{run.Namespace}/{run.Name}";

    private static bool IsApiFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpOperationException or HttpRequestException or JsonException or KubernetesException or InvalidOperationException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>What one scan found and changed.</summary>
    private sealed class Scan(IReadOnlyList<WatchedRun> watched)
    {
        public Dictionary<string, WatchedRun> Watched { get; } = watched.ToDictionary(w => w.Key, StringComparer.Ordinal);

        public int Examined { get; set; }

        public int Fed { get; set; }

        public int Deleted { get; set; }

        public int ApiErrors { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.ReconcileApiFailed, EventName = "ReconcileApiFailed", Level = LogLevel.Warning,
            Message = "Reconcile: a Kubernetes API call failed ({Call}); the next scan tries again")]
        public static partial void ApiFailed(ILogger logger, Exception exception, string call);

        [LoggerMessage(EventId = LogEventIds.ReconcileFed, EventName = "ReconcileFed", Level = LogLevel.Information,
            Message = "Reconcile: fed run {RunKey} ({State}) from the Kubernetes API; its events had not brought it")]
        public static partial void Fed(ILogger logger, string runKey, CiState state);

        [LoggerMessage(EventId = LogEventIds.ReconcileRunDeleted, EventName = "ReconcileRunDeleted", Level = LogLevel.Information,
            Message = "Reconcile: run {RunKey} was deleted before it finished; ended with error")]
        public static partial void RunDeleted(ILogger logger, string runKey);

        [LoggerMessage(EventId = LogEventIds.ReconcileFeedFailed, EventName = "ReconcileFeedFailed", Level = LogLevel.Warning,
            Message = "Reconcile: event {EventKey} could not be recorded now; the next scan feeds it again")]
        public static partial void FeedFailed(ILogger logger, Exception exception, string eventKey);

        [LoggerMessage(EventId = LogEventIds.ReconcileBudgetExhausted, EventName = "ReconcileBudgetExhausted", Level = LogLevel.Warning,
            Message = "Reconcile: the scan's budget of {MaxRequests} API requests ran out in namespace {Namespace}; the next scan starts over")]
        public static partial void BudgetExhausted(ILogger logger, string @namespace, int maxRequests);

        [LoggerMessage(EventId = LogEventIds.ReconcileObjectSkipped, EventName = "ReconcileObjectSkipped", Level = LogLevel.Debug,
            Message = "Reconcile: skipped {Source} ({Status}): {Reason}")]
        public static partial void ObjectSkipped(ILogger logger, string source, DecodeStatus status, string? reason);
    }
}
