using Microsoft.Extensions.Options;
using Relay.Configuration;
using Relay.Grains;
using Relay.Receiver;
using Relay.Receiver.Configuration;
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
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRelayReceiver(configuration);
        services.AddRelayGrains(configuration);
        using var provider = services.BuildServiceProvider();

        // Every module registers the sections it binds (RelayConfigSection): keys and validators come from there.
        var sections = provider.GetServices<RelayConfigSection>().ToArray();

        // A section shared by several modules (scm: github, gitlab, …) knows the sub-sections registered under it.
        foreach (var parent in sections.Where(s => s.Path.Contains(':', StringComparison.Ordinal)).GroupBy(s => s.TopLevel, StringComparer.OrdinalIgnoreCase))
        {
            var children = parent.Select(s => s.Path[(parent.Key.Length + 1)..]).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var child in configuration.GetSection(parent.Key).GetChildren().Where(c => !children.Contains(c.Key)))
            {
                errors.Add($"{UnknownKeys.Display(child.Path)}: unknown key (known: {string.Join(", ", children.Order(StringComparer.Ordinal))})");
            }
        }

        foreach (var section in sections.Where(s => s.KeysType is not null))
        {
            errors.AddRange(UnknownKeys.Find(section.KeysType!, configuration.GetSection(section.Path)));
        }

        errors.AddRange(RelayLogging.Validate(configuration));
        foreach (var section in sections.Where(s => s.OptionsType is not null).DistinctBy(s => s.OptionsType))
        {
            Check(provider, section.OptionsType!, section.Path.Split(':')[0], errors);
        }

        return errors;
    }

    /// <summary>Binds and validates one options type as the host would (its validators report every failure with its path).</summary>
    private static void Check(IServiceProvider provider, Type optionsType, string section, List<string> errors)
    {
        try
        {
            var options = provider.GetRequiredService(typeof(IOptions<>).MakeGenericType(optionsType));
            _ = options.GetType().GetProperty(nameof(IOptions<object>.Value))!.GetValue(options);
        }
        catch (System.Reflection.TargetInvocationException wrapped) when (wrapped.InnerException is OptionsValidationException exception)
        {
            errors.AddRange(exception.Failures);
        }
        catch (System.Reflection.TargetInvocationException wrapped) when (wrapped.InnerException is InvalidOperationException exception)
        {
            var detail = exception.InnerException is { } inner ? $"{exception.Message} ({inner.Message})" : exception.Message;
            errors.Add($"{section}: {detail}");
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
