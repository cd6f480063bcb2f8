using System.Text.Json.Nodes;
using Relay.Deploy.Tests.Manifests;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>Labels and selectors agree: every selector selects the pods it is written for, and only pods that exist.</summary>
[Collection(RenderedOverlaysCollection.Name)]
public sealed class SelectorTests(RenderedOverlays rendered)
{
    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Workload_selectors_select_their_own_pods_and_no_other_workloads(string overlay)
    {
        var o = rendered[overlay];

        Assert.All(o.Workloads, workload =>
        {
            Assert.True(LabelSelector.Matches(workload.Selector, workload.PodLabels), $"{workload}: selector does not match its pod labels");
            Assert.Equal([workload], o.SelectedBy(workload.Selector));
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Services_budgets_autoscalers_and_network_policies_select_workloads_of_the_overlay(string overlay)
    {
        var o = rendered[overlay];

        Assert.All(o.OfKind("Service"), service => Assert.NotEmpty(o.SelectedByService(service)));
        Assert.All(o.OfKind("PodDisruptionBudget"), pdb => Assert.NotEmpty(o.SelectedBy(pdb.Spec.At("selector"))));
        Assert.All(o.OfKind("HorizontalPodAutoscaler"), hpa => Assert.NotNull(
            o.Find(hpa.Spec.Text("scaleTargetRef", "kind") ?? "", hpa.Spec.Text("scaleTargetRef", "name") ?? "")));
        Assert.All(o.OfKind("NetworkPolicy"), policy =>
        {
            Assert.NotEmpty(o.SelectedBy(policy.Spec.At("podSelector")));
            var peers = policy.Spec.Objects("ingress").SelectMany(r => r.Objects("from"))
                .Concat(policy.Spec.Objects("egress").SelectMany(r => r.Objects("to")))
                .Where(peer => peer.At("podSelector") is not null && peer.At("namespaceSelector") is null);
            Assert.All(peers, peer => Assert.NotEmpty(o.SelectedBy(peer.At("podSelector"))));
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Anti_affinity_and_spread_constraints_select_the_pods_of_their_own_workload(string overlay)
    {
        Assert.All(rendered[overlay].Workloads, workload =>
        {
            var selectors = workload.Pod.Objects("affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution")
                .Select(term => term.At("podAffinityTerm", "labelSelector"))
                .Concat(workload.Pod.Objects("affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution").Select(term => term.At("labelSelector")))
                .Concat(workload.Pod.Objects("topologySpreadConstraints").Select(c => c.At("labelSelector")));
            Assert.All(selectors, selector => Assert.True(LabelSelector.Matches(selector, workload.PodLabels), $"{workload}: {selector?.ToJsonString()}"));
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Every_namespaced_object_lands_in_the_overlays_namespace(string overlay)
    {
        var o = rendered[overlay];
        var ns = Assert.Single(o.OfKind("Namespace")).Name;

        Assert.All(o.Objects.Where(x => x.Kind != "Namespace"), x => Assert.Equal(ns, x.Namespace));
        Assert.All(o.Objects, x => Assert.Equal("relay", x.Json.Text("metadata", "labels", "app.kubernetes.io/part-of")));
        Assert.All(o.Workloads, w => Assert.Equal("relay", w.PodLabels.GetValueOrDefault("app.kubernetes.io/part-of")));
    }
}
