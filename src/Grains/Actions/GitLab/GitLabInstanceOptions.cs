using Relay.Grains.Actions.Scm;

namespace Relay.Grains.Actions.GitLab;

/// <summary>One GitLab instance; <c>base_url</c> defaults to <c>https://gitlab.com</c> (the API root is <c>&lt;base_url&gt;/api/v4</c>).</summary>
public sealed class GitLabInstanceOptions : ScmInstanceOptions
{
    public GitLabInstanceOptions()
    {
        BaseUrl = "https://gitlab.com";
    }
}
