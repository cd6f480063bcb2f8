using System.Text.Json;
using Xunit.Sdk;

namespace Relay.Deploy.Tests.Tooling;

/// <summary>What <c>tools/validate.mjs</c> found: every schema or field-name error, prefixed with its file.</summary>
internal sealed record SchemaReport(int ObjectsChecked, IReadOnlyList<string> Errors)
{
    public IReadOnlyList<string> ErrorsIn(string file) => Errors.Where(e => e.StartsWith(file + ":", StringComparison.Ordinal)).ToList();
}

/// <summary>
/// Checks manifests against the Kubernetes API schemas with <c>tools/validate.mjs</c> (npm package kubernetes-models:
/// JSON schema per kind, plus TypeScript's check of field names, since the schemas accept unknown fields).
/// </summary>
internal static class SchemaValidator
{
    public static async Task<SchemaReport> ValidateAsync(IEnumerable<string> files)
    {
        var packages = Path.Combine(Repository.Tools, "node_modules", "kubernetes-models", "package.json");
        if (!File.Exists(packages))
        {
            throw new XunitException(
                $"the validator's npm packages are not installed ({packages} is missing): run 'npm ci --prefix tests/Relay.Deploy.Tests/tools' (bash tests/run.sh does).");
        }

        var node = Command.FindOnPath("node") ?? throw new XunitException("node is not on PATH: bash tests/run.sh installs Node.js.");
        var result = await Command.RunAsync(node, [Path.Combine(Repository.Tools, "validate.mjs"), .. files], TimeSpan.FromSeconds(120), Repository.Tools);
        if (result.ExitCode != 0)
        {
            throw new XunitException($"validate.mjs failed ({result.ExitCode}):\n{result.Error}");
        }

        using var report = JsonDocument.Parse(result.Output);
        return new SchemaReport(
            report.RootElement.GetProperty("checked").GetInt32(),
            report.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList());
    }
}
