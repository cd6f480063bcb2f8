namespace Relay.Receiver.Intake;

/// <summary>
/// Every way an intake request can end. One value decides the HTTP status (<see cref="IntakeOutcomes.StatusCode"/>)
/// and is the <c>relay.outcome</c> tag. Nothing maps to 500: Tekton never retries a 500 and the event would be lost.
/// </summary>
public enum IntakeOutcome
{
    Accepted,
    Duplicate,
    Filtered,
    Unsupported,
    Invalid,
    TooLarge,
    Unauthorized,
    RateLimited,
    Unavailable,
}

/// <summary>The status-code table of SPEC §1.</summary>
public static class IntakeOutcomes
{
    public static int StatusCode(this IntakeOutcome outcome) => outcome switch
    {
        IntakeOutcome.Accepted or IntakeOutcome.Duplicate or IntakeOutcome.Filtered or IntakeOutcome.Unsupported => 200,
        IntakeOutcome.Invalid => 400,
        IntakeOutcome.Unauthorized => 401,
        IntakeOutcome.TooLarge => 413,
        IntakeOutcome.RateLimited => 429,
        IntakeOutcome.Unavailable => 503,
        _ => 503,
    };

    /// <summary>The lower-case name used in responses and metric tags.</summary>
    public static string ToTag(this IntakeOutcome outcome) => outcome switch
    {
        IntakeOutcome.Accepted => "accepted",
        IntakeOutcome.Duplicate => "duplicate",
        IntakeOutcome.Filtered => "filtered",
        IntakeOutcome.Unsupported => "unsupported",
        IntakeOutcome.Invalid => "invalid",
        IntakeOutcome.TooLarge => "too_large",
        IntakeOutcome.Unauthorized => "unauthorized",
        IntakeOutcome.RateLimited => "rate_limited",
        _ => "unavailable",
    };
}
