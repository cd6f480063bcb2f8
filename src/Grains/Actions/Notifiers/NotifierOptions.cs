using Microsoft.Extensions.Configuration;

namespace Relay.Grains.Actions.Notifiers;

/// <summary>What every notifier instance has: a name, the states it notifies on, and the action-style routing keys.</summary>
public abstract class NotifierOptions
{
    /// <summary>Instance name: part of the ledger key, so keep it stable. Required, unique per kind.</summary>
    [ConfigurationKeyName("name")]
    public string Name { get; set; } = "";

    /// <summary>
    /// The pipeline states that notify (<see cref="NotifyOn.All"/>); default <c>[failure, error]</c>.
    /// <c>success_after_failure</c> sends a "fixed" message for a success that follows a broken run.
    /// </summary>
    [ConfigurationKeyName("on")]
    public List<string> On { get; set; } = [];

    /// <summary>Also notify per pipeline task (its states in <see cref="On"/>). Default false: the pipeline only.</summary>
    [ConfigurationKeyName("per_task")]
    public bool PerTask { get; set; }

    /// <summary>An expression over the run (the CEL subset of <c>when</c>, docs/github.md): notifies only while true.</summary>
    [ConfigurationKeyName("when")]
    public string? When { get; set; }

    [ConfigurationKeyName("filter")]
    public ActionFilterOptions Filter { get; set; } = new();

    /// <summary>A Liquid template for the message text (the run model of comments); default: Relay's own text.</summary>
    [ConfigurationKeyName("template")]
    public string? Template { get; set; }

    /// <summary>The states this instance notifies on, defaults applied, lower case.</summary>
    internal IReadOnlyList<string> States => On.Count == 0 ? NotifyOn.Default : On.Select(s => s.Trim().ToLowerInvariant()).ToArray();
}
