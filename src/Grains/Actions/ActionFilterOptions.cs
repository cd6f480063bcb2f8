using System.IO.Enumeration;
using Microsoft.Extensions.Configuration;

namespace Relay.Grains.Actions;

/// <summary><c>actions[].filter</c>: which pipelines and tasks an action reacts to.</summary>
public sealed class ActionFilterOptions
{
    /// <summary>Pipeline names (globs <c>*</c>, <c>?</c>).</summary>
    [ConfigurationKeyName("pipelines")]
    public AllowDenyOptions Pipelines { get; set; } = new();

    /// <summary>Pipeline task names (globs): per-task statuses and summary rows.</summary>
    [ConfigurationKeyName("tasks")]
    public AllowDenyOptions Tasks { get; set; } = new();
}

/// <summary>Glob lists: deny wins over allow; an empty allow list allows all.</summary>
public sealed class AllowDenyOptions
{
    [ConfigurationKeyName("allow")]
    public List<string> Allow { get; set; } = [];

    [ConfigurationKeyName("deny")]
    public List<string> Deny { get; set; } = [];

    /// <summary>True when <paramref name="name"/> passes the lists.</summary>
    public bool Allows(string name) =>
        !Deny.Exists(g => Matches(g, name)) && (Allow.Count == 0 || Allow.Exists(g => Matches(g, name)));

    private static bool Matches(string glob, string name) => FileSystemName.MatchesSimpleExpression(glob.Trim(), name, ignoreCase: false);
}
