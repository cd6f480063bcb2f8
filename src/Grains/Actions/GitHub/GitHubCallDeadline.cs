namespace Relay.Grains.Actions.GitHub;

/// <summary>
/// Carries a delivery's deadline to every HTTP request made on its behalf. Octokit's methods take no cancellation
/// token, so the token flows with the async call (like <see cref="System.Diagnostics.Activity.Current"/>) and
/// <see cref="Handler"/> joins it to each request: when the deadline passes, whatever is in flight (a request, a Polly
/// retry wait, an App-token refresh) is cancelled, and nothing the delivery started outlives it.
/// </summary>
internal sealed class GitHubCallDeadline
{
    private readonly AsyncLocal<CancellationToken> _current = new();

    /// <summary>The deadline of the delivery this code runs for (none outside one).</summary>
    public CancellationToken Token => _current.Value;

    /// <summary>Makes <paramref name="token"/> the deadline of everything this async flow does until disposed.</summary>
    public Scope Enter(CancellationToken token)
    {
        var previous = _current.Value;
        _current.Value = token;
        return new Scope(this, previous);
    }

    /// <summary>A handler that cancels each request with the ambient deadline as well as its own token.</summary>
    public DelegatingHandler Handler(HttpMessageHandler inner) => new DeadlineHandler(this) { InnerHandler = inner };

    /// <summary>Restores the previous deadline.</summary>
    public readonly struct Scope(GitHubCallDeadline owner, CancellationToken previous) : IDisposable
    {
        public void Dispose() => owner._current.Value = previous;
    }

    private sealed class DeadlineHandler(GitHubCallDeadline deadline) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var ambient = deadline.Token;
            if (!ambient.CanBeCanceled)
            {
                return await base.SendAsync(request, cancellationToken);
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, ambient);
            return await base.SendAsync(request, linked.Token);
        }
    }
}
