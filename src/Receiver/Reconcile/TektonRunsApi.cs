using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;

namespace Relay.Receiver.Reconcile;

/// <summary>
/// The two calls the reconciler makes on <c>tekton.dev/v1</c> PipelineRuns and TaskRuns through KubernetesClient's
/// custom-object API: a paged list (<c>limit</c>/<c>continue</c>, optionally by label) and a get. Every call counts
/// against one scan's request budget; none is made once it is spent.
/// </summary>
internal sealed class TektonRunsApi(IKubernetes client, ReconcileLimits limits)
{
    public const string Group = "tekton.dev";
    public const string Version = "v1";
    public const string PipelineRuns = "pipelineruns";
    public const string TaskRuns = "taskruns";

    private int _requests;

    /// <summary>Requests made so far in this scan.</summary>
    public int Requests => _requests;

    /// <summary>False once the scan's request budget is spent.</summary>
    public bool HasBudget => _requests < limits.MaxRequestsPerScan;

    /// <summary>
    /// Every object of <paramref name="plural"/> in <paramref name="ns"/> (matching <paramref name="labelSelector"/>),
    /// page by page. <c>Complete</c> is false when the budget ran out before the last page.
    /// </summary>
    public async Task<(List<JsonElement> Items, bool Complete)> ListAsync(string ns, string plural, string? labelSelector, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        string? next = null;
        do
        {
            if (!HasBudget)
            {
                return (items, false);
            }

            _requests++;
            var page = await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>(
                Group, Version, ns, plural,
                continueParameter: next, labelSelector: labelSelector, limit: limits.PageSize,
                cancellationToken: cancellationToken);
            if (page.TryGetProperty("items", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                items.AddRange(list.EnumerateArray().Select(i => i.Clone()));
            }

            next = page.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                   && metadata.TryGetProperty("continue", out var token) && token.ValueKind == JsonValueKind.String
                   && token.GetString() is { Length: > 0 } text
                ? text
                : null;
        }
        while (next is not null);

        return (items, true);
    }

    /// <summary>The object, or null when the API answers 404 (deleted). Throws for other failures and a spent budget.</summary>
    public async Task<JsonElement?> GetAsync(string ns, string plural, string name, CancellationToken cancellationToken)
    {
        if (!HasBudget)
        {
            throw new InvalidOperationException("the scan's request budget is spent");
        }

        _requests++;
        try
        {
            return await client.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(Group, Version, ns, plural, name, cancellationToken);
        }
        catch (HttpOperationException exception) when (exception.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
