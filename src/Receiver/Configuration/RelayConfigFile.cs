using Microsoft.Extensions.Configuration.Json;

namespace Relay.Receiver.Configuration;

/// <summary>
/// Finds and loads Relay's YAML file: <c>--config PATH</c>, else the <c>RELAY_CONFIG</c> environment variable
/// (SPEC §8). The file sits below environment variables and the command line, so the usual .NET overrides win.
/// </summary>
public static class RelayConfigFile
{
    /// <summary>Top-level sections a Relay file may hold; anything else is a typo.</summary>
    public static readonly IReadOnlySet<string> KnownSections = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "server", "cluster", "dashboard_url", "filter", "dedupe_ttl", "run_ttl", "dead_letters", "scm", "notifiers", "telemetry", "reconcile", "Logging",
    };

    /// <summary>The configured file path, or null when Relay runs on its embedded defaults.</summary>
    public static string? PathFrom(IConfiguration configuration) =>
        configuration["config"] is { Length: > 0 } fromArgs ? fromArgs
        : configuration["RELAY_CONFIG"] is { Length: > 0 } fromEnvironment ? fromEnvironment
        : null;

    /// <summary>Adds the YAML file (if one is configured) beneath environment and command-line sources.</summary>
    public static string? AddRelayConfigFile(this IConfigurationManager configuration)
    {
        var path = PathFrom(configuration);
        if (path is null)
        {
            return null;
        }

        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"configuration file '{path}' does not exist", full);
        }

        var sources = configuration.Sources;
        var yaml = new ConfigurationBuilder().AddYamlFile(full, optional: false, reloadOnChange: true).Sources[0];
        var afterJson = sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource).i + 1;
        sources.Insert(Math.Min(afterJson, sources.Count), yaml);
        return full;
    }
}
