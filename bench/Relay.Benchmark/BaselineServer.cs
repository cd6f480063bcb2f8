namespace Relay.Benchmark;

/// <summary>The practical limit of HTTP intake here: a bare ASP.NET Core endpoint that reads the body and answers 200.</summary>
internal static class BaselineServer
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/readyz", () => "ok");
        app.MapPost("/", async (HttpRequest request) =>
        {
            var buffer = new byte[16 * 1024];
            while (await request.Body.ReadAsync(buffer) > 0)
            {
            }

            return Results.Ok();
        });
        await app.RunAsync();
    }
}
