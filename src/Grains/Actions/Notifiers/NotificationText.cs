using System.Text;

namespace Relay.Grains.Actions.Notifiers;

/// <summary>The wording every kind shares: title, colour, facts, the failed tasks, and a plain-text body.</summary>
internal static class NotificationText
{
    /// <summary>"webapp-ci failed" / "webapp-ci is fixed" / "build of webapp-ci failed".</summary>
    public static string Title(NotificationCommand c, NotificationMessage message)
    {
        var subject = c.Task is null ? c.Pipeline : $"{c.Task} of {c.Pipeline}";
        return message switch
        {
            NotificationMessage.Fixed => $"{subject} is fixed",
            NotificationMessage.Resolve => $"{subject} is green again",
            _ => $"{subject} {Verb(c.State)}",
        };
    }

    public static string Verb(string state) => state switch
    {
        "success" => "succeeded",
        "failure" => "failed",
        "error" => "errored",
        "canceled" => "was canceled",
        "running" => "is running",
        _ => "is pending",
    };

    public static string Emoji(string state, NotificationMessage message) => message == NotificationMessage.Fixed ? "🟢" : state switch
    {
        "success" => "✅",
        "failure" => "❌",
        "error" => "⚠️",
        "canceled" => "⏹️",
        _ => "⏳",
    };

    /// <summary>A hex colour (without <c>#</c>) for the state.</summary>
    public static string Colour(string state, NotificationMessage message) => message == NotificationMessage.Fixed ? "2EB67D" : state switch
    {
        "success" => "2EB67D",
        "failure" => "E01E5A",
        "error" => "ECB22E",
        _ => "9E9E9E",
    };

    /// <summary>The state word a message shows: <c>fixed</c> for a fixed success.</summary>
    public static string StateWord(NotificationCommand c, NotificationMessage message) => message == NotificationMessage.Fixed ? "fixed" : c.State;

    /// <summary>The facts every message carries, in order; missing ones are left out.</summary>
    public static IReadOnlyList<(string Name, string Value)> Facts(NotificationCommand c, NotificationMessage message)
    {
        var facts = new List<(string, string)>
        {
            ("Pipeline", c.Pipeline),
            ("Namespace", c.Namespace),
            ("Run", c.Name),
            ("State", StateWord(c, message)),
        };
        if (c.Duration is { Length: > 0 } duration)
        {
            facts.Add(("Duration", duration));
        }

        if (c.Repository is { } repository)
        {
            facts.Add(("Repository", repository));
        }

        if (c.ShortSha is { } sha)
        {
            facts.Add(("Commit", sha));
        }

        if (c.PullRequest is { } pr)
        {
            facts.Add(("Pull request", $"#{pr}"));
        }

        if (c.TaskCount > 0)
        {
            facts.Add(("Tasks", $"{c.SucceededCount}/{c.TaskCount} succeeded"));
        }

        return facts;
    }

    /// <summary>One line per failed task: "build: failed (Failed: exit code 1)".</summary>
    public static IReadOnlyList<string> FailedTaskLines(NotificationCommand c) =>
        c.FailedTasks.Select(t =>
        {
            var why = string.Join(": ", new[] { t.Reason, t.Message }.Where(s => !string.IsNullOrWhiteSpace(s)));
            return why.Length == 0 ? $"{t.Name}: {Verb(t.State)}" : $"{t.Name}: {Verb(t.State)} ({Shorten(why, 300)})";
        }).ToArray();

    /// <summary>The run's message when it says more than the state (a failed run's reason).</summary>
    public static string? Detail(NotificationCommand c) =>
        c.Message is { Length: > 0 } m && c.State is not "success" ? Shorten(m, 500) : null;

    /// <summary>The whole message as plain text (e-mail's text part, the default text of the chat kinds).</summary>
    public static string PlainText(NotificationCommand c, NotificationMessage message)
    {
        var text = new StringBuilder();
        text.Append(Emoji(c.State, message)).Append(' ').AppendLine(Title(c, message));
        if (c.Text is { Length: > 0 } custom)
        {
            text.AppendLine().AppendLine(custom);
        }

        text.AppendLine();
        foreach (var (name, value) in Facts(c, message))
        {
            text.Append(name).Append(": ").AppendLine(value);
        }

        if (Detail(c) is { } detail)
        {
            text.AppendLine().AppendLine(detail);
        }

        var failed = FailedTaskLines(c);
        if (failed.Count > 0)
        {
            text.AppendLine().AppendLine("Failed tasks:");
            foreach (var line in failed)
            {
                text.Append("- ").AppendLine(line);
            }
        }

        if (c.DashboardUrl is { } link)
        {
            text.AppendLine().Append("Dashboard: ").AppendLine(link);
        }

        return text.ToString();
    }

    public static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
