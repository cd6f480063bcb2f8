namespace Relay.Testing.Scm;

/// <summary>One request a fake SCM server received, answered or faulted.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="RawPath">The path as sent (still URL-encoded), below the API root.</param>
/// <param name="Route">Method and decoded path below the API root: <c>POST /projects/acme/webapp/statuses/&lt;sha&gt;</c>.</param>
/// <param name="Query">The query string, with its <c>?</c>.</param>
/// <param name="Auth">The value of the provider's auth header as received (to assert it is sent, and never logged).</param>
/// <param name="Body">The request body.</param>
/// <param name="At">When it arrived.</param>
public sealed record ScmRecordedRequest(string Method, string RawPath, string Route, string Query, string? Auth, string Body, DateTimeOffset At)
{
    /// <summary>Answered with an injected fault.</summary>
    public bool Failed { get; init; }

    public int StatusCode { get; init; }
}
