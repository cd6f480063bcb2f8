namespace Relay.Grains.Actions.Notifiers;

/// <summary>
/// The payload of a notifier effect: what happened, in service-neutral terms. The executor of the notifier's kind
/// formats it (Block Kit, Adaptive Card, embed, card, PagerDuty event, e-mail, CloudEvent) at delivery, after asking
/// <see cref="INotifierHistoryGrain"/> whether a success is a "fixed" one. Holds no secret: the endpoint is read from
/// the notifier's configuration and secret file at delivery.
/// </summary>
internal sealed record NotificationCommand
{
    /// <summary>The notifier kind (<see cref="NotifierKinds"/>).</summary>
    public required string Kind { get; init; }

    /// <summary>The notifier's name.</summary>
    public required string Notifier { get; init; }

    /// <summary>The state the message is about (<c>failure</c>, <c>success</c>, …).</summary>
    public required string State { get; init; }

    /// <summary>The state is in the notifier's <c>on</c>: it notifies by itself.</summary>
    public bool Notify { get; init; }

    /// <summary><c>success_after_failure</c> is in <c>on</c>: a success after a broken run notifies as "fixed".</summary>
    public bool NotifyFixed { get; init; }

    /// <summary>
    /// The pipeline's outcome is recorded in the notifier's history (<see cref="HistoryKey"/>) at delivery, and the
    /// previous one decides "fixed" and PagerDuty resolves.
    /// </summary>
    public bool RecordsHistory { get; init; }

    /// <summary>Identifies this run incarnation in the history: a redelivery of its effect gets the same answer.</summary>
    public required string RunId { get; init; }

    /// <summary><c>{kind}/{name}|{repository or ns:namespace}|{pipeline}|{pr-N or default}</c>.</summary>
    public required string HistoryKey { get; init; }

    /// <summary>PagerDuty's dedup key: stable for (repository, pipeline, branch or PR).</summary>
    public required string DedupKey { get; init; }

    /// <summary>The pipeline task this message is about (per-task notifications); null for the pipeline.</summary>
    public string? Task { get; init; }

    public required string RunKey { get; init; }

    public required string Name { get; init; }

    public required string Namespace { get; init; }

    public required string Pipeline { get; init; }

    /// <summary><c>pipelinerun</c>, <c>taskrun</c> or <c>customrun</c>.</summary>
    public required string RunKind { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }

    public string? Duration { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary><c>owner/repo</c> when the run names one.</summary>
    public string? Repository { get; init; }

    public string? Sha { get; init; }

    public long? PullRequest { get; init; }

    public string? DashboardUrl { get; init; }

    public int TaskCount { get; init; }

    public int SucceededCount { get; init; }

    /// <summary>The failed (or errored) tasks with their reasons.</summary>
    public IReadOnlyList<FailedTask> FailedTasks { get; init; } = [];

    /// <summary>The notifier's template, rendered at planning; null means the kind's default text.</summary>
    public string? Text { get; init; }

    /// <summary>E-mail: the subject (rendered); null means the default.</summary>
    public string? Subject { get; init; }

    /// <summary>A one-line description for logs and the dead-letter list.</summary>
    public string Describe() => $"{Kind} {Notifier}: {Pipeline} {State}{(Task is null ? "" : $" ({Task})")} of {RunKey}";

    /// <summary><c>abc1234</c>.</summary>
    public string? ShortSha => Sha is { Length: > 7 } sha ? sha[..7] : Sha;
}

/// <summary>A failed task in a notification.</summary>
internal sealed record FailedTask(string Name, string State, string? Reason, string? Message);
