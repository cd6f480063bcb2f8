using System.Globalization;
using System.Text.Json;
using Relay.Actions;

namespace Relay.Grains.Actions.GitHub;

/// <summary>
/// Reads what stored formats 1 and 2 held inline for GitHub (they knew no other provider): format 1's
/// <c>commit_status</c> command, format 2's <c>github</c> command (its JSON is this module's payload as it is), a
/// dead letter's <c>command</c>, and a format-2 ledger row's check run / comment / deployment id and labels.
/// </summary>
internal sealed class GitHubLegacyEffects : ILegacyEffectReader
{
    public string Provider => GitHubActionPlanner.Provider;

    public Effect? ReadEffect(string member, JsonElement command)
    {
        if (command.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        GitHubCommand? github = member switch
        {
            "github" or "command" => command.Deserialize(GitHubJson.Default.GitHubCommand),
            "commit_status" => command.Deserialize(GitHubJson.Default.CommitStatusCommand)?.ToGitHubCommand(),
            _ => null,
        };
        return github is null ? null : new Effect
        {
            Provider = Provider,
            Instance = github.Instance,
            Type = github.Type,
            Payload = GitHubJson.Write(github),
            Summary = github.Describe(),
        };
    }

    public EffectMemo? ReadMemo(long? resourceId, IReadOnlyList<string>? labels) =>
        resourceId is null && labels is null ? null : new EffectMemo
        {
            ResourceId = resourceId?.ToString(CultureInfo.InvariantCulture),
            Data = labels is null ? null : GitHubJson.Write(new GitHubMemoData { Labels = labels }),
        };
}
