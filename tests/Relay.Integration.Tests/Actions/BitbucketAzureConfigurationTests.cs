using Relay.Silo.Configuration;
using Xunit;

namespace Relay.Integration.Tests.Actions;

/// <summary><c>--validate</c> on <c>scm.bitbucket</c> and <c>scm.azure_devops</c>: the examples pass, every bad key is named by its path.</summary>
public sealed class BitbucketAzureConfigurationTests
{
    [Fact]
    public async Task The_documented_bitbucket_and_azure_devops_examples_are_valid()
    {
        var errors = await ValidateAsync("""
            scm:
              bitbucket:
                - name: bitbucket
                  flavor: cloud                           # cloud | datacenter
                  base_url: https://api.bitbucket.org     # cloud default; datacenter: the server's URL
                  auth: { token_file: /etc/relay/bitbucket-token }       # Authorization: Bearer <t>
                  actions:
                    - { name: checks,  type: commit_status, context_per_task: true }   # build statuses
                    - { name: summary, type: pr_comment }
              azure_devops:
                - name: azure
                  base_url: https://dev.azure.com
                  organization: acme
                  auth: { token_file: /etc/relay/ado-pat }               # PAT, HTTP Basic with an empty user
                  actions:
                    - { name: checks,  type: commit_status, context_per_task: true }
                    - { name: summary, type: pr_comment }                # one PR thread per run, its comment edited
            """);

        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_data_center_instance_with_its_own_url_and_a_cloud_instance_with_defaults_are_valid()
    {
        var errors = await ValidateAsync("""
            dashboard_url: https://tekton.example.com
            scm:
              bitbucket:
                - name: cloud
                  auth: { token_file: /etc/relay/bitbucket-token }
                  actions: [ { name: checks, type: commit_status } ]
                - name: onprem
                  flavor: datacenter
                  base_url: https://bitbucket.example.com
                  auth: { token_file: /etc/relay/bitbucket-dc-token }
                  actions: [ { name: summary, type: pr_comment } ]
            """);

        Assert.Empty(errors);
    }

    [Fact]
    public async Task Every_bad_bitbucket_key_is_named_by_its_path()
    {
        var errors = await ValidateAsync("""
            scm:
              bitbucket:
                - name: bitbucket
                  flavor: server
                  base_url: bitbucket.example.com
                  auth: { token: /etc/relay/bitbucket-token }
                  actions:
                    - { name: checks, type: commit_status, contex_per_task: true }
                    - { name: summary, type: mr_comment }
                - name: onprem
                  flavor: datacenter
                  auth: { token_file: /etc/relay/bitbucket-dc-token }
                  organisation: acme
            """);

        string[] expected =
        [
            "scm.bitbucket[0].flavor: unknown 'server' (supported: cloud, datacenter)",
            "scm.bitbucket[0].base_url: 'bitbucket.example.com' is not an absolute http(s) URL",
            "scm.bitbucket[0].auth.token: unknown key",
            "scm.bitbucket[0].auth.token_file: required",
            "scm.bitbucket[0].actions[0].contex_per_task: unknown key",
            "scm.bitbucket[0].actions[1].type: unknown 'mr_comment' (supported: commit_status, pr_comment)",
            "scm.bitbucket[1].base_url: required for flavor datacenter",
            "scm.bitbucket[1].organisation: unknown key",
        ];
        foreach (var prefix in expected)
        {
            Assert.Contains(errors, e => e.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Every_bad_azure_devops_key_is_named_by_its_path()
    {
        var errors = await ValidateAsync("""
            scm:
              azure_devops:
                - name: azure
                  base_url: ftp://dev.azure.com
                  auth: { pat_file: /etc/relay/ado-pat }
                  actions:
                    - { name: checks, type: check_run }
                - name: nested
                  organization: acme/platform
                  auth: { token_file: /etc/relay/ado-pat }
                  flavor: cloud
            """);

        string[] expected =
        [
            "scm.azure_devops[0].base_url: 'ftp://dev.azure.com' is not an absolute http(s) URL",
            "scm.azure_devops[0].auth.pat_file: unknown key",
            "scm.azure_devops[0].auth.token_file: required",
            "scm.azure_devops[0].organization: required",
            "scm.azure_devops[0].actions[0].type: unknown 'check_run' (supported: commit_status, pr_comment)",
            "scm.azure_devops[1].organization: 'acme/platform' is not an organization name",
            "scm.azure_devops[1].flavor: unknown key",
        ];
        foreach (var prefix in expected)
        {
            Assert.Contains(errors, e => e.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_bitbucket_status_action_without_a_dashboard_url_is_warned_about_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"relay-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, """
            scm:
              bitbucket:
                - name: bitbucket
                  auth: { token_file: /etc/relay/bitbucket-token }
                  actions:
                    - { name: summary, type: pr_comment }
                    - { name: checks, type: commit_status }
            """);
        try
        {
            Assert.Empty(ConfigValidationCommand.Validate(["--config", path], out _, out var warnings));
            var warning = Assert.Single(warnings);
            Assert.StartsWith("scm.bitbucket[0].actions[1]: Bitbucket requires a url", warning, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<IReadOnlyList<string>> ValidateAsync(string yaml)
    {
        var path = Path.Combine(Path.GetTempPath(), $"relay-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, yaml);
        try
        {
            return ConfigValidationCommand.Validate(["--config", path], out _).ToList();
        }
        finally
        {
            File.Delete(path);
        }
    }
}
