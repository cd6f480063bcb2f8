using System.Globalization;
using System.Text.RegularExpressions;
using Relay.Events;

namespace Relay.Receiver.Tekton;

/// <summary>
/// Reads where a run reports from its annotations: <c>relay.tekton.dev/scm.*</c>, its alias
/// <c>tekton.dev/tekton-events-relay.scm.*</c>, and, only when neither is present, Pipelines-as-Code's keys.
/// Without provider, repository and commit there is no target (the event is still recorded).
/// </summary>
internal static partial class ScmReader
{
    public static ScmTarget? Read(IReadOnlyDictionary<string, string> annotations, IReadOnlyDictionary<string, string> labels) =>
        HasRelayAnnotation(annotations) ? FromRelay(annotations) : FromPipelinesAsCode(annotations, labels);

    /// <summary>A run Pipelines-as-Code created (and so reports on), which the user did not also annotate for Relay.</summary>
    public static bool IsPipelinesAsCodeOnly(IReadOnlyDictionary<string, string> annotations, IReadOnlyDictionary<string, string> labels) =>
        !HasRelayAnnotation(annotations)
        && (labels.GetValueOrDefault(TektonAnnotations.LabelManagedBy) == TektonAnnotations.PacManagedBy
            || labels.Keys.Any(k => k.StartsWith(TektonAnnotations.PacPrefix, StringComparison.Ordinal)));

    private static bool HasRelayAnnotation(IReadOnlyDictionary<string, string> annotations) => annotations.Keys.Any(k =>
        k.StartsWith(TektonAnnotations.Prefix + "scm.", StringComparison.Ordinal)
        || k.StartsWith(TektonAnnotations.AliasPrefix + "scm.", StringComparison.Ordinal));

    private static ScmTarget? FromRelay(IReadOnlyDictionary<string, string> annotations)
    {
        string? Get(string key) =>
            NonEmpty(annotations.GetValueOrDefault(TektonAnnotations.Prefix + key))
            ?? NonEmpty(annotations.GetValueOrDefault(TektonAnnotations.AliasPrefix + key));

        return Build(
            Get(TektonAnnotations.Provider), Get(TektonAnnotations.RepoOwner), Get(TektonAnnotations.RepoName),
            Get(TektonAnnotations.CommitSha), Get(TektonAnnotations.PrNumber), Get(TektonAnnotations.IssueNumber),
            Get(TektonAnnotations.Context), Get(TektonAnnotations.ApiBaseUrl));
    }

    private static ScmTarget? FromPipelinesAsCode(IReadOnlyDictionary<string, string> annotations, IReadOnlyDictionary<string, string> labels)
    {
        string? Get(string key) => NonEmpty(annotations.GetValueOrDefault(key)) ?? NonEmpty(labels.GetValueOrDefault(key));

        return Build(
            Get(TektonAnnotations.PacGitProvider), Get(TektonAnnotations.PacOrg), Get(TektonAnnotations.PacRepository),
            Get(TektonAnnotations.PacSha), Get(TektonAnnotations.PacPullRequest), issue: null, context: null, apiBaseUrl: null);
    }

    private static ScmTarget? Build(
        string? provider, string? owner, string? repo, string? sha, string? pr, string? issue, string? context, string? apiBaseUrl)
    {
        // These end up in API paths (each client URL-encodes them, and each planner checks what its provider allows).
        if (provider is null || owner is null || repo is null || sha is null
            || !IsOwner(owner) || !IsName(repo) || !CommitSha().IsMatch(sha))
        {
            return null;
        }

        return new ScmTarget
        {
            Provider = provider,
            Owner = owner,
            Repository = repo,
            CommitSha = sha,
            PullRequest = Number(pr),
            Issue = Number(issue),
            Context = context,
            ApiBaseUrl = apiBaseUrl is not null && Uri.TryCreate(apiBaseUrl, UriKind.Absolute, out _) ? apiBaseUrl : null,
        };
    }

    private static long? Number(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : null;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// An owner: one name, or a path of names joined by <c>/</c> (GitLab's nested groups), at most 255 characters.
    /// No empty, <c>.</c> or <c>..</c> segment.
    /// </summary>
    internal static bool IsOwner(string owner) =>
        owner.Length <= 255 && owner.Split('/').All(IsName);

    /// <summary>
    /// One name (GitHub and Gitea owners and repositories, GitLab groups and projects, Bitbucket workspaces and project
    /// keys, Azure DevOps projects and repositories): letters, digits, <c>. _ - ~</c> and inner spaces, at most 100
    /// characters, never <c>.</c> or <c>..</c>.
    /// </summary>
    internal static bool IsName(string name) => name is not ("." or "..") && NamePart().IsMatch(name);

    [GeneratedRegex(@"^(?=.{1,100}\z)[\p{L}\p{N}._~-](?:[\p{L}\p{N}._~ -]*[\p{L}\p{N}._~-])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePart();

    [GeneratedRegex("^[0-9a-fA-F]{7,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex CommitSha();
}
