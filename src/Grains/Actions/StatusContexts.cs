using Relay.Grains.Runs;

namespace Relay.Grains.Actions;

/// <summary>
/// The status contexts a <c>commit_status</c> action reports, the same for every SCM: the pipeline's
/// (<c>&lt;base&gt;</c>) and, with <c>context_per_task</c>, one per allowed task (<c>&lt;base&gt;/&lt;pipelineTask&gt;</c>).
/// </summary>
internal static class StatusContexts
{
    /// <summary>
    /// Each context with its label and the resource whose state it shows, in a stable order. <paramref name="allows"/>
    /// is the action's <c>when</c> for a resource (the task name, or null for the pipeline).
    /// </summary>
    public static IEnumerable<(string Context, string Label, ResourceRecord Resource)> Of(
        PipelineRunGrainState run, string baseContext, bool contextPerTask, AllowDenyOptions tasks, Func<ResourceRecord, string?, bool> allows)
    {
        if (run.Run is { } top && allows(top, null))
        {
            yield return (baseContext, run.PipelineName ?? run.RunName ?? "run", top);
        }

        if (!contextPerTask)
        {
            yield break;
        }

        foreach (var task in run.Tasks.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            if (tasks.Allows(task.Name) && allows(task, task.Name))
            {
                yield return ($"{baseContext}/{task.Name}", task.DisplayName ?? task.Name, task);
            }
        }
    }
}
