using Relay.Grains.Actions.Scm;
using Relay.Grains.Summaries;

namespace Relay.Grains.Actions.Gitea;

/// <summary>Checks <c>scm.gitea[]</c> and reports every problem with its configuration path.</summary>
internal sealed class GiteaOptionsValidator(RelayTemplates templates) : ScmOptionsValidator<GiteaOptions>(templates)
{
    protected override string Path => "scm.gitea";

    protected override string CommentType => ScmActionTypes.PrComment;
}
