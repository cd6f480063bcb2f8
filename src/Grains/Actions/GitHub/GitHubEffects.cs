using System.Collections.ObjectModel;
using Octokit;
using Relay.Actions;

namespace Relay.Grains.Actions.GitHub;

/// <summary>
/// The Octokit calls behind each action type (SPEC §5). Each method brings about one <see cref="GitHubCommand"/> and
/// returns the id of what it created or edited, so the run grain edits it next time instead of creating another.
/// Exceptions are left to the caller's classifier, except where an id must survive a half-done call.
/// </summary>
internal static class GitHubEffects
{
    /// <summary>Comments are capped by GitHub at 65,536 characters; check run summaries at 65,535.</summary>
    public const int MaxBodyLength = 65_535;

    /// <summary>The deployment payload key holding the run's marker, so an ambiguous create can be found again.</summary>
    public const string PayloadMarker = "relay";

    /// <summary>A success that names what it created or edited (the ledger's memo keeps it).</summary>
    private static ActionResult Done(int status, long id) =>
        ActionResult.Success(status, new EffectMemo { ResourceId = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    /// <summary>Applies <paramref name="command"/>; <paramref name="time"/> reads rate-limit resets of half-done effects.</summary>
    public static Task<ActionResult> ApplyAsync(IGitHubClient client, GitHubCommand command, TimeProvider time) => command.Type switch
    {
        GitHubActionTypes.CommitStatus => PostCommitStatusAsync(client, command),
        GitHubActionTypes.CheckRun => UpsertCheckRunAsync(client, command),
        GitHubActionTypes.PrComment or GitHubActionTypes.IssueComment => CommentAsync(client, command),
        GitHubActionTypes.CommitComment => CommitCommentAsync(client, command),
        GitHubActionTypes.DeploymentStatus => DeploymentStatusAsync(client, command, time),
        GitHubActionTypes.Label => LabelAsync(client, command),
        _ => Task.FromResult(new ActionResult { Outcome = ActionOutcome.PermanentFailure, Error = $"unknown action type '{command.Type}'" }),
    };

    private static async Task<ActionResult> PostCommitStatusAsync(IGitHubClient client, GitHubCommand command)
    {
        await client.Repository.Status.Create(command.Owner, command.Repository, command.Sha, new NewCommitStatus
        {
            State = command.State switch
            {
                "pending" => CommitState.Pending,
                "success" => CommitState.Success,
                "failure" => CommitState.Failure,
                _ => CommitState.Error,
            },
            Context = command.Context,
            Description = command.Description,
            TargetUrl = command.TargetUrl,
        });
        return ActionResult.Success(201);
    }

    /// <summary>Created once (found again by <c>external_id</c> if its id was lost), then updated in place.</summary>
    private static async Task<ActionResult> UpsertCheckRunAsync(IGitHubClient client, GitHubCommand command)
    {
        var name = command.Name ?? command.Context ?? "tekton";
        var status = command.State switch
        {
            "queued" => CheckStatus.Queued,
            "completed" => CheckStatus.Completed,
            _ => CheckStatus.InProgress,
        };
        StringEnum<CheckConclusion>? conclusion = status == CheckStatus.Completed ? ToConclusion(command.Conclusion) : null;
        var output = new NewCheckRunOutput(command.Title ?? name, Truncate(command.Body ?? ""));

        var id = command.ResourceId;
        if (id is null && command.ExternalId is { } externalId)
        {
            var existing = await client.Check.Run.GetAllForReference(
                command.Owner, command.Repository, command.Sha, new CheckRunRequest { CheckName = name }, new ApiOptions { PageSize = 100 });
            id = existing.CheckRuns.LastOrDefault(r => r.ExternalId == externalId)?.Id;
        }

        if (id is { } checkRunId)
        {
            await client.Check.Run.Update(command.Owner, command.Repository, checkRunId, new CheckRunUpdate
            {
                Status = status,
                Conclusion = conclusion,
                DetailsUrl = command.TargetUrl,
                CompletedAt = status == CheckStatus.Completed ? command.CompletedAt : null,
                Output = output,
            });
            return Done(200, checkRunId);
        }

        var created = await client.Check.Run.Create(command.Owner, command.Repository, new NewCheckRun(name, command.Sha)
        {
            Status = status,
            Conclusion = conclusion,
            ExternalId = command.ExternalId,
            DetailsUrl = command.TargetUrl,
            StartedAt = command.StartedAt,
            CompletedAt = status == CheckStatus.Completed ? command.CompletedAt : null,
            Output = output,
        });
        return Done(201, created.Id);
    }

    private static CheckConclusion ToConclusion(string? conclusion) => conclusion switch
    {
        "success" => CheckConclusion.Success,
        "cancelled" => CheckConclusion.Cancelled,
        "timed_out" => CheckConclusion.TimedOut,
        "neutral" => CheckConclusion.Neutral,
        "skipped" => CheckConclusion.Skipped,
        _ => CheckConclusion.Failure,
    };

    /// <summary>
    /// <c>create</c>: a new comment. <c>upsert</c>: edit the stored comment; without one (or if it was deleted), find
    /// Relay's comment by its hidden marker across every page, else create it.
    /// </summary>
    private static async Task<ActionResult> CommentAsync(IGitHubClient client, GitHubCommand command)
    {
        if (command.Number is not { } number)
        {
            return new ActionResult { Outcome = ActionOutcome.PermanentFailure, Error = $"{command.Type}: the run names no pull request or issue number" };
        }

        var body = Truncate(command.Body ?? "");
        if (command.Upsert)
        {
            if (command.ResourceId is { } known)
            {
                try
                {
                    await client.Issue.Comment.Update(command.Owner, command.Repository, known, body);
                    return Done(200, known);
                }
                catch (NotFoundException)
                {
                    // Deleted by someone: look for another marked comment, else post a new one.
                }
            }

            if (command.Marker is { Length: > 0 } marker)
            {
                var comments = await client.Issue.Comment.GetAllForIssue(command.Owner, command.Repository, number, new ApiOptions { PageSize = 100 });
                var mine = comments.LastOrDefault(c => c.Body?.Contains(marker, StringComparison.Ordinal) == true);
                if (mine is not null)
                {
                    await client.Issue.Comment.Update(command.Owner, command.Repository, mine.Id, body);
                    return Done(200, mine.Id);
                }
            }
        }

        if (!command.Upsert && command.MaybeCreated && command.Marker is { Length: > 0 } createdMarker)
        {
            // An earlier attempt may have created it without a clear answer: find it rather than post a second one.
            var comments = await client.Issue.Comment.GetAllForIssue(command.Owner, command.Repository, number, new ApiOptions { PageSize = 100 });
            if (comments.LastOrDefault(c => c.Body?.Contains(createdMarker, StringComparison.Ordinal) == true) is { } earlier)
            {
                return Done(200, earlier.Id);
            }
        }

        var created = await client.Issue.Comment.Create(command.Owner, command.Repository, number, body);
        return Done(201, created.Id);
    }

    private static async Task<ActionResult> CommitCommentAsync(IGitHubClient client, GitHubCommand command)
    {
        if (command.MaybeCreated && command.Marker is { Length: > 0 } marker)
        {
            var comments = await client.Repository.Comment.GetAllForCommit(command.Owner, command.Repository, command.Sha, new ApiOptions { PageSize = 100 });
            if (comments.LastOrDefault(c => c.Body?.Contains(marker, StringComparison.Ordinal) == true) is { } earlier)
            {
                return Done(200, earlier.Id);
            }
        }

        var created = await client.Repository.Comment.Create(command.Owner, command.Repository, command.Sha, new NewCommitComment(Truncate(command.Body ?? "")));
        return Done(201, created.Id);
    }

    /// <summary>One deployment per (run, environment), created on first use; then one status per state.</summary>
    private static async Task<ActionResult> DeploymentStatusAsync(IGitHubClient client, GitHubCommand command, TimeProvider time)
    {
        var id = command.ResourceId;
        if (id is null && command.MaybeCreated && command.Marker is { Length: > 0 } marker)
        {
            // An earlier attempt may have created the deployment: it carries the run's marker in its payload.
            // Newest first: the first page holds a deployment made moments ago.
            var recent = await client.Repository.Deployment.GetAll(command.Owner, command.Repository, new ApiOptions { PageSize = 100, PageCount = 1, StartPage = 1 });
            id = recent.FirstOrDefault(d => d.Sha == command.Sha && d.Environment == command.Environment
                && d.Payload is { } payload && payload.TryGetValue(PayloadMarker, out var value) && value?.ToString() == marker)?.Id;
        }

        if (id is null)
        {
            var deployment = await client.Repository.Deployment.Create(command.Owner, command.Repository, new NewDeployment(command.Sha)
            {
                Environment = command.Environment,
                Description = command.Description,
                AutoMerge = false,
                // No required contexts: GitHub would refuse (409) while this very run's statuses are pending.
                RequiredContexts = new Collection<string>(),
                Payload = command.Marker is { Length: > 0 } m ? new Dictionary<string, string> { [PayloadMarker] = m } : null,
            });
            id = deployment.Id;
        }

        try
        {
            await client.Repository.Deployment.Status.Create(command.Owner, command.Repository, id.Value, new NewDeploymentStatus(ToDeploymentState(command.State))
            {
                Description = command.Description,
                LogUrl = command.TargetUrl,
                EnvironmentUrl = command.EnvironmentUrl,
            });
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The deployment exists now: the retry must post its status, not create a second deployment.
            return GitHubErrorClassifier.Classify(exception, time) with
            {
                Memo = new EffectMemo { ResourceId = id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                Ambiguous = GitHubErrorClassifier.IsAmbiguous(exception),
            };
        }

        return Done(201, id.Value);
    }

    private static DeploymentState ToDeploymentState(string? state) => state switch
    {
        "queued" => DeploymentState.Queued,
        "pending" => DeploymentState.Pending,
        "in_progress" => DeploymentState.InProgress,
        "success" => DeploymentState.Success,
        "failure" => DeploymentState.Failure,
        _ => DeploymentState.Error,
    };

    /// <summary>Removes first (a missing label is fine), then adds; both are idempotent, so a retry repeats them safely.</summary>
    private static async Task<ActionResult> LabelAsync(IGitHubClient client, GitHubCommand command)
    {
        if (command.Number is not { } number)
        {
            return new ActionResult { Outcome = ActionOutcome.PermanentFailure, Error = "label: the run names no pull request or issue number" };
        }

        var add = (command.AddLabels ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        foreach (var label in (command.RemoveLabels ?? []).Except(add, StringComparer.OrdinalIgnoreCase).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            try
            {
                // Octokit puts the name into the path as it is: "ci/running" must travel as "ci%2Frunning".
                await client.Issue.Labels.RemoveFromIssue(command.Owner, command.Repository, number, Uri.EscapeDataString(label));
            }
            catch (NotFoundException)
            {
                // Not on the issue (or never existed): already the state we want.
            }
        }

        if (add.Length > 0)
        {
            await client.Issue.Labels.AddToIssue(command.Owner, command.Repository, number, add);
        }

        return ActionResult.Success(200);
    }

    private static string Truncate(string body) =>
        body.Length <= MaxBodyLength ? body : string.Concat(body.AsSpan(0, MaxBodyLength - 30), "\n\n… (truncated by Relay)");
}
