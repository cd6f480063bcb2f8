using System.Text.Json;

namespace Relay.Receiver.Tekton;

/// <summary>The CloudEvent attributes and JSON data the decoder needs, independent of HTTP and of the CloudEvents SDK.</summary>
internal sealed record TektonCloudEvent(string Id, string Source, string Type, DateTimeOffset? Time, JsonElement Data);
