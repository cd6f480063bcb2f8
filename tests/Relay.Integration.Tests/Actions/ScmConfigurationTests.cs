using Relay.Silo.Configuration;
using Xunit;

namespace Relay.Integration.Tests.Actions;

/// <summary><c>--validate</c> on the SCM kit providers' sections: the examples pass, every bad key is named by its path.</summary>
public sealed class ScmConfigurationTests
{
    [Fact]
    public async Task The_documented_gitlab_example_is_valid()
    {
        var errors = await ValidateAsync("""
            scm:
              gitlab:
                - name: gitlab
                  base_url: https://gitlab.com            # API root: <base_url>/api/v4
                  auth: { token_file: /etc/relay/gitlab-token }          # sent as PRIVATE-TOKEN
                  actions:
                    - { name: checks,  type: commit_status, context_per_task: true }
                    - { name: summary, type: mr_comment }                # one note per run, edited in place
            """);

        Assert.Empty(errors);
    }

    [Fact]
    public async Task Every_bad_gitlab_key_is_named_by_its_path()
    {
        var errors = await ValidateAsync("""
            scm:
              gitlab:
                - name: gitlab
                  base_url: gitlab.example.com
                  auth: { tokenfile: /etc/relay/gitlab-token }
                  actions:
                    - { name: checks, type: commit_status, contex_per_task: true }
                    - { name: checks, type: pr_comment }
                    - { name: summary, type: mr_comment, context_per_task: true, when: "stateIn(", template: "{{ state " }
                    - { name: filtered, type: commit_status, filter: { tasks: { deny: [""] } } }
                - name: GitLab
                  base_url: https://gitlab.example.com
                  dry_run: true
            """);

        string[] expected =
        [
            "scm.gitlab[0].base_url: 'gitlab.example.com' is not an absolute http(s) URL",
            "scm.gitlab[0].auth.tokenfile: unknown key",
            "scm.gitlab[0].auth.token_file: required",
            "scm.gitlab[0].actions[0].contex_per_task: unknown key",
            "scm.gitlab[0].actions[1].name: 'checks' is used by another action",
            "scm.gitlab[0].actions[1].type: unknown 'pr_comment' (supported: commit_status, mr_comment)",
            "scm.gitlab[0].actions[2].context_per_task: only commit_status",
            "scm.gitlab[0].actions[2].when:",
            "scm.gitlab[0].actions[2].template: not a valid Liquid template",
            "scm.gitlab[0].actions[3].filter.tasks.deny[0]: empty pattern",
            "scm.gitlab[1].name: 'GitLab' is used by another instance",
        ];
        foreach (var prefix in expected)
        {
            Assert.Contains(errors, e => e.StartsWith(prefix, StringComparison.Ordinal));
        }

        // The second instance is a dry run: it needs no token.
        Assert.DoesNotContain(errors, e => e.StartsWith("scm.gitlab[1].auth", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_documented_gitea_example_is_valid()
    {
        var errors = await ValidateAsync("""
            scm:
              gitea:                                      # Gitea and Forgejo (same API)
                - name: forgejo
                  base_url: https://codeberg.org          # API root: <base_url>/api/v1
                  auth: { token_file: /etc/relay/gitea-token }           # Authorization: token <t>
                  actions:
                    - { name: checks,  type: commit_status, context_per_task: true }
                    - { name: summary, type: pr_comment }
            """);

        Assert.Empty(errors);
    }

    [Fact]
    public async Task Every_bad_gitea_key_is_named_by_its_path()
    {
        var errors = await ValidateAsync("""
            scm:
              gitea:
                - name: forgejo
                  auth: { token_file: /etc/relay/gitea-token }
                  organisation: acme
                  actions:
                    - { name: summary, type: mr_comment }
                    - { type: commit_status, filter: { pipelines: { allow: [" "] } } }
                - base_url: ftp://gitea.example.com
                  auth: { token_file: /etc/relay/gitea-token }
            """);

        string[] expected =
        [
            "scm.gitea[0].base_url: required",
            "scm.gitea[0].organisation: unknown key",
            "scm.gitea[0].actions[0].type: unknown 'mr_comment' (supported: commit_status, pr_comment)",
            "scm.gitea[0].actions[1].name: required",
            "scm.gitea[0].actions[1].filter.pipelines.allow[0]: empty pattern",
            "scm.gitea[1].name: required",
            "scm.gitea[1].base_url: 'ftp://gitea.example.com' is not an absolute http(s) URL",
        ];
        foreach (var prefix in expected)
        {
            Assert.Contains(errors, e => e.StartsWith(prefix, StringComparison.Ordinal));
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
