using Microsoft.Extensions.Configuration.Memory;

namespace Relay.Receiver.Configuration;

/// <summary>Loads Relay's configuration into a host: quiet defaults, the YAML file, then the usual .NET overrides.</summary>
public static class RelayConfigurationExtensions
{
    /// <summary>Quiet defaults for chatty framework categories; anything the user configures wins.</summary>
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Orleans"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
    };

    public static TBuilder AddRelayConfiguration<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        var path = builder.Configuration.AddRelayConfigFile();
        UnknownConfiguration.ThrowIfAny(path, builder.Configuration);
        return builder;
    }
}
