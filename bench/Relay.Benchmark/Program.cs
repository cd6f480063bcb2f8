using Relay.Benchmark;

// dotnet run -c Release --project bench/Relay.Benchmark -- [--modes baseline,allinone,redis1,redis3] [--seconds 15]
//   [--concurrency 32] [--tasks 3] [--repeat 3] | [--scale 1000000]
if (args.Length > 0 && args[0] == "--serve-baseline")
{
    await BaselineServer.RunAsync(args[1..]);
    return 0;
}

var options = BenchOptions.Parse(args);
return options.Scale > 0 ? await ScaleCheck.RunAsync(options) : await ThroughputBench.RunAsync(options);
