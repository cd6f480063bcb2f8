using System.Text.Json.Serialization;

namespace Relay.Grains.Actions.Gitea;

/// <summary>The Gitea requests and answers the module uses, source-generated.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(GiteaStatusRequest))]
[JsonSerializable(typeof(GiteaCommentRequest))]
[JsonSerializable(typeof(GiteaComment))]
[JsonSerializable(typeof(List<GiteaComment>))]
internal sealed partial class GiteaJson : JsonSerializerContext;
