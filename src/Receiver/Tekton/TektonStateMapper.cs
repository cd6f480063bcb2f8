using Relay.Runs;

namespace Relay.Receiver.Tekton;

/// <summary>
/// SPEC §2's state table: the event type suffix plus the Succeeded condition's reason give the CI state.
/// Cancellations and timeouts arrive as <c>failed</c>; only the reason tells them apart.
/// </summary>
internal static class TektonStateMapper
{
    /// <summary>The event type suffixes Tekton emits.</summary>
    public static readonly IReadOnlySet<string> Suffixes =
        new HashSet<string>(StringComparer.Ordinal) { "queued", "started", "running", "unknown", "successful", "failed" };

    /// <summary>
    /// The reason of the failed condition the reconciler writes for a run deleted before it finished (docs/reconcile.md):
    /// the run could not finish, so it ends <c>error</c>.
    /// </summary>
    public const string DeletedReason = "RunDeleted";

    public static (CiState State, bool TimedOut) Map(string suffix, string? reason) => suffix switch
    {
        "queued" => (CiState.Queued, false),
        "started" => (CiState.Pending, false),
        "running" => (CiState.Running, false),
        "unknown" when IsWaitingReason(reason) => (CiState.Pending, false),
        "unknown" => (CiState.Running, false),
        "successful" => (CiState.Success, false),
        "failed" when reason == DeletedReason => (CiState.Error, false),
        "failed" when IsCancellation(reason) => (CiState.Canceled, false),
        "failed" when IsTimeout(reason) => (CiState.Failure, true),
        "failed" when IsSetupError(reason) => (CiState.Error, false),
        "failed" => (CiState.Failure, false),
        _ => throw new ArgumentOutOfRangeException(nameof(suffix), suffix, "not a Tekton event suffix"),
    };

    /// <summary>Unknown-condition reasons that mean "not started yet": Pending, PipelineRunPending, ToBeRetried, Resolving….</summary>
    private static bool IsWaitingReason(string? reason) => reason is not null &&
        (reason is "Pending" or "PipelineRunPending" or "ToBeRetried" or "Started"
         || reason.StartsWith("Resolving", StringComparison.Ordinal));

    /// <summary>TaskRunCancelled, PipelineRunCancelled, Cancelled, CustomRunCancelled, and any *Cancel(l)ed*.</summary>
    private static bool IsCancellation(string? reason) => reason is not null &&
        (reason.Contains("Cancelled", StringComparison.OrdinalIgnoreCase) || reason.Contains("Canceled", StringComparison.OrdinalIgnoreCase));

    /// <summary>TaskRunTimeout, PipelineRunTimeout, CustomRunTimedOut, TimedOut.</summary>
    private static bool IsTimeout(string? reason) => reason is not null &&
        (reason.Contains("Timeout", StringComparison.OrdinalIgnoreCase) || reason.Contains("TimedOut", StringComparison.OrdinalIgnoreCase));

    /// <summary>Validation, resolution and creation failures: the run never got to run its steps.</summary>
    private static bool IsSetupError(string? reason) => reason is not null &&
        (reason.EndsWith("ValidationFailed", StringComparison.Ordinal)
         || reason.Contains("ResolutionFailed", StringComparison.Ordinal)
         || reason.StartsWith("CouldntGet", StringComparison.Ordinal)
         || reason.Contains("Invalid", StringComparison.Ordinal)
         || reason is "CreateRunFailed" or "ParameterMissing" or "ParameterTypeMismatch" or "ObjectParameterMissKeys"
             or "ResourceVerificationFailed" or "RequiredWorkspaceMarkedOptional");
}
