namespace Relay.Runs;

/// <summary>The one state vocabulary of Relay (SPEC §2). Numeric order is the non-terminal progression.</summary>
[GenerateSerializer, Alias("Relay.Runs.CiState")]
public enum CiState
{
    Queued = 0,
    Pending = 1,
    Running = 2,
    Success = 3,
    Failure = 4,
    Error = 5,
    Canceled = 6,
}
