using Microsoft.Extensions.Configuration;
using Relay.Configuration;

namespace Relay.Reconcile;

/// <summary>
/// The <c>reconcile</c> section (SPEC §5.3, docs/reconcile.md): the opt-in reconciler that reads PipelineRuns and TaskRuns
/// from the Kubernetes API and feeds what events missed through the same decode → event grain → run grain path.
/// </summary>
public sealed class ReconcileOptions
{
    /// <summary>Configuration section of these options.</summary>
    public const string Section = "reconcile";

    /// <summary><c>reconcile.enabled</c>: off by default; when off nothing reads a kubeconfig or calls the Kubernetes API.</summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; }

    /// <summary>
    /// <c>reconcile.namespaces</c>: the namespaces whose PipelineRuns and TaskRuns are read (Relay's Role is granted in each).
    /// At least one when enabled; there is no "all namespaces".
    /// </summary>
    [ConfigurationKeyName("namespaces")]
    public List<string> Namespaces { get; set; } = [];

    /// <summary>
    /// <c>reconcile.after</c>: how long a state change seen in the API may stay unknown to Relay before the reconciler
    /// feeds it (events get this long to arrive). Default 10m; at least 1s.
    /// </summary>
    [ConfigurationKeyName("after")]
    public Duration After { get; set; } = new(TimeSpan.FromMinutes(10));

    /// <summary><c>reconcile.interval</c>: time between two scans. Default 1m; at least 1s.</summary>
    [ConfigurationKeyName("interval")]
    public Duration Interval { get; set; } = new(TimeSpan.FromMinutes(1));

    /// <summary>
    /// <c>reconcile.kubeconfig</c>: a kubeconfig file. When unset, KubernetesClient's default: <c>KUBECONFIG</c> or
    /// <c>~/.kube/config</c>, then the pod's service account (in-cluster).
    /// </summary>
    [ConfigurationKeyName("kubeconfig")]
    public string? Kubeconfig { get; set; }
}
