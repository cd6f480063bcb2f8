using Relay.Silo.Configuration;
using Xunit;

namespace Relay.Integration.Tests.Reconcile;

/// <summary>The <c>reconcile</c> section under <c>--validate</c> (the same validators the host runs at start).</summary>
public sealed class ReconcileConfigurationTests : IDisposable
{
    private readonly List<string> _files = [];

    [Fact]
    public void Enabled_section_with_namespaces_durations_and_kubeconfig_is_valid()
    {
        var kubeconfig = Write("apiVersion: v1\nkind: Config\n");
        var errors = Validate($"""
            reconcile:
              enabled: true
              namespaces: [ci, team-a]
              after: 5m
              interval: 30s
              kubeconfig: {kubeconfig}
            """);

        Assert.Empty(errors);
    }

    [Fact]
    public void Defaults_are_off_ten_minutes_and_one_minute()
    {
        var options = new Relay.Reconcile.ReconcileOptions();

        Assert.False(options.Enabled);
        Assert.Equal(TimeSpan.FromMinutes(10), options.After.Value);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Interval.Value);
        Assert.Empty(options.Namespaces);
        Assert.Empty(Validate("reconcile: { after: 1s, interval: 1s }"));
    }

    [Fact]
    public void Every_bad_reconcile_key_is_listed_with_its_path()
    {
        var errors = Validate("""
            reconcile:
              enabled: true
              namespaces: [ci, "Not_A_Namespace", ci]
              after: 500ms
              interval: 0s
              kubeconfig: /nonexistent/kubeconfig
              intervall: 1m
            """);

        Assert.Contains(errors, e => e.StartsWith("reconcile.after: must be at least 1s", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("reconcile.interval: must be at least 1s", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("reconcile.namespaces[1]: 'Not_A_Namespace' is not a Kubernetes namespace name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("reconcile.namespaces: lists a namespace twice", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("reconcile.kubeconfig: file '/nonexistent/kubeconfig' does not exist", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("reconcile.intervall", StringComparison.Ordinal) && e.Contains("unknown key", StringComparison.Ordinal));
    }

    [Fact]
    public void Enabled_without_namespaces_is_an_error()
    {
        var errors = Validate("reconcile: { enabled: true }");

        Assert.Contains(errors, e => e.StartsWith("reconcile.namespaces: list at least one namespace when reconcile.enabled is true", StringComparison.Ordinal));
    }

    [Fact]
    public void Duration_that_does_not_parse_names_the_key()
    {
        var errors = Validate("reconcile: { after: soon }");

        Assert.Contains(errors, e => e.StartsWith("reconcile:", StringComparison.Ordinal) && e.Contains("'soon' is not a duration", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }

    private IReadOnlyList<string> Validate(string yaml) => ConfigValidationCommand.Validate(["--config", Write(yaml)], out _);

    private string Write(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"relay-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, content);
        _files.Add(path);
        return path;
    }
}
