using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Relay.Silo.Hosting;
using Relay.Testing;

namespace Relay.Integration.Tests;

/// <summary>
/// One all-in-one Relay node started in-process on real loopback ports (HTTP, silo, gateway), with a YAML
/// configuration file written the way a user would write it.
/// </summary>
public sealed class RelayNode : IAsyncDisposable
{
    private readonly string _directory;

    private RelayNode(WebApplication app, string directory, Uri baseAddress)
    {
        App = app;
        _directory = directory;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>Starts a node; <paramref name="yaml"/> null means no configuration file at all (embedded defaults).</summary>
    public static async Task<RelayNode> StartAsync(string? yaml, Action<WebApplicationBuilder>? customize = null)
    {
        var directory = Directory.CreateTempSubdirectory("relay-node-").FullName;
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            "--cluster:silo_port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--cluster:gateway_port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (yaml is not null)
        {
            var path = Path.Combine(directory, "relay.yaml");
            await File.WriteAllTextAsync(path, yaml);
            args.AddRange(["--config", path]);
        }

        var app = RelayApp.Create([.. args], customize);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RelayNode(app, directory, new Uri(address));
    }

    /// <summary>A GitHub instance with a token file and a commit_status action, as YAML.</summary>
    public static string GitHubConfig(string baseUrl, string tokenFile, bool contextPerTask = true, string extra = "") => $"""
        dashboard_url: https://tekton.example.com
        {extra}
        scm:
          github:
            - name: github
              base_url: {baseUrl}
              auth:
                token_file: {tokenFile}
              budget:
                enabled: false
              actions:
                - name: checks
                  type: commit_status
                  context_per_task: {(contextPerTask ? "true" : "false")}
        """;

    public async Task<HttpResponseMessage> PostAsync(TektonHttpEvent tektonEvent)
    {
        using var request = tektonEvent.ToRequest(new Uri(BaseAddress, "/"));
        return await Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> PostRawAsync(string body, string contentType = "application/json", IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
