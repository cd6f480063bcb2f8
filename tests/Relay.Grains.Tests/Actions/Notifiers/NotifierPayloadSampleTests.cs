using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Relay.Testing;
using Xunit;

namespace Relay.Grains.Actions.Notifiers.Tests;

/// <summary>
/// The bodies each kind sends for one failed run and for the "fixed" run after it, checked against the samples under
/// docs/images/notifiers/samples/ that docs/notifiers.md shows and tools/notifier-previews renders to pictures.
/// <c>RELAY_UPDATE_NOTIFIER_SAMPLES=1</c> rewrites the samples after an intended change.
/// </summary>
public sealed class NotifierPayloadSampleTests
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("RELAY_UPDATE_NOTIFIER_SAMPLES") == "1";

    public static TheoryData<string> Kinds => new(NotifierKinds.All);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_sends_the_documented_body(string kind)
    {
        foreach (var (name, command, message) in new[]
        {
            ("failure", Sample(kind, "failure"), kind == NotifierKinds.PagerDuty ? NotificationMessage.Trigger : NotificationMessage.Plain),
            ("fixed", Sample(kind, "success"), kind == NotifierKinds.PagerDuty ? NotificationMessage.Resolve : NotificationMessage.Fixed),
        })
        {
            var actual = Body(kind, command, message);
            var path = RepositoryRoot.File("docs", "images", "notifiers", "samples", $"{kind}-{name}.{(kind == NotifierKinds.Email ? "txt" : "json")}");
            if (Update)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, actual);
            }

            Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual.ReplaceLineEndings("\n"));
        }
    }

    private static string Body(string kind, NotificationCommand command, NotificationMessage message)
    {
        var indented = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        JsonObject json;
        switch (kind)
        {
            case NotifierKinds.PagerDuty:
                json = JsonSerializer.SerializeToNode(
                    PagerDutyNotifierExecutor.Event(new PagerDutyNotifierOptions { Name = "oncall", Severity = "critical" }, command, message, "<routing key>"),
                    NotifierJson.Default.PagerDutyEvent)!.AsObject();
                break;
            case NotifierKinds.Webhook:
                var (body, _) = WebhookNotifierExecutor.Body(new WebhookNotifierOptions { Name = "audit", Url = "https://hooks.example.com/tekton" }, command, message);
                json = JsonNode.Parse(body)!.AsObject();
                break;
            case NotifierKinds.Email:
                var mime = EmailNotifierExecutor.Message(
                    new EmailNotifierOptions { Name = "team-mail", From = "relay@example.com", To = ["ci@example.com"] }, command, message);
                return new StringBuilder()
                    .Append("Subject: ").AppendLine(mime.Subject)
                    .AppendLine("--- text/plain").Append(mime.TextBody)
                    .AppendLine("--- text/html").AppendLine(mime.HtmlBody).ToString();
            default:
                json = Chat(kind).Payload(command, message);
                break;
        }

        return json.ToJsonString(indented) + "\n";
    }

    private static ChatNotifierExecutor Chat(string kind) => kind switch
    {
        NotifierKinds.Slack => new SlackNotifierExecutor(null!, null!, null!, null!),
        NotifierKinds.Teams => new TeamsNotifierExecutor(null!, null!, null!, null!),
        NotifierKinds.Discord => new DiscordNotifierExecutor(null!, null!, null!, null!),
        _ => new GoogleChatNotifierExecutor(null!, null!, null!, null!),
    };

    /// <summary>A failed run of webapp-ci on PR 42 (lint passed, build failed), or the green run after it.</summary>
    internal static NotificationCommand Sample(string kind, string state) => new()
    {
        Kind = kind,
        Notifier = "ci-alerts",
        State = state,
        Notify = state == "failure",
        NotifyFixed = true,
        RecordsHistory = true,
        RunId = "ci/webapp-ci-run-7#1",
        HistoryKey = $"{kind}/ci-alerts|acme/webapp|webapp-ci|pr-42",
        DedupKey = "relay/acme/webapp/webapp-ci/pr-42",
        RunKey = state == "failure" ? "ci/webapp-ci-run-7" : "ci/webapp-ci-run-8",
        Name = state == "failure" ? "webapp-ci-run-7" : "webapp-ci-run-8",
        Namespace = "ci",
        Pipeline = "webapp-ci",
        RunKind = "pipelinerun",
        Reason = state == "failure" ? "Failed" : "Succeeded",
        Message = state == "failure" ? "Tasks Completed: 2 (Failed: 1, Cancelled 0), Skipped: 1" : "Tasks Completed: 3 (Failed: 0, Cancelled 0), Skipped: 0",
        Duration = state == "failure" ? "4m 12s" : "6m 3s",
        StartedAt = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero),
        CompletedAt = new DateTimeOffset(2026, 11, 30, 9, state == "failure" ? 4 : 6, 0, TimeSpan.Zero),
        Repository = "acme/webapp",
        Sha = "3f9c2e1d8b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d",
        PullRequest = 42,
        DashboardUrl = $"https://tekton.example.com/#/namespaces/ci/pipelineruns/{(state == "failure" ? "webapp-ci-run-7" : "webapp-ci-run-8")}",
        TaskCount = 3,
        SucceededCount = state == "failure" ? 1 : 3,
        FailedTasks = state == "failure" ? [new FailedTask("build", "failure", "Failed", "\"step-compile\" exited with code 2")] : [],
    };
}
