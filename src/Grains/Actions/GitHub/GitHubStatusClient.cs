using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Relay.Actions;
using Relay.Grains.Actions.GitHub.Resilience;

namespace Relay.Grains.Actions.GitHub;

/// <summary>
/// The hot path of the GitHub module: <c>POST /repos/{owner}/{repo}/statuses/{sha}</c> with a pooled
/// <see cref="HttpClient"/> (the instance's resilience pipeline and the delivery's deadline in its handlers, like every
/// Octokit call) and source-generated JSON, instead of Octokit's request building and reflection-based serializer.
/// A commit status is most of what Relay sends; the other action types stay on Octokit. Answers are classified exactly
/// like the Octokit path (<see cref="GitHubErrorClassifier.ClassifyAnswer"/>); transport failures and timeouts throw, as
/// Octokit's do, and the executor classifies them.
/// </summary>
internal static class GitHubStatusClient
{
    private static readonly MediaTypeWithQualityHeaderValue Accept = new("application/vnd.github+json");
    private static readonly ProductInfoHeaderValue UserAgent = new("tekton-relay", "1.0");

    public static async Task<ActionResult> PostAsync(HttpClient http, string baseUrl, string token, GitHubCommand command, TimeProvider time)
    {
        var wanted = new GitHubStatusRequest(State(command.State), command.TargetUrl, command.Description, command.Context);
        var repository = $"{GitHubClientFactory.NormalizeBaseUrl(baseUrl)}repos/{Uri.EscapeDataString(command.Owner)}/{Uri.EscapeDataString(command.Repository)}";
        if (command.MaybeCreated && await LatestAsync(http, repository, token, command) is { } latest && latest == wanted)
        {
            // An earlier attempt (this activation's unclear one, or an earlier activation's) did post it: not again.
            return ActionResult.Success(200);
        }

        using var request = Request(HttpMethod.Post, new Uri($"{repository}/statuses/{Uri.EscapeDataString(command.Sha)}", UriKind.Absolute), token);
        request.Content = JsonContent.Create(wanted, GitHubJson.Default.GitHubStatusRequest);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return ActionResult.Success(status);
        }

        return Classify(response, await response.Content.ReadAsStringAsync(), time.GetUtcNow());
    }

    /// <summary>
    /// The newest status of the command's context on its commit (<c>GET /repos/{owner}/{repo}/commits/{ref}/statuses</c>,
    /// newest first, first 100), or null when there is none or GitHub does not answer it: then the status is posted.
    /// </summary>
    private static async Task<GitHubStatusRequest?> LatestAsync(HttpClient http, string repository, string token, GitHubCommand command)
    {
        using var request = Request(HttpMethod.Get, new Uri($"{repository}/commits/{Uri.EscapeDataString(command.Sha)}/statuses?per_page=100", UriKind.Absolute), token);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        try
        {
            var statuses = await response.Content.ReadFromJsonAsync(GitHubJson.Default.GitHubStatusRequestArray);
            return statuses?.FirstOrDefault(s => string.Equals(s.Context, command.Context, StringComparison.Ordinal));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri uri, string token)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Accept.Add(Accept);
        request.Headers.UserAgent.Add(UserAgent);
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        return request;
    }

    /// <summary>An error answer as an <see cref="ActionResult"/>: its status, rate-limit headers, <c>Retry-After</c> and GitHub's message.</summary>
    internal static ActionResult Classify(HttpResponseMessage response, string body, DateTimeOffset now) =>
        GitHubErrorClassifier.ClassifyAnswer((int)response.StatusCode, GitHubRateLimitSignal.Read(response, now), RetryAfter(response), body, MessageOf(body));

    /// <summary>GitHub's four commit states; anything else is sent as <c>error</c>, as the Octokit path does.</summary>
    private static string State(string? state) => state is "pending" or "success" or "failure" ? state : "error";

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta is { } delta && delta >= TimeSpan.Zero ? delta : null;

    /// <summary>The <c>message</c> of GitHub's error body, when it is one.</summary>
    private static string? MessageOf(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, GitHubJson.Default.GitHubErrorBody)?.Message;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The body of a commit-status request (snake_case, nulls left out); also what Relay reads of a listed status.</summary>
internal sealed record GitHubStatusRequest(string State, string? TargetUrl, string? Description, string? Context);

/// <summary>The part of GitHub's error body Relay reports.</summary>
internal sealed record GitHubErrorBody(string? Message);
