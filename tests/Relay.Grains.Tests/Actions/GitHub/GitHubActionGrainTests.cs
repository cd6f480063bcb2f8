using System.Net;
using Octokit;
using Relay.Actions;
using Xunit;

namespace Relay.Grains.Actions.GitHub.Tests;

public sealed class GitHubActionGrainTests
{
    [Theory]
    [InlineData(429, ActionOutcome.TransientFailure)]
    [InlineData(500, ActionOutcome.TransientFailure)]
    [InlineData(502, ActionOutcome.TransientFailure)]
    [InlineData(503, ActionOutcome.TransientFailure)]
    [InlineData(401, ActionOutcome.PermanentFailure)]
    [InlineData(404, ActionOutcome.PermanentFailure)]
    [InlineData(422, ActionOutcome.PermanentFailure)]
    public void Responses_are_classified_transient_or_permanent(int status, ActionOutcome expected)
    {
        var exception = new ApiException("fault", (HttpStatusCode)status);

        Assert.Equal(expected, GitHubErrorClassifier.Classify(exception, TimeProvider.System).Outcome);
    }

    [Fact]
    public void Network_errors_are_transient()
    {
        Assert.Equal(ActionOutcome.TransientFailure, GitHubErrorClassifier.Classify(new HttpRequestException("refused"), TimeProvider.System).Outcome);
        Assert.Equal(ActionOutcome.TransientFailure, GitHubErrorClassifier.Classify(new TaskCanceledException("timeout"), TimeProvider.System).Outcome);
    }

    [Fact]
    public void Unreadable_token_file_is_permanent()
    {
        Assert.Equal(ActionOutcome.PermanentFailure, GitHubErrorClassifier.Classify(new FileNotFoundException("gone"), TimeProvider.System).Outcome);
    }

    [Theory]
    [InlineData("https://ghe.example.com/api/v3", "https://ghe.example.com/api/v3/", true)]
    [InlineData("https://GHE.example.com:8443/api/v3", "https://ghe.example.com/api/v3", true)]
    [InlineData("https://attacker.example.net/api/v3", "https://ghe.example.com/api/v3", false)]
    [InlineData("http://ghe.example.com/api/v3", "https://ghe.example.com/api/v3", false)]
    [InlineData("http://127.0.0.1:5000/", "http://127.0.0.1:6000/", true)]
    [InlineData("not a url", "https://api.github.com", false)]
    public void A_per_run_api_root_must_stay_on_the_instance_host(string runOverride, string instanceBaseUrl, bool allowed)
    {
        Assert.Equal(allowed, GitHubEffectExecutor.OnInstanceHost(runOverride, instanceBaseUrl));
    }
}
