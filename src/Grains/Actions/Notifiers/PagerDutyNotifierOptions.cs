using Microsoft.Extensions.Configuration;

namespace Relay.Grains.Actions.Notifiers;

/// <summary>A PagerDuty Events API v2 integration: triggers on failure, resolves on the next success.</summary>
public sealed class PagerDutyNotifierOptions : NotifierOptions
{
    /// <summary>A file holding the integration's routing key (whitespace trimmed).</summary>
    [ConfigurationKeyName("routing_key_file")]
    public string? RoutingKeyFile { get; set; }

    /// <summary>The Events API root; events go to <c>POST {base_url}/v2/enqueue</c>.</summary>
    [ConfigurationKeyName("base_url")]
    public string BaseUrl { get; set; } = "https://events.pagerduty.com";

    /// <summary>The trigger's severity: <c>critical</c>, <c>error</c> (default), <c>warning</c> or <c>info</c>.</summary>
    [ConfigurationKeyName("severity")]
    public string Severity { get; set; } = "error";

    /// <summary>The severities PagerDuty accepts.</summary>
    internal static readonly string[] Severities = ["critical", "error", "warning", "info"];
}
