using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Relay.Benchmark;

/// <summary>A fake GitHub commit-status API that counts calls and reports duplicates (same sha, context, state).</summary>
internal sealed class GitHubSink : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Sha, string Context, string State), int> _statuses = new();
    private WebApplication? _app;
    private long _calls;

    public string BaseUrl { get; private set; } = "";

    public long Calls => Interlocked.Read(ref _calls);

    public long Duplicates => _statuses.Values.Sum(n => (long)Math.Max(0, n - 1));

    /// <summary>Added to every answer (a slow GitHub), so that delivery falls behind the events.</summary>
    public TimeSpan Latency { get; set; }

    public static async Task<GitHubSink> StartAsync()
    {
        var sink = new GitHubSink();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/repos/{owner}/{repo}/statuses/{sha}", async (string sha, HttpRequest request) =>
        {
            using var json = await JsonDocument.ParseAsync(request.Body);
            var context = json.RootElement.GetProperty("context").GetString()!;
            var state = json.RootElement.GetProperty("state").GetString()!;
            sink._statuses.AddOrUpdate((sha, context, state), 1, (_, n) => n + 1);
            Interlocked.Increment(ref sink._calls);
            if (sink.Latency > TimeSpan.Zero)
            {
                await Task.Delay(sink.Latency);
            }

            return Results.Json(new { id = 1, state, context }, statusCode: 201);
        });
        await app.StartAsync();
        sink._app = app;
        sink.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
        return sink;
    }

    public void Reset()
    {
        _statuses.Clear();
        Interlocked.Exchange(ref _calls, 0);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
