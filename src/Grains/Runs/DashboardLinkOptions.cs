namespace Relay.Grains.Runs;

/// <summary>The <c>dashboard_url</c> key: the Tekton Dashboard that status links point at (SPEC §5).</summary>
public sealed class DashboardLinkOptions
{
    /// <summary>Root URL of the Tekton Dashboard; null means statuses carry no link.</summary>
    public string? DashboardUrl { get; set; }

    /// <summary><c>&lt;dashboard_url&gt;/#/namespaces/&lt;ns&gt;/pipelineruns/&lt;name&gt;</c> (taskruns/customruns for standalone runs).</summary>
    public string? LinkFor(PipelineRunGrainState run)
    {
        if (string.IsNullOrWhiteSpace(DashboardUrl) || run.Namespace is null || run.RunName is null)
        {
            return null;
        }

        var collection = run.Kind switch
        {
            Relay.Runs.RunKind.TaskRun => "taskruns",
            Relay.Runs.RunKind.CustomRun => "customruns",
            _ => "pipelineruns",
        };
        return $"{DashboardUrl.TrimEnd('/')}/#/namespaces/{Uri.EscapeDataString(run.Namespace)}/{collection}/{Uri.EscapeDataString(run.RunName)}";
    }
}
