using Relay.Grains.Summaries;
using Xunit;

namespace Relay.Grains.Actions.GitHub.Tests;

/// <summary><c>scm.github[].actions[]</c>: every type's keys are checked at <c>--validate</c>, each error with its path.</summary>
public sealed class GitHubActionOptionsValidatorTests
{
    [Fact]
    public void Every_action_type_with_its_keys_is_valid()
    {
        Assert.Empty(Errors(
            new GitHubActionOptions { Name = "s", Type = "commit_status", ContextPerTask = true, When = "isPR()", Template = "{{ pipeline }} {{ state }}" },
            new GitHubActionOptions { Name = "c", Type = "check_run", CheckName = "ci/{{ pipeline }}", Title = "{{ emoji }} {{ state }}" },
            new GitHubActionOptions { Name = "p", Type = "pr_comment", Mode = "upsert" },
            new GitHubActionOptions { Name = "i", Type = "issue_comment", Mode = "create", When = "stateIn('failure')" },
            new GitHubActionOptions { Name = "m", Type = "commit_comment" },
            new GitHubActionOptions { Name = "d", Type = "deployment_status", Environment = "pr-{{ pr_number }}", EnvironmentUrl = "https://x/{{ pr_number }}" },
            new GitHubActionOptions { Name = "l", Type = "label", Add = ["ci/{{ state }}"], Remove = ["ci/running"] }));
    }

    [Fact]
    public void Bad_values_are_errors_with_their_paths()
    {
        var bad = new GitHubActionOptions
        {
            Name = "a",
            Type = "pr_comment",
            Mode = "sometimes",
            When = "branch == 'main'",
            Template = "{% if state %}",
            ContextPerTask = true,
        };
        bad.Filter.Tasks.Deny.Add(" ");

        var errors = Errors(
            bad,
            new GitHubActionOptions { Name = "d", Type = "deployment_status" },
            new GitHubActionOptions { Name = "l", Type = "label", Add = ["ci/{{ state"] },
            new GitHubActionOptions { Name = "e", Type = "label" },
            new GitHubActionOptions { Name = "m", Type = "check_run", Mode = "create" },
            new GitHubActionOptions { Name = "x", Type = "pull_request_review" });

        Assert.Contains(errors, e => e.StartsWith("scm.github[0].actions[0].mode: unknown 'sometimes'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("scm.github[0].actions[0].when: unknown name 'branch'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("scm.github[0].actions[0].template: not a valid Liquid template", StringComparison.Ordinal));
        Assert.Contains("scm.github[0].actions[0].context_per_task: only commit_status posts per-task contexts", errors);
        Assert.Contains("scm.github[0].actions[0].filter.tasks.deny[0]: empty pattern", errors);
        Assert.Contains("scm.github[0].actions[1].environment: required for deployment_status", errors);
        Assert.Contains(errors, e => e.StartsWith("scm.github[0].actions[2].add[0]: not a valid Liquid template", StringComparison.Ordinal));
        Assert.Contains("scm.github[0].actions[3]: a label action needs 'add' or 'remove' names", errors);
        Assert.Contains("scm.github[0].actions[4].mode: only pr_comment and issue_comment have a mode", errors);
        Assert.Contains(errors, e => e.StartsWith("scm.github[0].actions[5].type: unknown 'pull_request_review'", StringComparison.Ordinal));
        Assert.Equal(10, errors.Count);
    }

    private static List<string> Errors(params GitHubActionOptions[] actions)
    {
        var options = new GitHubOptions();
        options.GitHub.Add(new GitHubInstanceOptions { Name = "github", Auth = { TokenFile = "/etc/relay/token" }, Actions = [.. actions] });
        var result = new GitHubOptionsValidator(new RelayTemplates()).Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }
}
