using Relay.Receiver.Health;

namespace Relay.Receiver.Cluster;

/// <summary>Closes the intake gate while the client has no gateway to the cluster, and reopens it when one is back.</summary>
internal sealed partial class ClusterConnectionMonitor(IntakeGate gate, ILogger<ClusterConnectionMonitor> logger) : IClusterConnectionStatusObserver
{
    public void NotifyClusterConnectionLost()
    {
        gate.Close("connection to the cluster lost");
        Log.ConnectionLost(logger);
    }

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways == 0)
        {
            gate.Close("no gateway to the cluster");
        }
        else if (connectionRecovered || previousNumberOfGateways == 0)
        {
            gate.Open();
        }

        Log.GatewaysChanged(logger, currentNumberOfGateways);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, EventName = "ClusterConnectionLost", Level = LogLevel.Warning,
            Message = "Lost the connection to the Relay cluster; events get 503 until it is back")]
        public static partial void ConnectionLost(ILogger logger);

        [LoggerMessage(EventId = 1102, EventName = "GatewaysChanged", Level = LogLevel.Information,
            Message = "Connected gateways: {Gateways}")]
        public static partial void GatewaysChanged(ILogger logger, int gateways);
    }
}
