namespace Relay.Grains.Actions.GitHub;

/// <summary>The <c>actions[].type</c> values this version implements.</summary>
public static class GitHubActionTypes
{
    public const string CommitStatus = "commit_status";

    /// <summary>Every supported type, for validation messages.</summary>
    public static readonly IReadOnlyList<string> All = [CommitStatus];
}
