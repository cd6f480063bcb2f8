using System.Text.Json.Serialization;

namespace Relay.Grains.Actions.GitLab;

/// <summary>The GitLab requests and answers the module uses, source-generated.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(GitLabStatusRequest))]
[JsonSerializable(typeof(GitLabNoteRequest))]
[JsonSerializable(typeof(GitLabNote))]
[JsonSerializable(typeof(List<GitLabNote>))]
internal sealed partial class GitLabJson : JsonSerializerContext;
