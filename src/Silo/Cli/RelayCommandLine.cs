using System.CommandLine;
using Relay.Receiver.Diagnostics;
using Relay.Silo.Configuration;

namespace Relay.Silo.Cli;

/// <summary>
/// The <c>relay</c> command line (Relay.Silo's arguments), parsed by System.CommandLine. With no verb it starts Relay
/// (<c>--config</c>, <c>--urls</c> and configuration overrides, see <see cref="ServerArguments"/>), or validates its
/// configuration (<c>--validate</c>), or prints the build (<c>--version</c>). The verbs <c>runs</c>,
/// <c>dead-letters</c> and <c>version</c> talk to a running Relay over its HTTP API and exit with
/// <see cref="ExitCodes"/>: 0 done, 1 failed, 2 usage error, 3 not found.
/// </summary>
internal static class RelayCommandLine
{
    /// <summary>Parses <paramref name="args"/> and runs what they ask; <paramref name="serve"/> runs the server.</summary>
    public static async Task<int> RunAsync(
        string[] args, CliConsole console, Func<string[], Task> serve, Func<string, string?>? environment = null, TimeProvider? time = null)
    {
        var root = Build(args, console, serve, environment ?? Environment.GetEnvironmentVariable, time ?? TimeProvider.System);
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        // The root lets configuration overrides through (checked by ServerArguments); a verb takes nothing unknown.
        var unknown = parse.CommandResult.Command == root ? [] : parse.UnmatchedTokens.Select(t => $"unknown option or argument '{t}'");
        var errors = parse.Errors.Select(e => e.Message).Concat(unknown).ToList();
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                await console.Error.WriteLineAsync($"relay: {error}");
            }

            await console.Error.WriteLineAsync("See 'relay --help' (or 'relay <command> --help').");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false });
        }
        catch (CliFailure failure)
        {
            await console.Error.WriteLineAsync($"relay: {failure.Message}");
            return failure.ExitCode;
        }
    }

    private static RootCommand Build(string[] args, CliConsole console, Func<string[], Task> serve, Func<string, string?> environment, TimeProvider time)
    {
        var config = new Option<string?>("--config") { Description = "relay.yaml to run with [default: $RELAY_CONFIG, else in-memory all-in-one]", HelpName = "path" };
        var urls = new Option<string?>("--urls") { Description = "Where the HTTP endpoints listen, e.g. http://0.0.0.0:8080" };
        var validate = new Option<bool>(ConfigValidationCommand.Flag) { Description = "Check the configuration (--config) and exit 0 (valid) or 1" };
        var version = new Option<bool>("--version") { Description = "Print the build and exit" };
        var root = new RootCommand("Relay: Tekton CloudEvents to SCM feedback. Without a command it starts a Relay node; "
                                   + "configuration overrides such as --cluster:silo_port 11111 are accepted.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var builtIn in root.Options.OfType<VersionOption>().ToList())
        {
            root.Options.Remove(builtIn);
        }

        root.Options.Add(config);
        root.Options.Add(urls);
        root.Options.Add(validate);
        root.Options.Add(version);
        root.SetAction(async parse =>
        {
            if (ServerArguments.Check(parse.UnmatchedTokens) is { } problem)
            {
                throw new CliFailure(ExitCodes.Usage, problem);
            }

            if (parse.GetValue(version))
            {
                return VersionCommand.Run(console.Out);
            }

            if (parse.GetValue(validate))
            {
                return ConfigValidationCommand.Run(args, console.Out);
            }

            await serve(args);
            return ExitCodes.Done;
        });

        var connection = new ConnectionOptions(environment);
        root.Subcommands.Add(RunCommands.Create(connection, console));
        root.Subcommands.Add(DeadLetterCommands.Create(connection, console, time));
        root.Subcommands.Add(VersionVerb(console));
        return root;
    }

    private static Command VersionVerb(CliConsole console)
    {
        var output = new Option<string>("--output", "-o") { Description = "table (a line) or json", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");
        var command = new Command("version", "Print Relay's version (semantic version, commit, runtime)") { output };
        command.SetAction(parse =>
        {
            if (parse.GetValue(output) == "json")
            {
                CliOutput.Json(console, System.Text.Json.JsonSerializer.SerializeToElement(new Dictionary<string, string>
                {
                    ["version"] = RelayBuildInfo.Version,
                    ["commit"] = RelayBuildInfo.Commit,
                    ["runtime"] = RelayBuildInfo.Runtime,
                }));
                return ExitCodes.Done;
            }

            return VersionCommand.Run(console.Out);
        });
        return command;
    }
}
