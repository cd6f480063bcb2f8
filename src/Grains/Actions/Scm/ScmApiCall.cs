namespace Relay.Grains.Actions.Scm;

/// <summary>
/// One delivery's access to a provider: the instance, its API root, and a send that authorises each request and
/// observes the delivery's deadline. Handed by <see cref="ScmEffectExecutor"/> to the provider's request methods.
/// </summary>
internal sealed class ScmApiCall(
    ScmInstanceOptions instance, Uri apiRoot, HttpClient http, Action<HttpRequestMessage> authorize, TimeProvider time, CancellationToken cancellationToken)
{
    public ScmInstanceOptions Instance => instance;

    /// <summary>The provider's API root (<c>&lt;base_url&gt;/api/v4/</c>, …), ending with a slash.</summary>
    public Uri ApiRoot => apiRoot;

    /// <summary>The delivery's deadline.</summary>
    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>Sends <paramref name="request"/> with the provider's auth header; transport failures are thrown.</summary>
    public async Task<ScmAnswer> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            authorize(request);
            return await ScmHttp.SendAsync(http, request, time, cancellationToken);
        }
    }
}
