namespace Relay.Grains.Actions.Notifiers;

/// <summary>The words of a notifier's <c>on</c> list: pipeline states, and <c>success_after_failure</c> ("fixed").</summary>
internal static class NotifyOn
{
    /// <summary>A success that follows a failed or errored run of the same pipeline (and branch or PR): a "fixed" message.</summary>
    public const string SuccessAfterFailure = "success_after_failure";

    /// <summary>What <c>on</c> may hold.</summary>
    public static readonly string[] All = ["pending", "running", "success", "failure", "error", "canceled", SuccessAfterFailure];

    /// <summary>When <c>on</c> is not given: only a broken pipeline notifies.</summary>
    public static readonly string[] Default = ["failure", "error"];
}
