namespace Relay.Grains.Runs;

/// <summary>
/// A run grain's activation could not store a change (or an earlier one): it holds nothing the cluster may rely on
/// and is being deactivated, so the caller must retry (the receiver answers 503 and Tekton sends the event again; the
/// next activation reads what storage really holds).
/// </summary>
[GenerateSerializer, Alias("Relay.Grains.Runs.RunStateUnavailableException")]
public sealed class RunStateUnavailableException : Exception
{
    /// <summary>
    /// The activation that answered was retired (storage holds a record it did not write): a call sent again reaches a
    /// fresh activation that reads storage, so the caller may repeat it at once.
    /// </summary>
    [Id(0)]
    public bool Retired { get; init; }

    public RunStateUnavailableException()
    {
    }

    public RunStateUnavailableException(string message)
        : base(message)
    {
    }

    public RunStateUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
