using Microsoft.Extensions.Configuration;
using Relay.Receiver.Cluster;

namespace Relay.Deploy.Tests.Manifests;

/// <summary>A <c>relay.yaml</c> from a ConfigMap, read with the binder and option types Relay itself uses.</summary>
internal sealed class RelayConfig
{
    private readonly IConfigurationRoot _configuration;

    public RelayConfig(string yaml)
    {
        Yaml = yaml;
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(yaml));
        _configuration = new ConfigurationBuilder().AddYamlStream(stream).Build();
        Cluster = _configuration.GetSection("cluster").Get<RelayClusterOptions>() ?? new RelayClusterOptions();
    }

    public string Yaml { get; }

    /// <summary><c>server.management_port</c>: where <c>/metrics</c> and the probes answer (null: on the <c>--urls</c> port).</summary>
    public int? ManagementPort => _configuration.GetSection("server").GetValue<int?>("management_port");

    /// <summary>The <c>cluster</c> section with Relay's defaults for what the file leaves out.</summary>
    public RelayClusterOptions Cluster { get; }

    /// <summary>Every <c>scm.github[].auth.token_file</c>: files the pod must provide.</summary>
    public IEnumerable<string> TokenFiles => _configuration.GetSection("scm:github").GetChildren()
        .Select(instance => instance["auth:token_file"])
        .OfType<string>();
}
