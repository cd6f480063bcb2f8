using Microsoft.Extensions.Options;
using Relay.Grains;
using Relay.Grains.Actions.GitHub;
using Relay.Grains.DeadLetters;
using Relay.Grains.Events;
using Relay.Grains.Runs;
using Relay.Receiver;
using Relay.Receiver.Cluster;
using Relay.Receiver.Configuration;
using Relay.Receiver.Filtering;
using Relay.Receiver.Intake;
using Relay.Receiver.Telemetry;

namespace Relay.Silo.Configuration;

/// <summary>
/// <c>--validate</c>: checks a configuration file with the same binders and validators the host uses, lists
/// every error with its path, and exits 0 (valid) or 1 — without starting anything.
/// </summary>
public static class ConfigValidationCommand
{
    public const string Flag = "--validate";

    public static bool IsRequested(string[] args) => args.Contains(Flag, StringComparer.Ordinal);

    public static int Run(string[] args, TextWriter output)
    {
        var errors = Validate(args.Where(a => a != Flag).ToArray(), out var path, out var warnings);
        foreach (var warning in warnings)
        {
            output.WriteLine($"  warning: {warning}");
        }

        if (errors.Count == 0)
        {
            output.WriteLine($"{path}: valid{(warnings.Count > 0 ? $" ({warnings.Count} warning(s) above)" : "")}");
            return 0;
        }

        output.WriteLine($"{path ?? "configuration"}: {errors.Count} error(s)");
        foreach (var error in errors)
        {
            output.WriteLine($"  {error}");
        }

        return 1;
    }

    /// <summary>Every problem in the configuration named by <paramref name="args"/> (or <c>RELAY_CONFIG</c>).</summary>
    public static IReadOnlyList<string> Validate(string[] args, out string? path) => Validate(args, out path, out _);

    /// <summary>As above, and the <see cref="ConfigWarnings"/>: valid settings that cannot work as configured.</summary>
    public static IReadOnlyList<string> Validate(string[] args, out string? path, out IReadOnlyList<string> warnings)
    {
        warnings = [];
        var configuration = new ConfigurationManager();
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args);
        path = RelayConfigFile.PathFrom(configuration);
        if (path is null)
        {
            return ["no configuration file given: use --config PATH or set RELAY_CONFIG"];
        }

        var errors = new List<string>();
        try
        {
            configuration.AddRelayConfigFile();
        }
        catch (Exception exception) when (exception is IOException or FormatException or InvalidDataException or UnauthorizedAccessException
                                              || exception.GetType().Namespace?.StartsWith("YamlDotNet", StringComparison.Ordinal) == true)
        {
            return [$"cannot read the file: {exception.Message}"];
        }

        errors.AddRange(UnknownConfiguration.Sections(path));
        warnings = ConfigWarnings.Find(configuration);
        errors.AddRange(UnknownKeys.Find<IntakeOptions>(configuration.GetSection("server")));
        errors.AddRange(UnknownKeys.Find<FilterOptions>(configuration.GetSection("filter")));
        errors.AddRange(UnknownKeys.Find<RelayClusterOptions>(configuration.GetSection("cluster")));
        errors.AddRange(UnknownKeys.Find<ScmOptions>(configuration.GetSection("scm")));
        errors.AddRange(UnknownKeys.Find<DeadLetterOptions>(configuration.GetSection(DeadLetterOptions.Section)));
        errors.AddRange(UnknownKeys.Find<TelemetryOptions>(configuration.GetSection("telemetry")));
        errors.AddRange(RelayLogging.Validate(configuration));

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRelayReceiver(configuration);
        services.AddRelayGrains(configuration);
        using var provider = services.BuildServiceProvider();
        Check<IntakeOptions>(provider, "server", errors);
        Check<FilterOptions>(provider, "filter", errors);
        Check<RelayClusterOptions>(provider, "cluster", errors);
        Check<DedupeOptions>(provider, "dedupe_ttl", errors);
        Check<DashboardLinkOptions>(provider, "dashboard_url", errors);
        Check<RunRetentionOptions>(provider, "run_ttl", errors);
        Check<DeadLetterOptions>(provider, DeadLetterOptions.Section, errors);
        Check<ScmOptions>(provider, "scm", errors);
        Check<TelemetryOptions>(provider, "telemetry", errors);
        return errors;
    }

    private static void Check<TOptions>(IServiceProvider provider, string section, List<string> errors)
        where TOptions : class
    {
        try
        {
            _ = provider.GetRequiredService<IOptions<TOptions>>().Value;
        }
        catch (OptionsValidationException exception)
        {
            errors.AddRange(exception.Failures);
        }
        catch (InvalidOperationException exception)
        {
            var detail = exception.InnerException is { } inner ? $"{exception.Message} ({inner.Message})" : exception.Message;
            errors.Add($"{section}: {detail}");
        }
    }
}
