using System.Diagnostics;
using Xunit.Sdk;

namespace Relay.Testing;

/// <summary>Waits on conditions with a deadline (never a fixed sleep); a timeout says what was expected and found.</summary>
public static class Wait
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    public static async Task UntilAsync(Func<bool> condition, Func<string> describe, TimeSpan? deadline = null)
    {
        var limit = deadline ?? DefaultDeadline;
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new XunitException($"Timed out after {limit.TotalSeconds:0.#}s waiting: {describe()}");
            }

            await Task.Delay(25);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, Func<string> describe, TimeSpan? deadline = null)
    {
        var limit = deadline ?? DefaultDeadline;
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new XunitException($"Timed out after {limit.TotalSeconds:0.#}s waiting: {describe()}");
            }

            await Task.Delay(25);
        }
    }
}
