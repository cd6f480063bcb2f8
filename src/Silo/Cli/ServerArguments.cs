using Relay.Receiver.Configuration;

namespace Relay.Silo.Cli;

/// <summary>
/// What the server (no verb) accepts besides <c>--config</c>, <c>--urls</c>, <c>--validate</c> and <c>--version</c>:
/// configuration overrides in .NET's command-line form — <c>--section:key value</c>, <c>--section:key=value</c>,
/// <c>/section:key value</c> or <c>section:key=value</c> — whose first segment is a section of relay.yaml
/// (<see cref="RelayConfigFile.KnownSections"/>) or a host setting (<c>--environment</c>, <c>Kestrel:…</c>, …). Anything
/// else is an unknown verb or flag: a usage error rather than a server started with the argument ignored.
/// </summary>
internal static class ServerArguments
{
    private static readonly HashSet<string> HostKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "environment", "contentRoot", "applicationName", "urls", "http_ports", "https_ports", "Kestrel", "AllowedHosts", "Orleans", "config",
    };

    private static readonly string[] HostPrefixes = ["DOTNET_", "ASPNETCORE_", "RELAY_"];

    /// <summary>Null when every token is a configuration override, else what is wrong with the first that is not.</summary>
    public static string? Check(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var dashed = token.StartsWith("--", StringComparison.Ordinal) ? 2 : token.StartsWith('/') ? 1 : 0;
            if (dashed == 0 && token.StartsWith('-'))
            {
                return $"unknown option '{token}'";
            }

            var body = token[dashed..];
            var equals = body.IndexOf('=', StringComparison.Ordinal);
            var key = equals >= 0 ? body[..equals] : body;
            if (dashed == 0 && equals < 0)
            {
                return $"unknown command '{token}' (commands: runs, dead-letters, version; see relay --help)";
            }

            if (key.Length == 0 || !IsConfigurationKey(key))
            {
                return dashed > 0 ? $"unknown option '{token}'" : $"unknown argument '{token}' (not a setting of relay.yaml)";
            }

            if (dashed > 0 && equals < 0)
            {
                if (i + 1 >= tokens.Count)
                {
                    return $"option '{token}' needs a value";
                }

                i++;
            }
        }

        return null;
    }

    private static bool IsConfigurationKey(string key)
    {
        var section = key.Split(':', 2)[0];
        return RelayConfigFile.KnownSections.Contains(section)
            || HostKeys.Contains(section)
            || HostPrefixes.Any(p => section.StartsWith(p, StringComparison.OrdinalIgnoreCase));
    }
}
