using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Relay.Silo.Cli;

/// <summary>
/// <c>relay dead-letters list|replay|purge</c> over <c>/api/v1/dead-letters</c> (docs/dead-letters.md). A replay of a
/// filtered set starts a replay job and follows it with a progress bar until it finishes.
/// </summary>
internal static class DeadLetterCommands
{
    /// <summary>How often a replay job's progress is read.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private const string Api = "api/v1/dead-letters";

    public static Command Create(ConnectionOptions connection, CliConsole console, TimeProvider time)
    {
        var deadLetters = new Command("dead-letters", "Effects that failed for good: list, replay or purge them");
        connection.AddTo(deadLetters);
        deadLetters.Subcommands.Add(List(connection, console));
        deadLetters.Subcommands.Add(Replay(connection, console, time));
        deadLetters.Subcommands.Add(Purge(connection, console));
        return deadLetters;
    }

    private static Command List(ConnectionOptions connection, CliConsole console)
    {
        var filters = new DeadLetterFilterOptions();
        var limit = new Option<int?>("--limit") { Description = "At most this many entries (Relay's default 50, at most 500)" };
        var cursor = new Option<string?>("--cursor") { Description = "Continue after the previous page (its next_cursor)" };
        var command = new Command("list", "List dead letters, newest first") { limit, cursor };
        filters.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = connection.Connect(parse);
            var path = RelayApiClient.PathWith(Api, [
                .. filters.Query(parse),
                ("limit", parse.GetValue(limit)?.ToString(CultureInfo.InvariantCulture)),
                ("cursor", parse.GetValue(cursor)),
            ]);
            var page = (await client.ExpectAsync(HttpMethod.Get, path, cancellationToken)).Body!.Value;
            if (connection.Json(parse))
            {
                CliOutput.Json(console, page);
                return ExitCodes.Done;
            }

            var table = CliOutput.Table("ID", "RUN", "ACTION", "TYPE", "STATE", "REPLAYS", "ATTEMPTS", "FAILED AT", "CAUSE");
            foreach (var letter in CliOutput.Items(page, "items"))
            {
                CliOutput.Row(table, CliOutput.Text(letter, "id"), CliOutput.Text(letter, "run_key"), CliOutput.Text(letter, "action"),
                    CliOutput.Text(letter, "type"), CliOutput.Text(letter, "state"), CliOutput.Text(letter, "replays"),
                    CliOutput.Text(letter, "attempts"), CliOutput.Instant(letter, "failed_at"), CliOutput.Text(letter, "cause"));
            }

            console.Ansi.Write(table);
            console.Out.WriteLine($"{table.Rows.Count} of {CliOutput.Number(page, "total")} dead letter(s)");
            CliOutput.NextPage(console, page, "relay dead-letters list");
            return ExitCodes.Done;
        });
        return command;
    }

    private static Command Replay(ConnectionOptions connection, CliConsole console, TimeProvider time)
    {
        var filters = new DeadLetterFilterOptions();
        var id = new Argument<string?>("id") { Description = "One dead letter's id (or give filters, or --all)", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Replay every dead letter (required when no filter is given)" };
        var includeReplaying = new Option<bool>("--include-replaying") { Description = "Also replay entries already replaying" };
        var noWait = new Option<bool>("--no-wait") { Description = "Start the replay job and print it without following its progress" };
        var command = new Command("replay", "Replay one dead letter, or start a replay job for every entry matching filters") { id, all, includeReplaying, noWait };
        filters.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var one = parse.GetValue(id);
            var many = filters.Any(parse) || parse.GetValue(all);
            if (one is not null && (many || parse.GetValue(includeReplaying)))
            {
                throw new CliFailure(ExitCodes.Usage, "give either a dead-letter id or filters (or --all), not both");
            }

            if (one is null && !many)
            {
                throw new CliFailure(ExitCodes.Usage, "give a dead-letter id, filters such as --cause 422, or --all to replay every dead letter");
            }

            using var client = connection.Connect(parse);
            if (one is not null)
            {
                return await ReplayOneAsync(client, connection.Json(parse), console, one, cancellationToken);
            }

            var path = RelayApiClient.PathWith($"{Api}/replay", [
                .. filters.Query(parse),
                ("all", parse.GetValue(all) ? "true" : null),
                ("include_replaying", parse.GetValue(includeReplaying) ? "true" : null),
            ]);
            var started = await client.ExpectAsync(HttpMethod.Post, path, cancellationToken);
            var job = started.Body!.Value;
            var json = connection.Json(parse);
            if (!parse.GetValue(noWait) && CliOutput.Text(job, "state") == "running")
            {
                var location = started.Location ?? throw new CliFailure(ExitCodes.Failed, "Relay started a replay job but did not say where to follow it (no Location)");
                job = json
                    ? await FollowAsync(client, location, job, _ => { }, time, cancellationToken)
                    : await FollowWithProgressAsync(client, location, job, console, time, cancellationToken);
            }

            if (json)
            {
                CliOutput.Json(console, job);
            }
            else
            {
                RenderJob(console, job);
            }

            if (CliOutput.Text(job, "state") == "failed")
            {
                console.Error.WriteLine($"relay: {CliOutput.Number(job, "failed")} dead letter(s) could not be handed over; they are failed again and can be replayed later");
                return ExitCodes.Failed;
            }

            return ExitCodes.Done;
        });
        return command;
    }

    private static async Task<int> ReplayOneAsync(RelayApiClient client, bool json, CliConsole console, string id, CancellationToken cancellationToken)
    {
        var answer = await client.SendAsync(HttpMethod.Post, $"{Api}/{Uri.EscapeDataString(id)}/replay", cancellationToken);
        // 503 with an outcome: the run grain could not take it (the entry is failed again).
        if (!answer.Succeeded && !(answer.Body is { } refused && CliOutput.Text(refused, "outcome") is not null))
        {
            throw client.Refusal(answer);
        }

        var body = answer.Body!.Value;
        if (json)
        {
            CliOutput.Json(console, body);
        }
        else
        {
            console.Out.WriteLine($"{id}: {CliOutput.Text(body, "outcome")}");
        }

        if (!answer.Succeeded)
        {
            console.Error.WriteLine($"relay: {id} could not be handed over: {CliOutput.Text(body, "error")}");
            return ExitCodes.Failed;
        }

        return ExitCodes.Done;
    }

    /// <summary>Reads the job at <paramref name="location"/> until it is no longer running.</summary>
    private static async Task<JsonElement> FollowAsync(
        RelayApiClient client, Uri location, JsonElement job, Action<JsonElement> progress, TimeProvider time, CancellationToken cancellationToken)
    {
        while (CliOutput.Text(job, "state") == "running")
        {
            progress(job);
            await Task.Delay(PollInterval, time, cancellationToken);
            job = (await client.ExpectAsync(HttpMethod.Get, location.AbsoluteUri, cancellationToken)).Body!.Value;
        }

        progress(job);
        return job;
    }

    private static async Task<JsonElement> FollowWithProgressAsync(
        RelayApiClient client, Uri location, JsonElement job, CliConsole console, TimeProvider time, CancellationToken cancellationToken)
    {
        var result = job;
        await console.Ansi.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("replaying dead letters", maxValue: Math.Max(1, CliOutput.Number(job, "total")));
                result = await FollowAsync(client, location, job, current =>
                {
                    task.MaxValue = Math.Max(1, CliOutput.Number(current, "total"));
                    task.Value = CliOutput.Number(current, "done");
                    task.Description = $"replayed {CliOutput.Number(current, "done")} of {CliOutput.Number(current, "total")}";
                }, time, cancellationToken);
                task.Value = task.MaxValue;
                task.StopTask();
            });
        return result;
    }

    private static void RenderJob(CliConsole console, JsonElement job)
    {
        var grid = new Grid().AddColumn().AddColumn();
        void Line(string label, string? value) => grid.AddRow(new Text(label), new Text(value ?? "-"));
        Line("job", CliOutput.Text(job, "id"));
        Line("state", CliOutput.Text(job, "state"));
        Line("done", $"{CliOutput.Number(job, "done")} of {CliOutput.Number(job, "total")}");
        Line("replayed", CliOutput.Text(job, "replayed"));
        Line("failed", CliOutput.Text(job, "failed"));
        if (CliOutput.Property(job, "outcomes") is { ValueKind: JsonValueKind.Object } outcomes)
        {
            Line("outcomes", string.Join(", ", outcomes.EnumerateObject().Select(o => $"{o.Name} {o.Value.GetRawText()}")));
        }

        console.Ansi.Write(grid);
        var failures = CliOutput.Items(job, "failures").ToList();
        if (failures.Count > 0)
        {
            var table = CliOutput.Table("FAILED ID", "ERROR");
            foreach (var failure in failures)
            {
                CliOutput.Row(table, CliOutput.Text(failure, "id"), CliOutput.Text(failure, "error"));
            }

            console.Ansi.Write(table);
        }
    }

    private static Command Purge(ConnectionOptions connection, CliConsole console)
    {
        var filters = new DeadLetterFilterOptions();
        var id = new Argument<string?>("id") { Description = "One dead letter's id (or give filters, or --all)", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Purge every dead letter (required when no filter is given)" };
        var command = new Command("purge", "Delete one dead letter, or every entry matching filters, without replaying") { id, all };
        filters.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var one = parse.GetValue(id);
            var many = filters.Any(parse) || parse.GetValue(all);
            if (one is not null && many)
            {
                throw new CliFailure(ExitCodes.Usage, "give either a dead-letter id or filters (or --all), not both");
            }

            if (one is null && !many)
            {
                throw new CliFailure(ExitCodes.Usage, "give a dead-letter id, filters such as --older-than 7d, or --all to purge every dead letter");
            }

            using var client = connection.Connect(parse);
            JsonElement result;
            if (one is not null)
            {
                await client.ExpectAsync(HttpMethod.Delete, $"{Api}/{Uri.EscapeDataString(one)}", cancellationToken);
                result = JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["purged"] = 1, ["id"] = one });
            }
            else
            {
                var path = RelayApiClient.PathWith(Api, [.. filters.Query(parse), ("all", parse.GetValue(all) ? "true" : null)]);
                result = (await client.ExpectAsync(HttpMethod.Delete, path, cancellationToken)).Body!.Value;
            }

            if (connection.Json(parse))
            {
                CliOutput.Json(console, result);
            }
            else
            {
                console.Out.WriteLine($"purged {CliOutput.Number(result, "purged")} dead letter(s)");
            }

            return ExitCodes.Done;
        });
        return command;
    }
}
