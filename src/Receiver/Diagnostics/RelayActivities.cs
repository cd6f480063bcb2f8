using System.Diagnostics;

namespace Relay.Receiver.Diagnostics;

/// <summary>The receiver's spans on the <c>Relay</c> ActivitySource.</summary>
internal static class RelayActivities
{
    public const string SourceName = Relay.Diagnostics.RelayTelemetryNames.ActivitySource;

    public static readonly ActivitySource Source = new(SourceName);
}
