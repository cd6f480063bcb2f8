using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Relay.Receiver;
using Relay.Testing;

namespace Relay.Integration.Tests.Faults;

/// <summary>
/// A split receiver (<see cref="ReceiverApp"/>: intake over an Orleans client, no grains) on a free loopback port,
/// joined to a Redis-clustered test cluster. Delivers events over real HTTP; a transport error is reported as null.
/// </summary>
public sealed class SplitReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private SplitReceiver(WebApplication app, int port)
    {
        _app = app;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Url => _http.BaseAddress!;

    /// <summary>Starts a receiver for the cluster <paramref name="serviceId"/>/<paramref name="clusterId"/> and waits until it is ready.</summary>
    public static async Task<SplitReceiver> StartAsync(string redis, string serviceId, string clusterId, string responseTimeout = "5s")
    {
        var port = FreePort.Next();
        var app = ReceiverApp.Create(
        [
            "--cluster:clustering", "redis", "--cluster:storage", "redis",
            "--cluster:redis:connection_string", redis,
            "--cluster:service_id", serviceId, "--cluster:cluster_id", clusterId,
            "--cluster:response_timeout", responseTimeout,
            "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
        ]);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var receiver = new SplitReceiver(app, port);
        await Wait.UntilAsync(async () => await receiver.ReadyAsync(), () => $"the split receiver on port {port} to connect to cluster {serviceId}", TimeSpan.FromSeconds(60));
        return receiver;
    }

    /// <summary>One delivery attempt, as Tekton makes it: the status code, or null for a transport error.</summary>
    public async Task<int?> SendAsync(TektonHttpEvent tektonEvent, CancellationToken cancellationToken)
    {
        try
        {
            using var request = tektonEvent.ToRequest(new Uri(_http.BaseAddress!, "/"));
            using var response = await _http.SendAsync(request, cancellationToken);
            return (int)response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<bool> ReadyAsync()
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("/readyz", UriKind.Relative));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
