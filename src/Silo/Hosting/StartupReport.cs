using Microsoft.Extensions.Options;
using Relay.Grains.Actions.GitHub;
using Relay.Receiver.Cluster;

namespace Relay.Silo.Hosting;

/// <summary>Says at start-up what this node does: topology and configured actions (or that there are none).</summary>
internal sealed partial class StartupReport(
    IOptions<GitHubOptions> scm,
    IOptions<RelayClusterOptions> cluster,
    IConfiguration configuration,
    ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var file = Relay.Receiver.Configuration.RelayConfigFile.PathFrom(configuration) ?? "(none: embedded defaults)";
        Log.Topology(logger, Relay.Receiver.Diagnostics.RelayBuildInfo.Version, Relay.Receiver.Diagnostics.RelayBuildInfo.Commit, file, cluster.Value.Clustering, cluster.Value.Storage);
        foreach (var warning in Relay.Silo.Configuration.ConfigWarnings.Find(configuration))
        {
            Log.ConfigurationWarning(logger, warning);
        }

        var actions = scm.Value.GitHub.Sum(i => i.Actions.Count);
        if (actions == 0)
        {
            Log.NoActions(logger);
        }
        else if (logger.IsEnabled(LogLevel.Information))
        {
            foreach (var instance in scm.Value.GitHub)
            {
                var list = string.Join(", ", instance.Actions.Select(a => $"{a.Name} ({a.Type})"));
                Log.Instance(logger, instance.Name, instance.BaseUrl, list);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 6002, EventName = "ConfigurationLoaded", Level = LogLevel.Information,
            Message = "Relay {Version} (commit {Commit}) starting: config {File}, clustering {Clustering}, storage {Storage}")]
        public static partial void Topology(ILogger logger, string version, string commit, string file, string clustering, string storage);

        [LoggerMessage(EventId = 6001, EventName = "NoActionsConfigured", Level = LogLevel.Warning,
            Message = "No actions are configured: events are accepted and recorded, nothing is posted. Add scm.github[].actions to a --config file.")]
        public static partial void NoActions(ILogger logger);

        [LoggerMessage(EventId = 6004, EventName = "ConfigurationWarning", Level = LogLevel.Warning,
            Message = "Configuration: {Warning}")]
        public static partial void ConfigurationWarning(ILogger logger, string warning);

        [LoggerMessage(EventId = 6003, EventName = "GitHubInstance", Level = LogLevel.Information,
            Message = "GitHub instance {Instance} at {BaseUrl}: {Actions}")]
        public static partial void Instance(ILogger logger, string instance, string baseUrl, string actions);
    }
}
