namespace Relay.Runs;

/// <summary>Classification of <see cref="CiState"/> values.</summary>
public static class CiStateExtensions
{
    /// <summary>Success, failure, error and canceled are terminal: nothing non-terminal may follow them.</summary>
    public static bool IsTerminal(this CiState state) => state >= CiState.Success;

    /// <summary>The lower-case name used on the wire, in logs and in templates.</summary>
    public static string ToWireName(this CiState state) => state switch
    {
        CiState.Queued => "queued",
        CiState.Pending => "pending",
        CiState.Running => "running",
        CiState.Success => "success",
        CiState.Failure => "failure",
        CiState.Error => "error",
        CiState.Canceled => "canceled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
