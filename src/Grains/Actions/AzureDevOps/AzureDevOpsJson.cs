using System.Text.Json.Serialization;

namespace Relay.Grains.Actions.AzureDevOps;

/// <summary>The Azure DevOps requests and answers the module uses, source-generated.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(AzureDevOpsStatusRequest))]
[JsonSerializable(typeof(AzureDevOpsThreadRequest))]
[JsonSerializable(typeof(AzureDevOpsCommentRequest))]
[JsonSerializable(typeof(AzureDevOpsThread))]
[JsonSerializable(typeof(AzureDevOpsComment))]
[JsonSerializable(typeof(AzureDevOpsThreadList))]
internal sealed partial class AzureDevOpsJson : JsonSerializerContext;
