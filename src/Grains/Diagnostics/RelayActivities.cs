using System.Diagnostics;

namespace Relay.Grains.Diagnostics;

/// <summary>The grains' spans on the <c>Relay</c> ActivitySource.</summary>
internal static class RelayActivities
{
    public const string SourceName = Relay.Diagnostics.RelayTelemetryNames.ActivitySource;

    public static readonly ActivitySource Source = new(SourceName);
}
