using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Relay.Grains.Runs;
using Relay.Integration.Tests.DeadLetters;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Notifiers;

/// <summary>
/// The notifiers end to end, through the real intake, against fake services over real HTTP and SMTP: a failing run
/// sends one message per notifier, the next green run one "fixed" Slack message and one PagerDuty resolve; duplicates,
/// re-emissions and replays send nothing more; failures are retried or dead-lettered; secrets never reach a log.
/// </summary>
public sealed class NotifierTests : IAsyncLifetime
{
    private NotifierSetup _setup = null!;
    private RelayNode _relay = null!;

    public async Task InitializeAsync()
    {
        _setup = await NotifierSetup.StartAsync();
        _relay = await RelayNode.StartAsync("dashboard_url: https://tekton.example.com\n" + _setup.Section(), builder =>
        {
            builder.Services.Configure<OutboxOptions>(o =>
            {
                o.InitialBackoff = TimeSpan.FromMilliseconds(50);
                o.MaxBackoff = TimeSpan.FromMilliseconds(500);
                o.MaxAttempts = 10;
            });
            builder.Logging.AddFakeLogging();
            builder.Logging.AddFilter("System.Net.Http", LogLevel.Trace);
            builder.Logging.AddFilter("Relay", LogLevel.Debug);
            builder.Logging.AddFilter("Polly", LogLevel.Debug);
        });
    }

    public async Task DisposeAsync()
    {
        await _relay.DisposeAsync();
        await _setup.DisposeAsync();
    }

    [Fact]
    public async Task A_failing_run_notifies_each_service_once_and_the_next_green_run_sends_one_fixed_message_and_one_resolve()
    {
        var services = _setup.Services;
        var pipeline = "deploy-" + Guid.NewGuid().ToString("N")[..6];
        var failing = new TektonRun("red-" + Guid.NewGuid().ToString("N")[..8], pipeline: pipeline);
        await DeliverAsync(Failing(failing));
        await WaitUntilSettledAsync(failing, rows: 7);

        Assert.Single(services.Delivered("slack"));
        Assert.Single(services.Delivered("teams"));
        Assert.Single(services.Delivered("discord"));
        Assert.Single(services.Delivered("chat"));
        Assert.Single(services.Delivered("hook"));
        Assert.Single(_setup.Smtp.Messages);
        var trigger = Assert.Single(services.Delivered("pagerduty")).Body!;
        Assert.Equal("trigger", (string?)trigger["event_action"]);
        Assert.Equal("critical", (string?)trigger["payload"]!["severity"]);
        var dedupKey = (string)trigger["dedup_key"]!;
        Assert.Equal($"relay/acme/webapp/{pipeline}/pr-42", dedupKey);

        // Every message names the pipeline, namespace, state, duration, the failed task with its reason, commit, PR and dashboard.
        var link = $"https://tekton.example.com/#/namespaces/ci/pipelineruns/{failing.Name}";
        foreach (var service in new[] { "slack", "teams", "discord", "chat", "pagerduty", "hook" })
        {
            var body = services.Delivered(service)[0].RawBody;
            foreach (var expected in new[] { pipeline, "failed", "build", "exited with code 2", failing.Sha[..7], "42", link })
            {
                Assert.True(body.Contains(expected, StringComparison.Ordinal) || (expected == "failed" && body.Contains("failure", StringComparison.Ordinal)),
                    $"{service} names '{expected}': {body}");
            }
        }

        var slack = services.Delivered("slack")[0].Body!;
        Assert.Equal("header", (string?)slack["blocks"]![0]!["type"]);
        Assert.Contains("Duration", slack.ToJsonString(), StringComparison.Ordinal);

        // The signed webhook: a structured CloudEvent of the state, signed with the intake's scheme (the fake checked it).
        var cloudEvent = services.Delivered("hook")[0];
        Assert.StartsWith("application/cloudevents+json", cloudEvent.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("1.0", (string?)cloudEvent.Body!["specversion"]);
        Assert.Equal("dev.relay.run.failure.v1", (string?)cloudEvent.Body["type"]);
        Assert.Equal("build", (string?)cloudEvent.Body["data"]!["failed_tasks"]![0]!["name"]);
        Assert.Matches("^sha256=[0-9a-f]{64}$", cloudEvent.Headers[FakeNotifierServices.SignatureHeader]);

        // The e-mail: a text and an HTML part, to both recipients.
        var mail = _setup.Smtp.Messages[0];
        Assert.Equal(["ci@example.com", "oncall@example.com"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Contains(pipeline, mail.Subject, StringComparison.Ordinal);
        Assert.Contains("build: failed", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<li>build: failed", mail.HtmlBody, StringComparison.Ordinal);

        // The next run of the same pipeline and PR is green: one "fixed" Slack message, one resolve with the trigger's key.
        var green = new TektonRun("green-" + Guid.NewGuid().ToString("N")[..8], pipeline: pipeline);
        await DeliverAsync(green.SuccessfulLifecycle("lint", "build"));
        await WaitUntilSettledAsync(green, rows: 2);
        Assert.Equal(2, services.Delivered("slack").Count);
        Assert.Contains("is fixed", services.Delivered("slack")[1].RawBody, StringComparison.Ordinal);
        var resolve = services.Delivered("pagerduty")[1].Body!;
        Assert.Equal(("resolve", dedupKey), ((string?)resolve["event_action"], (string?)resolve["dedup_key"]));

        // A second green run is not "fixed" and resolves nothing.
        var again = new TektonRun("again-" + Guid.NewGuid().ToString("N")[..8], pipeline: pipeline);
        await DeliverAsync(again.SuccessfulLifecycle("lint"));
        await WaitUntilSettledAsync(again, rows: 2);

        // Duplicates and re-emissions of every event of the three runs send nothing more.
        await DeliverAsync(Failing(failing));
        await DeliverAsync(Failing(failing).Select(e => e.Reemitted()));
        await DeliverAsync(green.SuccessfulLifecycle("lint", "build").Select(e => e.Reemitted()));
        await WaitUntilSettledAsync(failing, rows: 7);
        await WaitUntilSettledAsync(green, rows: 2);

        Assert.Equal(
            (2, 1, 1, 1, 2, 1, 1),
            (services.Delivered("slack").Count, services.Delivered("teams").Count, services.Delivered("discord").Count,
                services.Delivered("chat").Count, services.Delivered("pagerduty").Count, services.Delivered("hook").Count, _setup.Smtp.Messages.Count));
        Assert.DoesNotContain(services.Requests, r => r.Failed);
    }

    [Fact]
    public async Task A_notifier_answering_500_three_times_then_200_delivers_once()
    {
        var run = new TektonRun("flaky-" + Guid.NewGuid().ToString("N")[..8], pipeline: "flaky-" + Guid.NewGuid().ToString("N")[..6]);
        _setup.Services.FailNext("slack", 3, 500);
        _setup.Services.FailNext("pagerduty", 2, 429, new Dictionary<string, string> { ["Retry-After"] = "1" });
        await DeliverAsync(Failing(run));
        await WaitUntilSettledAsync(run, rows: 7, deadline: TimeSpan.FromSeconds(60));

        var slack = _setup.Services.Requests.Where(r => r.Service == "slack").ToArray();
        Assert.Equal([500, 500, 500, 200], slack.Select(r => r.StatusCode));
        Assert.Single(_setup.Services.Delivered("slack"));
        Assert.Equal([429, 429, 202], _setup.Services.Requests.Where(r => r.Service == "pagerduty").Select(r => r.StatusCode));
    }

    [Fact]
    public async Task A_fixed_message_whose_first_delivery_fails_is_still_sent_as_fixed_when_retried()
    {
        var pipeline = "retry-" + Guid.NewGuid().ToString("N")[..6];
        var red = new TektonRun("red-" + Guid.NewGuid().ToString("N")[..8], pipeline: pipeline);
        await DeliverAsync(Failing(red));
        await WaitUntilSettledAsync(red, rows: 7);

        // The first delivery of the green run's message asks the history (which records the success), then fails; the
        // outbox's retry asks again for the same run and must get the same answer, "the run before failed".
        _setup.Services.FailNext("slack", 3, 500);
        _setup.Services.FailNext("pagerduty", 3, 502);
        var green = new TektonRun("green-" + Guid.NewGuid().ToString("N")[..8], pipeline: pipeline);
        await DeliverAsync(green.SuccessfulLifecycle("lint", "build"));
        await WaitUntilSettledAsync(green, rows: 2, deadline: TimeSpan.FromSeconds(60));

        Assert.Equal(2, _setup.Services.Delivered("slack").Count);
        Assert.Contains("is fixed", _setup.Services.Delivered("slack")[1].RawBody, StringComparison.Ordinal);
        Assert.Equal("resolve", (string?)_setup.Services.Delivered("pagerduty")[1].Body!["event_action"]);
        Assert.Equal(4, _setup.Services.Requests.Count(r => r.Service == "slack" && r.Path.Length > 0 && r.RawBody.Contains("is fixed", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_run_without_scm_annotations_notifies_too()
    {
        var run = new TektonRun("plain-" + Guid.NewGuid().ToString("N")[..8], pipeline: "nightly-" + Guid.NewGuid().ToString("N")[..6]) { Annotated = false };
        await DeliverAsync(Failing(run));
        await WaitUntilSettledAsync(run, rows: 7);

        var slack = Assert.Single(_setup.Services.Delivered("slack"));
        Assert.Contains(run.Pipeline, slack.RawBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Repository", slack.RawBody, StringComparison.Ordinal);
        Assert.Equal($"relay/ns:ci/{run.Pipeline}/default", (string?)Assert.Single(_setup.Services.Delivered("pagerduty")).Body!["dedup_key"]);
    }

    [Fact]
    public async Task A_refused_message_is_dead_lettered_and_its_replay_delivers_it_once()
    {
        var run = new TektonRun("refused-" + Guid.NewGuid().ToString("N")[..8], pipeline: "refused-" + Guid.NewGuid().ToString("N")[..6]);
        _setup.Services.FailNext("discord", 1, 400);
        await DeliverAsync(Failing(run));

        var letter = Assert.Single(await _relay.WaitForDeadLettersAsync(run, l => l.Length == 1));
        Assert.Equal(400, letter.GetProperty("status_code").GetInt32());
        Assert.DoesNotContain(NotifierSetup.DiscordSecret, letter.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(_setup.Services.Delivered("discord"));

        using (var replay = await _relay.Http.PostAsync($"/api/v1/dead-letters/{letter.GetProperty("id").GetString()}/replay", content: null))
        {
            Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        }

        await _relay.WaitForDeadLettersAsync(run, l => l.Length == 0);
        await WaitUntilSettledAsync(run, rows: 7);
        Assert.Single(_setup.Services.Delivered("discord"));

        // Re-emitting the run's events after the replay sends nothing more anywhere.
        await DeliverAsync(Failing(run).Select(e => e.Reemitted()));
        await WaitUntilSettledAsync(run, rows: 7);
        Assert.Single(_setup.Services.Delivered("discord"));
        Assert.Single(_setup.Services.Delivered("slack"));
    }

    [Fact]
    public async Task Webhook_urls_routing_keys_and_passwords_never_reach_the_logs()
    {
        var run = new TektonRun("secret-" + Guid.NewGuid().ToString("N")[..8], pipeline: "secret-" + Guid.NewGuid().ToString("N")[..6]);
        _setup.Services.FailNext("teams", 1, 503);
        _setup.Services.FailNext("chat", 1, 404);
        await DeliverAsync(Failing(run));
        await _relay.WaitForDeadLettersAsync(run, l => l.Length == 1);
        await Wait.UntilAsync(() => _setup.Services.Delivered("teams").Count == 1, () => "teams delivered after its 503");

        var logs = _relay.Services.GetRequiredService<FakeLogCollector>().GetSnapshot();
        Assert.Contains(logs, l => l.Message.Contains("not delivered", StringComparison.Ordinal));
        foreach (var record in logs)
        {
            var text = record.Message + " " + record.Exception + " " + string.Join(" ", record.StructuredState?.Select(s => s.Value) ?? []);
            foreach (var secret in _setup.Secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }

        var snapshot = await _relay.Http.GetFromJsonElementAsync($"/api/v1/runs/{run.Namespace}/{run.Name}");
        foreach (var secret in _setup.Secrets)
        {
            Assert.DoesNotContain(secret, snapshot.GetRawText(), StringComparison.Ordinal);
        }
    }

    /// <summary>lint succeeds, build fails with a reason, the pipeline fails.</summary>
    internal static IEnumerable<TektonHttpEvent> Failing(TektonRun run) =>
    [
        run.PipelineRunEvent("started"),
        run.PipelineRunEvent("running"),
        run.TaskRunEvent("lint", "started", minute: 1),
        run.TaskRunEvent("lint", "successful", minute: 2),
        run.TaskRunEvent("build", "started", minute: 2),
        run.TaskRunEvent("build", "failed", reason: "Failed", message: "\"step-compile\" exited with code 2", minute: 3),
        run.PipelineRunEvent("failed", reason: "Failed", message: "Tasks Completed: 2 (Failed: 1, Cancelled 0), Skipped: 0", minute: 4),
    ];

    private async Task DeliverAsync(IEnumerable<TektonHttpEvent> events)
    {
        foreach (var tektonEvent in events)
        {
            using var response = await _relay.PostAsync(tektonEvent);
            Assert.True(response.IsSuccessStatusCode, $"{tektonEvent}: {(int)response.StatusCode}");
        }
    }

    private async Task WaitUntilSettledAsync(TektonRun run, int rows, TimeSpan? deadline = null)
    {
        JsonElement snapshot = default;
        await Wait.UntilAsync(
            async () =>
            {
                snapshot = await _relay.Http.GetFromJsonElementAsync($"/api/v1/runs/{run.Namespace}/{run.Name}");
                var ledger = snapshot.GetProperty("ledger").EnumerateArray().ToArray();
                return snapshot.GetProperty("outbox_depth").GetInt32() == 0
                    && ledger.Length == rows
                    && ledger.All(l => l.GetProperty("delivery").GetString() == "delivered");
            },
            () => $"{rows} delivered rows and an empty outbox; got {snapshot}",
            deadline);
    }
}
