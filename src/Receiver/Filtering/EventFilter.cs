using System.Text.RegularExpressions;
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
    private readonly Regex[] _allow;
    private readonly Regex[] _deny;

    public EventFilter(IOptions<FilterOptions> options)
    {
        var filter = options.Value;
        _kinds = filter.Kinds.Count == 0
            ? null
            : filter.Kinds.Select(k => KnownKinds.GetValueOrDefault(k.ToLowerInvariant())).ToHashSet();
        _allow = filter.Namespaces.Allow.Select(Glob).ToArray();
        _deny = filter.Namespaces.Deny.Select(Glob).ToArray();
    }

    /// <summary>Null when admitted, else why not.</summary>
    public string? Reject(RelayEvent relayEvent)
    {
        if (_kinds is not null && !_kinds.Contains(relayEvent.Kind))
        {
            return $"kind {relayEvent.Kind} is not in filter.kinds";
        }

        if (_deny.Any(d => d.IsMatch(relayEvent.Namespace)))
        {
            return $"namespace {relayEvent.Namespace} is denied by filter.namespaces.deny";
        }

        if (_allow.Length > 0 && !_allow.Any(a => a.IsMatch(relayEvent.Namespace)))
        {
            return $"namespace {relayEvent.Namespace} is not in filter.namespaces.allow";
        }

        return null;
    }

    private static Regex Glob(string pattern) => new(
        "^" + Regex.Escape(pattern.Trim()).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
        RegexOptions.CultureInvariant | RegexOptions.Compiled,
        TimeSpan.FromMilliseconds(100));
}
