using System.Net;
using System.Text.Json;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Actions;

/// <summary>Driving a run through a Relay node and waiting for its ledger, shared by the SCM provider tests.</summary>
internal static class ScmRunSupport
{
    /// <summary>Posts each event through the real intake; each must be accepted.</summary>
    public static async Task DeliverAsync(this RelayNode relay, IEnumerable<TektonHttpEvent> events)
    {
        foreach (var tektonEvent in events)
        {
            using var response = await relay.PostAsync(tektonEvent);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    /// <summary>Until the run's outbox is empty: nothing more of it will reach a provider.</summary>
    public static async Task WaitUntilDrainedAsync(this RelayNode relay, TektonRun run)
    {
        JsonElement snapshot = default;
        await Wait.UntilAsync(
            async () =>
            {
                snapshot = await relay.Http.GetFromJsonElementAsync($"/api/v1/runs/{run.Namespace}/{run.Name}");
                return snapshot.GetProperty("outbox_depth").GetInt32() == 0;
            },
            () => $"an empty outbox for {run.Name}; got {snapshot}");
    }

    /// <summary>Until the run's outbox is empty and <paramref name="expectedDelivered"/> ledger rows are delivered.</summary>
    public static async Task WaitUntilSettledAsync(this RelayNode relay, TektonRun run, int expectedDelivered, TimeSpan? deadline = null)
    {
        JsonElement snapshot = default;
        await Wait.UntilAsync(
            async () =>
            {
                snapshot = await relay.Http.GetFromJsonElementAsync($"/api/v1/runs/{run.Namespace}/{run.Name}");
                var ledger = snapshot.GetProperty("ledger").EnumerateArray().ToArray();
                return snapshot.GetProperty("outbox_depth").GetInt32() == 0
                    && ledger.Length == expectedDelivered
                    && ledger.All(l => l.GetProperty("delivery").GetString() == "delivered");
            },
            () => $"{expectedDelivered} delivered rows and an empty outbox; got {snapshot}",
            deadline);
    }
}
