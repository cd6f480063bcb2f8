using System.IO.Enumeration;
using Microsoft.Extensions.Options;
using Relay.Events;
using Relay.Runs;

namespace Relay.Receiver.Filtering;

/// <summary>Cheap, stateless admission of decoded events by kind and namespace, before any grain call.</summary>
internal sealed class EventFilter
{
    public static readonly IReadOnlyDictionary<string, RunKind> KnownKinds = new Dictionary<string, RunKind>(StringComparer.Ordinal)
    {
        ["pipelinerun"] = RunKind.PipelineRun,
        ["taskrun"] = RunKind.TaskRun,
        ["customrun"] = RunKind.CustomRun,
    };

    private readonly HashSet<RunKind>? _kinds;
    private readonly string[] _allow;
    private readonly string[] _deny;
    private readonly bool _skipPipelinesAsCode;

    public EventFilter(IOptions<FilterOptions> options)
    {
        var filter = options.Value;
        _kinds = filter.Kinds.Count == 0
            ? null
            : filter.Kinds.Select(k => KnownKinds.GetValueOrDefault(k.ToLowerInvariant())).ToHashSet();
        _allow = filter.Namespaces.Allow.Select(g => g.Trim()).ToArray();
        _deny = filter.Namespaces.Deny.Select(g => g.Trim()).ToArray();
        _skipPipelinesAsCode = filter.SkipPipelinesAsCode;
    }

    /// <summary>Null when admitted, else why not.</summary>
    public string? Reject(RelayEvent relayEvent, bool managedByPipelinesAsCode = false)
    {
        if (_skipPipelinesAsCode && managedByPipelinesAsCode)
        {
            return "run is managed by Pipelines-as-Code (filter.skip_pipelines_as_code)";
        }

        if (_kinds is not null && !_kinds.Contains(relayEvent.Kind))
        {
            return $"kind {relayEvent.Kind} is not in filter.kinds";
        }

        if (_deny.Any(d => Matches(d, relayEvent.Namespace)))
        {
            return $"namespace {relayEvent.Namespace} is denied by filter.namespaces.deny";
        }

        if (_allow.Length > 0 && !_allow.Any(a => Matches(a, relayEvent.Namespace)))
        {
            return $"namespace {relayEvent.Namespace} is not in filter.namespaces.allow";
        }

        return null;
    }

    /// <summary>Globs with <c>*</c> and <c>?</c>, case-sensitive, as the actions' filters match them.</summary>
    private static bool Matches(string glob, string name) => FileSystemName.MatchesSimpleExpression(glob, name, ignoreCase: false);
}
