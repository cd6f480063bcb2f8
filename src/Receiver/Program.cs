namespace Relay.Receiver;

/// <summary>Split-receiver entry point: <c>dotnet run --project src/Receiver -- --config PATH --urls URL</c>.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (Diagnostics.VersionCommand.IsRequested(args))
        {
            return Diagnostics.VersionCommand.Run(Console.Out);
        }

        await ReceiverApp.Create(args).RunAsync();
        return 0;
    }
}
