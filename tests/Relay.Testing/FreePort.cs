using System.Net;
using System.Net.Sockets;

namespace Relay.Testing;

/// <summary>
/// Free loopback TCP ports for silos, gateways and servers started by tests. They come from below the kernel's
/// ephemeral range (32768+), so an outgoing connection cannot take one between picking it and the server binding it.
/// </summary>
public static class FreePort
{
    private const int First = 20_000;
    private const int Last = 32_000;

    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(First, Last);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        throw new InvalidOperationException($"no free loopback port between {First} and {Last}");
    }
}
