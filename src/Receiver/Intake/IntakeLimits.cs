using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Relay.Receiver.Intake;

/// <summary>
/// Kestrel's connection limits for a receiver facing the cluster network. Slow or stalled clients are cut off so they
/// cannot hold connections: headers must arrive within 15 s, and a body must keep flowing at 1 KiB/s or more after a
/// 10 s grace period (a 1.5 MiB Tekton event from the same cluster takes milliseconds). The request body limit is
/// <c>server.max_body_size</c> (enforced again per request, chunked bodies included, before anything is buffered).
/// </summary>
internal static class IntakeLimits
{
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(15);
    public static readonly MinDataRate MinRequestBodyDataRate = new(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(10));

    public static void Apply(KestrelServerLimits limits, IntakeOptions options)
    {
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
        limits.MinRequestBodyDataRate = MinRequestBodyDataRate;
        limits.MaxRequestBodySize = Math.Max(options.MaxBodySize.Bytes, limits.MaxRequestBodySize ?? 0);
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(130);
    }
}
