using System.Security.Cryptography;
using Relay.Configuration;
using Relay.Grains.Summaries;
using Xunit;

namespace Relay.Grains.Actions.GitHub.Tests;

/// <summary><c>scm.github[].auth</c> (token file or GitHub App) and <c>resilience</c>: every error names its path.</summary>
public sealed class GitHubOptionsValidatorTests
{
    [Fact]
    public void Token_file_alone_is_valid()
    {
        Assert.Empty(Errors(new GitHubAuthOptions { TokenFile = "/etc/relay/github-token" }));
    }

    [Fact]
    public void Complete_app_is_valid_even_before_its_key_file_is_mounted()
    {
        Assert.Empty(Errors(new GitHubAuthOptions { AppId = 1, InstallationId = 2, PrivateKeyFile = "/nonexistent/key.pem" }));
    }

    [Fact]
    public void App_with_a_loadable_key_file_is_valid()
    {
        using var key = RSA.Create(2048);
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, key.ExportPkcs8PrivateKeyPem());

            Assert.Empty(Errors(new GitHubAuthOptions { AppId = 1, InstallationId = 2, PrivateKeyFile = file }));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Missing_auth_is_an_error_unless_dry_run()
    {
        Assert.Equal(
            ["scm.github[0].auth.token_file: required (a file holding the GitHub token), or app_id, installation_id and private_key_file for a GitHub App"],
            Errors(new GitHubAuthOptions()));
        Assert.Empty(Errors(new GitHubAuthOptions(), dryRun: true));
    }

    [Fact]
    public void Token_file_and_app_together_are_an_error()
    {
        Assert.Equal(
            ["scm.github[0].auth: set either token_file or app_id/installation_id/private_key_file, not both"],
            Errors(new GitHubAuthOptions { TokenFile = "/t", AppId = 1, InstallationId = 2, PrivateKeyFile = "/k" }));
    }

    [Fact]
    public void Incomplete_app_lists_each_missing_key()
    {
        Assert.Equal(
            ["scm.github[0].auth.installation_id: required with app_id", "scm.github[0].auth.private_key_file: required with app_id"],
            Errors(new GitHubAuthOptions { AppId = 1 }));
        Assert.Equal(
            ["scm.github[0].auth.app_id: required with installation_id and private_key_file"],
            Errors(new GitHubAuthOptions { InstallationId = 2, PrivateKeyFile = "/k" }, dryRun: true));
    }

    [Fact]
    public void Key_file_that_holds_no_private_key_is_an_error()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "hello");

            var error = Assert.Single(Errors(new GitHubAuthOptions { AppId = 1, InstallationId = 2, PrivateKeyFile = file }));

            Assert.Equal($"scm.github[0].auth.private_key_file: '{file}' does not hold an RSA private key in PEM format", error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Resilience_values_out_of_range_are_errors_with_their_paths()
    {
        var instance = Instance(new GitHubAuthOptions { TokenFile = "/t" });
        instance.Resilience.MaxRetries = -1;
        instance.Resilience.BaseDelay = new Duration(TimeSpan.Zero);
        instance.Resilience.MaxRetryWait = new Duration(TimeSpan.FromMinutes(5));
        instance.Resilience.Timeout = new Duration(TimeSpan.FromMinutes(1));
        instance.Resilience.CircuitBreaker.FailureRatio = 1.5;
        instance.Resilience.CircuitBreaker.MinimumThroughput = 1;
        instance.Resilience.CircuitBreaker.SamplingDuration = new Duration(TimeSpan.FromMilliseconds(10));
        instance.Resilience.CircuitBreaker.BreakDuration = new Duration(TimeSpan.Zero);

        var errors = Validate(instance);

        Assert.Equal(
            [
                "scm.github[0].resilience.max_retries:", "scm.github[0].resilience.base_delay:", "scm.github[0].resilience.max_retry_wait:",
                "scm.github[0].resilience.timeout:", "scm.github[0].resilience.circuit_breaker.failure_ratio:",
                "scm.github[0].resilience.circuit_breaker.minimum_throughput:", "scm.github[0].resilience.circuit_breaker.sampling_duration:",
                "scm.github[0].resilience.circuit_breaker.break_duration:",
            ],
            errors.Select(e => e[..(e.IndexOf(':', StringComparison.Ordinal) + 1)]));
    }

    [Fact]
    public void Budget_values_out_of_range_are_errors_with_their_paths()
    {
        var instance = Instance(new GitHubAuthOptions { TokenFile = "/t" });
        instance.Budget.PerMinute = 0;
        instance.Budget.PerHour = -5;
        instance.Budget.TerminalReserve = 1;

        var errors = Validate(instance);

        Assert.Equal(
            ["scm.github[0].budget.per_minute:", "scm.github[0].budget.per_hour:", "scm.github[0].budget.terminal_reserve:"],
            errors.Select(e => e[..(e.IndexOf(':', StringComparison.Ordinal) + 1)]));
    }

    [Fact]
    public void The_default_budget_is_github_s_secondary_limit_and_on()
    {
        var budget = Instance(new GitHubAuthOptions { TokenFile = "/t" }).Budget;

        Assert.Equal((true, 80, 500, 0.25), (budget.Enabled, budget.PerMinute, budget.PerHour, budget.TerminalReserve));
    }

    [Fact]
    public void Default_resilience_settings_are_valid()
    {
        Assert.Empty(Validate(Instance(new GitHubAuthOptions { TokenFile = "/t" })));
    }

    private static List<string> Errors(GitHubAuthOptions auth, bool dryRun = false)
    {
        var instance = Instance(auth);
        instance.DryRun = dryRun;
        return Validate(instance);
    }

    private static GitHubInstanceOptions Instance(GitHubAuthOptions auth) => new() { Name = "github", Auth = auth };

    private static List<string> Validate(GitHubInstanceOptions instance)
    {
        var result = new GitHubOptionsValidator(new RelayTemplates()).Validate(null, new GitHubOptions { GitHub = [instance] });
        return result.Succeeded ? [] : result.Failures!.ToList();
    }
}
