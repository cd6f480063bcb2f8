using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Relay.Silo.Cli;

/// <summary>
/// <c>relay runs list [filters]</c> (<c>GET /api/v1/runs</c>) and <c>relay runs show NAMESPACE/NAME</c>
/// (<c>GET /api/v1/runs/{namespace}/{name}</c>).
/// </summary>
internal static class RunCommands
{
    public static Command Create(ConnectionOptions connection, CliConsole console)
    {
        var runs = new Command("runs", "Runs Relay has seen: list them, or show one with its tasks and effects");
        connection.AddTo(runs);
        runs.Subcommands.Add(List(connection, console));
        runs.Subcommands.Add(Show(connection, console));
        return runs;
    }

    private static Command List(ConnectionOptions connection, CliConsole console)
    {
        var ns = new Option<string?>("--namespace") { Description = "Only runs of this Kubernetes namespace" };
        var repository = new Option<string?>("--repository") { Description = "Only runs of this repository (owner/name)", HelpName = "owner/name" };
        var commit = new Option<string?>("--commit") { Description = "Only runs of this commit (full sha)", HelpName = "sha" };
        var pr = new Option<long?>("--pr") { Description = "Only runs of this pull request number" };
        var state = new Option<string?>("--state") { Description = "Only runs in this pipeline state (running, succeeded, failed, …)" };
        var undelivered = new Option<bool>("--undelivered") { Description = "Only runs with pending or dead-lettered effects" };
        var limit = new Option<int?>("--limit") { Description = "At most this many runs (Relay's default 50, at most 500)" };
        var cursor = new Option<string?>("--cursor") { Description = "Continue after the previous page (its next_cursor)" };
        var command = new Command("list", "List runs, newest first") { ns, repository, commit, pr, state, undelivered, limit, cursor };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = connection.Connect(parse);
            var path = RelayApiClient.PathWith("api/v1/runs",
            [
                ("namespace", parse.GetValue(ns)),
                ("repository", parse.GetValue(repository)),
                ("commit", parse.GetValue(commit)),
                ("pr", parse.GetValue(pr)?.ToString(CultureInfo.InvariantCulture)),
                ("state", parse.GetValue(state)),
                ("undelivered", parse.GetValue(undelivered) ? "true" : null),
                ("limit", parse.GetValue(limit)?.ToString(CultureInfo.InvariantCulture)),
                ("cursor", parse.GetValue(cursor)),
            ]);
            var page = (await client.ExpectAsync(HttpMethod.Get, path, cancellationToken)).Body!.Value;
            if (connection.Json(parse))
            {
                CliOutput.Json(console, page);
                return ExitCodes.Done;
            }

            var table = CliOutput.Table("RUN", "PIPELINE", "STATE", "REPOSITORY", "COMMIT", "PR", "LAST EVENT", "DELIVERED", "PENDING", "DEAD");
            foreach (var run in CliOutput.Items(page, "items"))
            {
                var effects = CliOutput.Property(run, "effects") ?? default;
                CliOutput.Row(table,
                    $"{CliOutput.Text(run, "namespace")}/{CliOutput.Text(run, "name")}",
                    CliOutput.Text(run, "pipeline"),
                    CliOutput.Text(run, "state"),
                    CliOutput.Text(run, "repository"),
                    CliOutput.Short(CliOutput.Text(run, "commit"), 12),
                    CliOutput.Text(run, "pr"),
                    CliOutput.Instant(run, "last_event_at"),
                    CliOutput.Text(effects, "delivered") ?? "0",
                    CliOutput.Text(effects, "pending") ?? "0",
                    CliOutput.Text(effects, "dead_lettered") ?? "0");
            }

            console.Ansi.Write(table);
            console.Out.WriteLine($"{table.Rows.Count} run(s)");
            CliOutput.NextPage(console, page, "relay runs list");
            return ExitCodes.Done;
        });
        return command;
    }

    private static Command Show(ConnectionOptions connection, CliConsole console)
    {
        var run = new Argument<string>("run") { Description = "The PipelineRun as namespace/name", HelpName = "namespace/name" };
        var command = new Command("show", "Show one run: its tasks, and each effect of its ledger with its delivery") { run };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(run)!;
            if (name.Split('/') is not [{ Length: > 0 } ns, { Length: > 0 } runName])
            {
                throw new CliFailure(ExitCodes.Usage, $"run: '{name}' is not namespace/name");
            }

            using var client = connection.Connect(parse);
            var snapshot = (await client.ExpectAsync(HttpMethod.Get, $"api/v1/runs/{Uri.EscapeDataString(ns)}/{Uri.EscapeDataString(runName)}", cancellationToken)).Body!.Value;
            if (connection.Json(parse))
            {
                CliOutput.Json(console, snapshot);
                return ExitCodes.Done;
            }

            Render(console, snapshot);
            return ExitCodes.Done;
        });
        return command;
    }

    private static void Render(CliConsole console, JsonElement snapshot)
    {
        var pipeline = CliOutput.Property(snapshot, "pipeline") ?? default;
        var scm = CliOutput.Property(snapshot, "scm") ?? default;
        var summary = new Grid().AddColumn().AddColumn();
        void Line(string label, string? value) => summary.AddRow(new Text(label), new Text(value ?? "-"));
        Line("run", CliOutput.Text(snapshot, "run_key"));
        Line("pipeline", CliOutput.Text(snapshot, "pipeline_name"));
        Line("state", CliOutput.Text(pipeline, "state"));
        Line("reason", CliOutput.Text(pipeline, "reason"));
        if (scm.ValueKind == JsonValueKind.Object)
        {
            foreach (var field in scm.EnumerateObject().Where(f => f.Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)))
            {
                Line(field.Name, CliOutput.Text(field.Value));
            }
        }

        Line("events recorded", CliOutput.Text(snapshot, "events_recorded"));
        Line("effects waiting", CliOutput.Text(snapshot, "outbox_depth"));
        console.Ansi.Write(summary);
        console.Out.WriteLine();

        var tasks = CliOutput.Table("TASK", "STATE", "REASON", "STARTED", "COMPLETED");
        foreach (var task in CliOutput.Items(snapshot, "tasks"))
        {
            CliOutput.Row(tasks, CliOutput.Text(task, "name"), CliOutput.Text(task, "state"), CliOutput.Text(task, "reason"),
                CliOutput.Instant(task, "start_time"), CliOutput.Instant(task, "completion_time"));
        }

        console.Ansi.Write(tasks);
        var ledger = CliOutput.Table("PROVIDER", "ACTION", "CONTEXT", "STATE", "DELIVERY", "DELIVERED AT", "ATTEMPTS", "LAST ERROR", "DEAD LETTER");
        foreach (var effect in CliOutput.Items(snapshot, "ledger"))
        {
            CliOutput.Row(ledger, CliOutput.Text(effect, "provider"), CliOutput.Text(effect, "action"), CliOutput.Text(effect, "context"),
                CliOutput.Text(effect, "state"), CliOutput.Text(effect, "delivery"), CliOutput.Instant(effect, "delivered_at"),
                CliOutput.Text(effect, "attempts"), CliOutput.Text(effect, "last_error"), CliOutput.Text(effect, "dead_letter_id"));
        }

        console.Ansi.Write(ledger);
    }
}
