using Relay.Actions;
using Relay.Testing;
using Xunit;

namespace Relay.Grains.Actions.GitHub.Tests;

/// <summary>SPEC §5: GitHub App auth end to end, through the action grain, against the fake's token endpoint.</summary>
[Collection(GitHubActionsCollection.Name)]
public sealed class GitHubAppAuthTests(GitHubActionsFixture fixture)
{
    private readonly FakeGitHubServer _github = fixture.GitHub;

    [Fact]
    public async Task Commit_statuses_are_posted_with_one_cached_installation_token()
    {
        var shas = Enumerable.Range(0, 5).Select(_ => RelayEvents.NewSha()).ToArray();

        foreach (var sha in shas)
        {
            Assert.Equal(ActionOutcome.Succeeded, (await fixture.PostAsync(GitHubActionsFixture.App, sha)).Outcome);
        }

        var issued = Assert.Single(_github.TokenRequests, r => r.InstallationId == fixture.GitHubApp.InstallationId && r.Status == 201);
        Assert.StartsWith("Bearer ", issued.Authorization, StringComparison.Ordinal);
        Assert.All(shas, sha => Assert.Equal($"Token {issued.IssuedToken}", Assert.Single(_github.StatusesFor(sha)).Authorization));
    }

    [Fact]
    public async Task Key_file_is_re_read_when_it_changes()
    {
        var app = fixture.ShortLivedGitHubApp;
        Assert.Equal(ActionOutcome.Succeeded, (await fixture.PostAsync(GitHubActionsFixture.ShortLivedApp, RelayEvents.NewSha())).Outcome);

        // The App's key is rotated at GitHub: the old file's JWTs are refused, permanently, until the file is replaced.
        app.RotateKey();
        var refused = await fixture.PostAsync(GitHubActionsFixture.ShortLivedApp, RelayEvents.NewSha());
        Assert.Equal(ActionOutcome.PermanentFailure, refused.Outcome);
        Assert.Contains("installation token", refused.Error, StringComparison.Ordinal);

        await File.WriteAllTextAsync(fixture.ShortLivedKeyFile, app.PrivateKeyPem);
        File.SetLastWriteTimeUtc(fixture.ShortLivedKeyFile, DateTime.UtcNow.AddSeconds(1));
        var sha = RelayEvents.NewSha();

        Assert.Equal(ActionOutcome.Succeeded, (await fixture.PostAsync(GitHubActionsFixture.ShortLivedApp, sha)).Outcome);
        Assert.Equal($"Token {_github.IssuedTokens[^1]}", Assert.Single(_github.StatusesFor(sha)).Authorization);
    }

    [Fact]
    public async Task Unreadable_key_file_is_a_permanent_failure_naming_the_setting()
    {
        var original = await File.ReadAllTextAsync(fixture.ShortLivedKeyFile);
        try
        {
            await File.WriteAllTextAsync(fixture.ShortLivedKeyFile, "not a key");
            var sha = RelayEvents.NewSha();

            var result = await fixture.PostAsync(GitHubActionsFixture.ShortLivedApp, sha);

            Assert.Equal(ActionOutcome.PermanentFailure, result.Outcome);
            Assert.Contains("auth.private_key_file", result.Error, StringComparison.Ordinal);
            Assert.Contains("PEM", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("not a key", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain(_github.Requests, r => r.Sha == sha);
        }
        finally
        {
            await File.WriteAllTextAsync(fixture.ShortLivedKeyFile, original);
            File.SetLastWriteTimeUtc(fixture.ShortLivedKeyFile, DateTime.UtcNow.AddSeconds(2));
        }
    }
}
