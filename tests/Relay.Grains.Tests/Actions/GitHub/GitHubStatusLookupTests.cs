using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Relay.Actions;
using Xunit;

namespace Relay.Grains.Actions.GitHub.Tests;

/// <summary>
/// A commit status that may have been posted already (an unclear attempt, or an entry inherited from an activation that
/// did not hand it over) is looked up first: the newest status of its context on the commit decides.
/// </summary>
public sealed class GitHubStatusLookupTests
{
    private const string Sha = "8c7069f0edfbdc4396131bc81f043ea1abcdef01";
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

    private static readonly GitHubCommand Pending = new()
    {
        Instance = "github",
        Type = GitHubActionTypes.CommitStatus,
        Owner = "acme",
        Repository = "webapp",
        Sha = Sha,
        Context = "tekton/webapp-ci",
        State = "pending",
        Description = "webapp-ci is in progress",
        TargetUrl = "https://dashboard.example/run",
    };

    [Fact]
    public async Task A_status_that_may_have_been_sent_and_is_the_newest_of_its_context_is_not_posted_again()
    {
        var github = new ScriptedGitHub("""
            [{"state":"pending","context":"tekton/webapp-ci/build","description":"build is in progress","target_url":"https://dashboard.example/run"},
             {"state":"pending","context":"tekton/webapp-ci","description":"webapp-ci is in progress","target_url":"https://dashboard.example/run"}]
            """);

        var result = await PostAsync(github, Pending with { MaybeCreated = true });

        Assert.Equal(ActionOutcome.Succeeded, result.Outcome);
        Assert.Equal([$"GET /repos/acme/webapp/commits/{Sha}/statuses?per_page=100"], github.Requests);
    }

    [Fact]
    public async Task A_status_that_may_have_been_sent_is_posted_when_its_context_shows_another_state_last()
    {
        // Newest first: the context's pending is older than its failure, so this pending is news.
        var github = new ScriptedGitHub("""
            [{"state":"failure","context":"tekton/webapp-ci","description":"webapp-ci failed","target_url":"https://dashboard.example/run"},
             {"state":"pending","context":"tekton/webapp-ci","description":"webapp-ci is in progress","target_url":"https://dashboard.example/run"}]
            """);

        var result = await PostAsync(github, Pending with { MaybeCreated = true });

        Assert.Equal(ActionOutcome.Succeeded, result.Outcome);
        Assert.Equal(["GET", "POST"], github.Requests.Select(r => r.Split(' ')[0]));
    }

    [Fact]
    public async Task A_status_that_may_have_been_sent_is_posted_when_the_lookup_fails()
    {
        var github = new ScriptedGitHub(listing: null);

        var result = await PostAsync(github, Pending with { MaybeCreated = true });

        Assert.Equal(ActionOutcome.Succeeded, result.Outcome);
        Assert.Equal(["GET", "POST"], github.Requests.Select(r => r.Split(' ')[0]));
    }

    [Fact]
    public async Task A_first_attempt_posts_without_looking()
    {
        var github = new ScriptedGitHub("[]");

        var result = await PostAsync(github, Pending);

        Assert.Equal(ActionOutcome.Succeeded, result.Outcome);
        Assert.Equal([$"POST /repos/acme/webapp/statuses/{Sha}"], github.Requests);
    }

    private static async Task<ActionResult> PostAsync(ScriptedGitHub github, GitHubCommand command)
    {
        using var http = new HttpClient(github);
        return await GitHubStatusClient.PostAsync(http, "https://api.github.example/", "token", command, Time);
    }

    /// <summary>GitHub as far as this path goes: the commit's statuses (or a 502 when <c>listing</c> is null), and 201 for a post.</summary>
    private sealed class ScriptedGitHub(string? listing) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add($"{request.Method} {request.RequestUri!.PathAndQuery}");
            var (status, body) = request.Method == HttpMethod.Get
                ? listing is null ? (HttpStatusCode.BadGateway, "{}") : (HttpStatusCode.OK, listing)
                : (HttpStatusCode.Created, "{}");
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }
}
