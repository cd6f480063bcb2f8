using Microsoft.Extensions.Configuration;
using Relay.DeadLetters;
using Relay.Events;
using Relay.Runs;
using Xunit;

namespace Relay.Receiver.RunView.Tests;

/// <summary>What the run page says about a ledger row a newer run superseded.</summary>
public sealed class RunDetailViewTests
{
    [Fact]
    public void A_superseded_row_says_by_which_run_and_links_to_nothing()
    {
        var run = new RunSnapshot
        {
            RunKey = "ci/webapp-run-1",
            Exists = true,
            Scm = new ScmTarget { Provider = "github", Owner = "acme", Repository = "webapp", CommitSha = new string('a', 40) },
            Ledger =
            [
                new LedgerSnapshot
                {
                    Action = "github/checks", Provider = "github", Context = "tekton/webapp", State = "failure", Description = "failed",
                    Delivery = "delivered", Commit = new string('a', 40), SupersededBy = "ci/webapp-run-2",
                },
            ],
        };
        var links = new ProviderLinks(new ConfigurationBuilder().Build());

        var html = RunDetailView.Render(run, Array.Empty<DeadLetter>(), links, notice: null);

        Assert.Contains("superseded by ci/webapp-run-2", html, StringComparison.Ordinal);
        Assert.Contains("delivery-superseded", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/commit/" + new string('a', 40), html, StringComparison.Ordinal);
    }
}
