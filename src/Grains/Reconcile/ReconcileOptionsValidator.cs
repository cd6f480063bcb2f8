using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Relay.Reconcile;

namespace Relay.Grains.Reconcile;

/// <summary>Checks the <c>reconcile</c> section; every failure is reported with its path.</summary>
public sealed partial class ReconcileOptionsValidator : IValidateOptions<ReconcileOptions>
{
    /// <summary>The shortest <c>after</c> and <c>interval</c>.</summary>
    public static readonly TimeSpan Minimum = TimeSpan.FromSeconds(1);

    public ValidateOptionsResult Validate(string? name, ReconcileOptions options)
    {
        var errors = new List<string>();
        const string section = ReconcileOptions.Section;
        if (options.After.Value < Minimum)
        {
            errors.Add($"{section}.after: must be at least 1s (got {options.After})");
        }

        if (options.Interval.Value < Minimum)
        {
            errors.Add($"{section}.interval: must be at least 1s (got {options.Interval})");
        }

        for (var i = 0; i < options.Namespaces.Count; i++)
        {
            if (options.Namespaces[i] is not { Length: > 0 and <= 63 } ns || !NamespaceName().IsMatch(ns))
            {
                errors.Add($"{section}.namespaces[{i}]: '{options.Namespaces[i]}' is not a Kubernetes namespace name");
            }
        }

        if (options.Namespaces.Distinct(StringComparer.Ordinal).Count() != options.Namespaces.Count)
        {
            errors.Add($"{section}.namespaces: lists a namespace twice");
        }

        if (options.Enabled)
        {
            if (options.Namespaces.Count == 0)
            {
                errors.Add($"{section}.namespaces: list at least one namespace when {section}.enabled is true (Relay's Role is granted per namespace)");
            }

            if (options.Kubeconfig is { } path && !File.Exists(path))
            {
                errors.Add($"{section}.kubeconfig: file '{path}' does not exist");
            }
        }
        else if (options.Kubeconfig is { Length: 0 })
        {
            errors.Add($"{section}.kubeconfig: empty path");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamespaceName();
}
