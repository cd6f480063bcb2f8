using System.Text.Json.Nodes;

namespace Relay.Deploy.Tests.Manifests;

/// <summary>One rendered Kubernetes object.</summary>
internal sealed record KubeObject(JsonObject Json)
{
    public string Kind => Json.Text("kind") ?? "";

    public string Name => Json.Text("metadata", "name") ?? "";

    public string? Namespace => Json.Text("metadata", "namespace");

    public JsonNode? Spec => Json.At("spec");

    public override string ToString() => $"{Kind}/{Name}";
}
