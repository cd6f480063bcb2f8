using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Relay.Testing;

/// <summary>
/// Builds realistic Tekton CloudEvents for one PipelineRun and its TaskRuns (v1beta1 bodies, binary mode,
/// empty-GVK <c>ce-source</c>, labels Tekton puts on children, annotations copied from the PipelineRun).
/// </summary>
public sealed class TektonRun
{
    private static readonly DateTimeOffset Epoch = new(2026, 7, 14, 9, 0, 0, TimeSpan.Zero);

    public TektonRun(string name, string @namespace = "ci", string pipeline = "webapp-ci")
    {
        Name = name;
        Namespace = @namespace;
        Pipeline = pipeline;
        Uid = Guid.NewGuid().ToString();
        Sha = Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant() + "abcdef01";
    }

    public string Name { get; }

    public string Namespace { get; }

    public string Pipeline { get; }

    public string Uid { get; }

    /// <summary>A fresh 40-character commit sha per run, so tests can find their own statuses.</summary>
    public string Sha { get; init; }

    public string Owner { get; init; } = "acme";

    public string Repository { get; init; } = "webapp";

    public long? PullRequest { get; init; } = 42;

    public string Provider { get; init; } = "github";

    /// <summary>False: no relay annotations at all (Relay must record and post nothing).</summary>
    public bool Annotated { get; init; } = true;

    /// <summary>Use the Go relay's annotation prefix instead of <c>relay.tekton.dev/</c>.</summary>
    public bool UseAliasPrefix { get; init; }

    /// <summary>Optional <c>scm.context</c>.</summary>
    public string? Context { get; init; }

    /// <summary>Optional <c>scm.api-base-url</c>.</summary>
    public string? ApiBaseUrl { get; init; }

    /// <summary><c>metadata.creationTimestamp</c> of the run and its children; null: the fixed epoch every run shares.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The PipelineRun event for <paramref name="suffix"/> (queued, started, running, unknown, successful, failed).</summary>
    public TektonHttpEvent PipelineRunEvent(string suffix, string? reason = null, string? message = null, int minute = 0)
    {
        var body = Resource(Name, labels: new JsonObject { ["tekton.dev/pipeline"] = Pipeline }, suffix, reason, message, minute);
        body["spec"] = new JsonObject { ["pipelineRef"] = new JsonObject { ["name"] = Pipeline } };
        return Event("pipelinerun", Name, new JsonObject { ["pipelineRun"] = body }, suffix);
    }

    /// <summary>The event of the TaskRun that runs <paramref name="pipelineTask"/> of this PipelineRun.</summary>
    public TektonHttpEvent TaskRunEvent(string pipelineTask, string suffix, string? reason = null, string? message = null, int minute = 0)
    {
        var name = $"{Name}-{pipelineTask}";
        var labels = new JsonObject
        {
            ["tekton.dev/pipeline"] = Pipeline,
            ["tekton.dev/pipelineRun"] = Name,
            ["tekton.dev/pipelineRunUID"] = Uid,
            ["tekton.dev/pipelineTask"] = pipelineTask,
            ["tekton.dev/memberOf"] = "tasks",
            ["tekton.dev/task"] = pipelineTask + "-task",
        };
        var body = Resource(name, labels, suffix, reason, message, minute);
        body["spec"] = new JsonObject { ["taskRef"] = new JsonObject { ["name"] = pipelineTask + "-task", ["kind"] = "Task" } };
        body["status"]!["podName"] = suffix == "queued" ? "" : name + "-pod";
        if (suffix == "successful")
        {
            body["status"]!["taskResults"] = new JsonArray(new JsonObject { ["name"] = "digest", ["value"] = "sha256:" + new string('a', 64) });
        }

        return Event("taskrun", name, new JsonObject { ["taskRun"] = body }, suffix);
    }

    /// <summary>Every event of a run with <paramref name="tasks"/> tasks that all succeed, in emission order.</summary>
    public IReadOnlyList<TektonHttpEvent> SuccessfulLifecycle(params string[] tasks)
    {
        var events = new List<TektonHttpEvent> { PipelineRunEvent("started", minute: 0), PipelineRunEvent("running", minute: 0) };
        var minute = 1;
        foreach (var task in tasks)
        {
            events.Add(TaskRunEvent(task, "started", minute: minute));
            events.Add(TaskRunEvent(task, "running", minute: minute));
            events.Add(TaskRunEvent(task, "successful", minute: minute + 1));
            minute += 2;
        }

        events.Add(PipelineRunEvent("successful", minute: minute));
        return events;
    }

    /// <summary>A child's uid: the same for every event of that child (derived from the run's uid and its name).</summary>
    private string UidOf(string name) =>
        new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Uid + "/" + name)).AsSpan(0, 16)).ToString();

    private JsonObject Resource(string name, JsonObject labels, string suffix, string? reason, string? message, int minute)
    {
        var annotations = new JsonObject();
        if (Annotated)
        {
            var prefix = UseAliasPrefix ? "tekton.dev/tekton-events-relay." : "relay.tekton.dev/";
            annotations[prefix + "scm.provider"] = Provider;
            annotations[prefix + "scm.repo-owner"] = Owner;
            annotations[prefix + "scm.repo-name"] = Repository;
            annotations[prefix + "scm.commit-sha"] = Sha;
            if (PullRequest is { } pr)
            {
                annotations[prefix + "scm.pr-number"] = pr.ToString(CultureInfo.InvariantCulture);
            }

            if (Context is not null)
            {
                annotations[prefix + "scm.context"] = Context;
            }

            if (ApiBaseUrl is not null)
            {
                annotations[prefix + "scm.api-base-url"] = ApiBaseUrl;
            }
        }

        var start = Epoch.AddMinutes(minute);
        var status = new JsonObject();
        if (suffix != "queued")
        {
            status["startTime"] = Stamp(start);
            var (conditionStatus, defaultReason) = suffix switch
            {
                "started" => ("Unknown", "Started"),
                "running" => ("Unknown", "Running"),
                "unknown" => ("Unknown", "Pending"),
                "successful" => ("True", "Succeeded"),
                _ => ("False", "Failed"),
            };
            var transition = suffix is "successful" or "failed" ? start.AddSeconds(42) : start;
            status["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Succeeded",
                ["status"] = conditionStatus,
                ["reason"] = reason ?? defaultReason,
                ["message"] = message ?? $"{suffix} {name}",
                ["lastTransitionTime"] = Stamp(transition),
            });
            if (suffix is "successful" or "failed")
            {
                status["completionTime"] = Stamp(transition);
            }
        }

        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = Namespace,
                // Stable per object, as in a cluster: the PipelineRun's own uid is the run's identity.
                ["uid"] = name == Name ? Uid : UidOf(name),
                ["resourceVersion"] = "12345",
                ["generation"] = 1,
                ["creationTimestamp"] = Stamp(CreatedAt ?? Epoch),
                ["labels"] = labels,
                ["annotations"] = annotations,
            },
            ["status"] = status,
        };
    }

    private TektonHttpEvent Event(string kind, string name, JsonObject body, string suffix)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["ce-id"] = Guid.NewGuid().ToString(),
            ["ce-source"] = $"/apis///namespaces/{Namespace}//{name}",
            ["ce-specversion"] = "1.0",
            ["ce-subject"] = name,
            ["ce-time"] = Stamp(DateTimeOffset.UtcNow),
            ["ce-type"] = $"dev.tekton.event.{kind}.{suffix}.v1",
            ["content-type"] = "application/json",
        };
        return new TektonHttpEvent($"{kind}-{suffix}-{name}", headers, JsonSerializer.SerializeToUtf8Bytes(body));
    }

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
