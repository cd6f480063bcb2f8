using Relay.Receiver.Cluster;
using Relay.Receiver.Filtering;
using Relay.Receiver.Intake;
using Relay.Receiver.Telemetry;

namespace Relay.Receiver.Configuration;

/// <summary>
/// One rule for configuration nobody reads: <c>--validate</c> reports it and start-up refuses it, with the same messages.
/// A typo such as <c>notifer:</c> or <c>server.max_bodysize</c> would otherwise be ignored silently at run time.
/// </summary>
public static class UnknownConfiguration
{
    /// <summary>Top-level keys of the YAML file at <paramref name="path"/> that are no Relay section.</summary>
    public static IReadOnlyList<string> Sections(string path)
    {
        var fileOnly = new ConfigurationBuilder().AddYamlFile(Path.GetFullPath(path)).Build();
        return fileOnly.GetChildren()
            .Where(section => !RelayConfigFile.KnownSections.Contains(section.Key))
            .Select(section => $"{section.Key}: unknown section (known: {string.Join(", ", RelayConfigFile.KnownSections)})")
            .ToList();
    }

    /// <summary>Unknown keys inside the sections the receiver owns (server, filter, cluster, telemetry).</summary>
    public static IEnumerable<string> ReceiverKeys(IConfiguration configuration) =>
        UnknownKeys.Find<IntakeOptions>(configuration.GetSection("server"))
            .Concat(UnknownKeys.Find<FilterOptions>(configuration.GetSection("filter")))
            .Concat(UnknownKeys.Find<RelayClusterOptions>(configuration.GetSection("cluster")))
            .Concat(UnknownKeys.Find<TelemetryOptions>(configuration.GetSection("telemetry")));

    /// <summary>Stops start-up when the file holds an unknown section or key, listing each as <c>--validate</c> does.</summary>
    public static void ThrowIfAny(string? path, IConfiguration configuration)
    {
        if (path is null)
        {
            return;
        }

        var errors = Sections(path).Concat(ReceiverKeys(configuration)).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidDataException(
                $"{path}: {errors.Count} error(s); Relay does not start with configuration it would ignore:"
                + string.Concat(errors.Select(e => Environment.NewLine + "  " + e)));
        }
    }
}
