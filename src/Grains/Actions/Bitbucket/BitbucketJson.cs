using System.Text.Json.Serialization;

namespace Relay.Grains.Actions.Bitbucket;

/// <summary>The Bitbucket (Cloud and Data Center) requests and answers the module uses, source-generated.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(BitbucketBuildStatusRequest))]
[JsonSerializable(typeof(BitbucketCloudCommentRequest))]
[JsonSerializable(typeof(BitbucketCloudComment))]
[JsonSerializable(typeof(BitbucketCloudCommentPage))]
[JsonSerializable(typeof(BitbucketDataCenterCommentRequest))]
[JsonSerializable(typeof(BitbucketDataCenterComment))]
[JsonSerializable(typeof(BitbucketDataCenterActivityPage))]
internal sealed partial class BitbucketJson : JsonSerializerContext;
