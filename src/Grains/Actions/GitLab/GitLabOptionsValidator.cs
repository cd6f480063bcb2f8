using Relay.Grains.Actions.Scm;
using Relay.Grains.Summaries;

namespace Relay.Grains.Actions.GitLab;

/// <summary>Checks <c>scm.gitlab[]</c> and reports every problem with its configuration path.</summary>
internal sealed class GitLabOptionsValidator(RelayTemplates templates) : ScmOptionsValidator<GitLabOptions>(templates)
{
    protected override string Path => "scm.gitlab";

    protected override string CommentType => ScmActionTypes.MrComment;
}
