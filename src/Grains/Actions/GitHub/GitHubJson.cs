using System.Text.Json;
using System.Text.Json.Serialization;

namespace Relay.Grains.Actions.GitHub;

/// <summary>
/// The GitHub module's JSON: its effect payloads (<see cref="GitHubCommand"/>) and memo data (<see cref="GitHubMemoData"/>),
/// source-generated, in the field names stored format 2 used (snake_case, nulls left out).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(GitHubCommand))]
[JsonSerializable(typeof(CommitStatusCommand))]
[JsonSerializable(typeof(GitHubMemoData))]
[JsonSerializable(typeof(GitHubStatusRequest))]
[JsonSerializable(typeof(GitHubStatusRequest[]))]
[JsonSerializable(typeof(GitHubErrorBody))]
internal sealed partial class GitHubJson : JsonSerializerContext
{
    public static string Write(GitHubCommand command) => JsonSerializer.Serialize(command, Default.GitHubCommand);

    public static GitHubCommand? ReadCommand(string json) => JsonSerializer.Deserialize(json, Default.GitHubCommand);

    public static string Write(GitHubMemoData data) => JsonSerializer.Serialize(data, Default.GitHubMemoData);

    public static GitHubMemoData ReadMemo(string? json) =>
        string.IsNullOrEmpty(json) ? new GitHubMemoData() : JsonSerializer.Deserialize(json, Default.GitHubMemoData) ?? new GitHubMemoData();
}
