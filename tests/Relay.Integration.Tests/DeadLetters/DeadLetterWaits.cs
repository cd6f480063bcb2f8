using System.Text.Json;
using Relay.Runs;
using Relay.Testing;

namespace Relay.Integration.Tests.DeadLetters;

/// <summary>Reading a run's dead letters through the API, and waiting for them with a deadline.</summary>
internal static class DeadLetterWaits
{
    /// <summary>The run's dead letters (list items), newest first.</summary>
    public static async Task<JsonElement[]> DeadLettersOfAsync(this RelayNode relay, TektonRun run)
    {
        var page = await relay.Http.GetFromJsonElementAsync(
            $"/api/v1/dead-letters?run={Uri.EscapeDataString(PipelineRunKey.For(run.Namespace, run.Name))}&limit=500");
        return page.GetProperty("items").EnumerateArray().ToArray();
    }

    /// <summary>Polls the run's dead letters until <paramref name="condition"/> holds; returns the last list read.</summary>
    public static async Task<JsonElement[]> WaitForDeadLettersAsync(
        this RelayNode relay, TektonRun run, Func<JsonElement[], bool> condition, Func<string>? describe = null)
    {
        JsonElement[] letters = [];
        await Wait.UntilAsync(
            async () => condition(letters = await relay.DeadLettersOfAsync(run)),
            () => $"dead letters of {run.Name} ({describe?.Invoke()}); got {string.Join(", ", letters.Select(l => $"{l.GetProperty("action")}:{l.GetProperty("state")}:{l.GetProperty("status_code")}"))}");
        return letters;
    }
}
