using Microsoft.Extensions.Options;
using Relay.Grains.Actions.Scm;
using Relay.Receiver.Cluster;

namespace Relay.Silo.Hosting;

/// <summary>Says at start-up what this node does: topology and configured actions (or that there are none).</summary>
internal sealed partial class StartupReport(
    IEnumerable<IScmInstanceNames> scm,
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

        var instances = scm.SelectMany(m => m.Describe().Select(i => (m.Provider, Instance: i))).ToList();
        if (instances.Sum(i => i.Instance.Actions.Count) == 0)
        {
            Log.NoActions(logger);
        }
        else if (logger.IsEnabled(LogLevel.Information))
        {
            foreach (var (provider, instance) in instances)
            {
                var list = string.Join(", ", instance.Actions);
                Log.Instance(logger, provider, instance.Name, instance.BaseUrl, list);
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
            Message = "No actions are configured: events are accepted and recorded, nothing is posted. Add actions to an instance under scm (github, gitlab, gitea, …) in a --config file.")]
        public static partial void NoActions(ILogger logger);

        [LoggerMessage(EventId = 6004, EventName = "ConfigurationWarning", Level = LogLevel.Warning,
            Message = "Configuration: {Warning}")]
        public static partial void ConfigurationWarning(ILogger logger, string warning);

        [LoggerMessage(EventId = 6003, EventName = "ScmInstance", Level = LogLevel.Information,
            Message = "{Provider} instance {Instance} at {BaseUrl}: {Actions}")]
        public static partial void Instance(ILogger logger, string provider, string instance, string baseUrl, string actions);
    }
}
