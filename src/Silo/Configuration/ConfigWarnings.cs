using Relay.Receiver.Configuration;

namespace Relay.Silo.Configuration;

/// <summary>
/// Settings that are valid but cannot work as configured, reported by <c>--validate</c> and logged at start-up without
/// stopping either. A token's scopes cannot be known offline (GitHub tells them only in answers), so only what the
/// configuration alone proves is reported: a <c>check_run</c> action on an instance without a GitHub App. Reads the configuration keys directly (<c>scm:github:N:…</c>), so it does not depend on how the
/// provider's option classes are organised.
/// </summary>
public static class ConfigWarnings
{
    /// <summary>Every warning for <paramref name="configuration"/>, each with the path it is about.</summary>
    public static IReadOnlyList<string> Find(IConfiguration configuration)
    {
        var warnings = new List<string>();
        foreach (var instance in configuration.GetSection("scm:github").GetChildren())
        {
            var dryRun = string.Equals(instance["dry_run"], "true", StringComparison.OrdinalIgnoreCase);
            var app = !string.IsNullOrWhiteSpace(instance["auth:app_id"]);
            foreach (var action in instance.GetSection("actions").GetChildren())
            {
                var type = action["type"];
                if (type == "check_run" && !app)
                {
                    warnings.Add($"{UnknownKeys.Display(action.Path)}: check_run needs a GitHub App (auth.app_id, installation_id, "
                        + "private_key_file; permission Checks: write): GitHub refuses check runs to a token, so "
                        + (dryRun ? "this works in dry_run only" : "every one would be dead-lettered"));
                }
            }
        }

        // Bitbucket refuses a build status without a url; Relay's url is the run's dashboard link.
        var dashboard = !string.IsNullOrWhiteSpace(configuration["dashboard_url"]);
        foreach (var instance in configuration.GetSection("scm:bitbucket").GetChildren())
        {
            var dryRun = string.Equals(instance["dry_run"], "true", StringComparison.OrdinalIgnoreCase);
            foreach (var action in instance.GetSection("actions").GetChildren().Where(a => a["type"] == "commit_status" && !dashboard))
            {
                warnings.Add($"{UnknownKeys.Display(action.Path)}: Bitbucket requires a url on every build status and Relay sends the "
                    + "run's dashboard link: set dashboard_url, or "
                    + (dryRun ? "this works in dry_run only" : "every status would be dead-lettered"));
            }
        }

        return warnings;
    }
}
