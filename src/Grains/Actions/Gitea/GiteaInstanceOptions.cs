using Relay.Grains.Actions.Scm;

namespace Relay.Grains.Actions.Gitea;

/// <summary>One Gitea or Forgejo instance; <c>base_url</c> is required (the API root is <c>&lt;base_url&gt;/api/v1</c>).</summary>
public sealed class GiteaInstanceOptions : ScmInstanceOptions;
