using Relay.Events;
using Relay.Runs;

namespace Relay.Testing;

/// <summary>Builds decoded <see cref="RelayEvent"/>s for grain tests (what the receiver would hand the event grain).</summary>
public static class RelayEvents
{
    private static readonly DateTimeOffset Start = new(2026, 7, 14, 9, 0, 0, TimeSpan.Zero);

    public static ScmTarget Target(string sha) => new() { Provider = "github", Owner = "acme", Repository = "webapp", CommitSha = sha, PullRequest = 42 };

    public static RelayEvent PipelineRun(string name, CiState state, string sha, string? reason = null, int transitionSecond = 0, ScmTarget? scm = null) => new()
    {
        EventKey = EventKey.Create($"/apis///namespaces/ci//{name}", $"dev.tekton.event.pipelinerun.{state.ToWireName()}.v1", Guid.NewGuid().ToString()),
        EventType = $"dev.tekton.event.pipelinerun.{state.ToWireName()}.v1",
        Kind = RunKind.PipelineRun,
        RunKey = PipelineRunKey.For("ci", name),
        Namespace = "ci",
        Name = name,
        PipelineRunName = name,
        PipelineName = "webapp-ci",
        State = state,
        Reason = reason,
        StartTime = Start,
        CompletionTime = state.IsTerminal() ? Start.AddSeconds(83) : null,
        LastTransitionTime = Start.AddSeconds(transitionSecond),
        Scm = scm ?? Target(sha),
    };

    public static RelayEvent TaskRun(string pipelineRun, string task, CiState state, string sha) => new()
    {
        EventKey = EventKey.Create($"/apis///namespaces/ci//{pipelineRun}-{task}", $"dev.tekton.event.taskrun.{state.ToWireName()}.v1", Guid.NewGuid().ToString()),
        EventType = $"dev.tekton.event.taskrun.{state.ToWireName()}.v1",
        Kind = RunKind.TaskRun,
        RunKey = PipelineRunKey.For("ci", pipelineRun),
        Namespace = "ci",
        Name = $"{pipelineRun}-{task}",
        PipelineRunName = pipelineRun,
        PipelineName = "webapp-ci",
        PipelineTask = task,
        State = state,
        StartTime = Start,
        CompletionTime = state.IsTerminal() ? Start.AddSeconds(30) : null,
        LastTransitionTime = Start,
        Scm = Target(sha),
    };

    /// <summary>The same event with a new <c>ce-id</c>: what Tekton sends after a controller restart.</summary>
    public static RelayEvent Reemitted(this RelayEvent relayEvent) =>
        relayEvent with { EventKey = relayEvent.EventKey[..(relayEvent.EventKey.LastIndexOf('|') + 1)] + Guid.NewGuid() };

    public static string NewSha() => Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant() + "0badc0de";
}
