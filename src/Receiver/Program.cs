namespace Relay.Receiver;

/// <summary>Split-receiver entry point: <c>dotnet run --project src/Receiver -- --config PATH --urls URL</c>.</summary>
internal static class Program
{
    public static async Task Main(string[] args) => await ReceiverApp.Create(args).RunAsync();
}
