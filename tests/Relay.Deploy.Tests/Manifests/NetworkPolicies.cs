using System.Net;
using System.Text.Json.Nodes;

namespace Relay.Deploy.Tests.Manifests;

/// <summary>One end of a connection: a pod (in the overlay or in another namespace) or an address outside the cluster.</summary>
internal abstract record Peer;

/// <summary>A pod; <see cref="Workload"/> is set for the overlay's own pods (named ports resolve on their containers).</summary>
internal sealed record PodPeer(string Namespace, IReadOnlyDictionary<string, string> Labels, Workload? Workload = null) : Peer
{
    public IReadOnlyDictionary<string, string> NamespaceLabels { get; init; } =
        new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = Namespace };

    public override string ToString() => Workload?.ToString() ?? $"pod {string.Join(",", Labels.Select(l => $"{l.Key}={l.Value}"))} in {Namespace}";
}

internal sealed record AddressPeer(IPAddress Address) : Peer
{
    public override string ToString() => Address.ToString();
}

/// <summary>
/// Evaluates an overlay's NetworkPolicies the way the API defines them: a pod selected by a policy of a type is
/// isolated for that direction, and then only what some such policy's rules admit gets through, on both ends.
/// </summary>
internal static class NetworkPolicies
{
    public static bool Allows(RenderedOverlay overlay, Peer from, Peer to, long port, string protocol = "TCP") =>
        SideAllows(overlay, "Egress", "egress", "to", subject: from, other: to, destination: to, port, protocol)
        && SideAllows(overlay, "Ingress", "ingress", "from", subject: to, other: from, destination: to, port, protocol);

    private static bool SideAllows(RenderedOverlay overlay, string type, string rulesKey, string peersKey, Peer subject, Peer other, Peer destination, long port, string protocol)
    {
        if (subject is not PodPeer pod)
        {
            return true;
        }

        var policies = overlay.OfKind("NetworkPolicy")
            .Where(p => p.Namespace == pod.Namespace && LabelSelector.Matches(p.Spec.At("podSelector"), pod.Labels))
            .Where(p => Types(p).Contains(type))
            .ToList();
        return policies.Count == 0 || policies.Any(policy => policy.Spec.Objects(rulesKey).Any(rule =>
            (rule.At(peersKey) is not JsonArray peers || peers.OfType<JsonObject>().Any(peer => PeerMatches(policy, peer, other)))
            && (rule.At("ports") is not JsonArray ports || ports.OfType<JsonObject>().Any(p => PortMatches(p, destination, port, protocol)))));
    }

    /// <summary>policyTypes, defaulted as the API does: Ingress, plus Egress when the policy has egress rules.</summary>
    private static List<string> Types(KubeObject policy) =>
        policy.Spec.Strings("policyTypes").ToList() is { Count: > 0 } types ? types
        : policy.Spec.At("egress") is JsonArray ? ["Ingress", "Egress"] : ["Ingress"];

    private static bool PeerMatches(KubeObject policy, JsonObject peer, Peer other)
    {
        if (peer.At("ipBlock") is JsonObject block)
        {
            return other is AddressPeer address && InCidr(address.Address, block.Text("cidr")!)
                && !block.Strings("except").Any(except => InCidr(address.Address, except));
        }

        if (other is not PodPeer pod)
        {
            return false;
        }

        var namespaceSelector = peer.At("namespaceSelector");
        var namespaceMatches = namespaceSelector is null
            ? pod.Namespace == policy.Namespace
            : LabelSelector.Matches(namespaceSelector, pod.NamespaceLabels);
        return namespaceMatches && (peer.At("podSelector") is not { } podSelector || LabelSelector.Matches(podSelector, pod.Labels));
    }

    private static bool PortMatches(JsonObject rule, Peer destination, long port, string protocol)
    {
        if ((rule.Text("protocol") ?? "TCP") != protocol)
        {
            return false;
        }

        return rule.At("port") switch
        {
            null => true,
            JsonValue value when value.TryGetValue<long>(out var number) => number == port,
            // A named port means the destination pod's container port of that name.
            var named => destination is PodPeer { Workload: { } workload } && workload.Containers.Any(c => c.Port(named) == port),
        };
    }

    private static bool InCidr(IPAddress address, string cidr) => IPNetwork.Parse(cidr).Contains(address);
}
