using System.Globalization;

namespace Relay.Benchmark;

/// <summary>Command-line settings of one benchmark run.</summary>
internal sealed record BenchOptions
{
    /// <summary><c>--modes</c>: comma list of baseline, intake (all-in-one, no provider), allinone, redis1, redis3.</summary>
    public IReadOnlyList<string> Modes { get; init; } = ["baseline", "intake", "allinone", "redis1", "redis3"];

    /// <summary><c>--seconds</c>: measured seconds per closed-loop run.</summary>
    public int Seconds { get; init; } = 15;

    /// <summary><c>--concurrency</c>: in-flight requests of the closed loop.</summary>
    public int Concurrency { get; init; } = 32;

    /// <summary><c>--tasks</c>: tasks per PipelineRun.</summary>
    public int Tasks { get; init; } = 3;

    /// <summary><c>--repeat</c>: runs per mode; the report quotes medians.</summary>
    public int Repeat { get; init; } = 3;

    /// <summary><c>--open-loop-fraction</c>: the open-loop rate as a fraction of the measured closed-loop throughput.</summary>
    public double OpenLoopFraction { get; init; } = 0.5;

    /// <summary><c>--github-latency-ms</c>: how long the fake GitHub takes per status (a slow provider: delivery falls behind).</summary>
    public int GitHubLatencyMs { get; init; }

    /// <summary><c>--relay-env NAME=VALUE</c> (repeatable): environment of the Relay processes only (e.g. GC settings).</summary>
    public IReadOnlyList<string> RelayEnvironment { get; init; } = [];

    /// <summary><c>--scale N</c>: instead of the table, stream N distinct events through all-in-one and sample RSS.</summary>
    public long Scale { get; init; }

    /// <summary><c>--rate</c>: with <c>--scale</c>, an open-loop arrival rate (events/s) instead of the closed loop.</summary>
    public double Rate { get; init; }

    /// <summary><c>--serve-baseline URL</c>: internal, runs the bare endpoint in this process.</summary>
    public string? ServeBaseline { get; init; }

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--modes" => options with { Modes = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--seconds" => options with { Seconds = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--concurrency" => options with { Concurrency = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--tasks" => options with { Tasks = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--repeat" => options with { Repeat = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--open-loop-fraction" => options with { OpenLoopFraction = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--github-latency-ms" => options with { GitHubLatencyMs = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--relay-env" => options with { RelayEnvironment = [.. options.RelayEnvironment, Next()] },
                "--scale" => options with { Scale = long.Parse(Next(), CultureInfo.InvariantCulture) },
                "--rate" => options with { Rate = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--serve-baseline" => options with { ServeBaseline = Next() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return options;
    }
}
