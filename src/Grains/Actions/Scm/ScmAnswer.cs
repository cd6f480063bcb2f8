namespace Relay.Grains.Actions.Scm;

/// <summary>A provider's answer to one request, as the kit classifies it.</summary>
internal sealed record ScmAnswer
{
    public required int StatusCode { get; init; }

    /// <summary>The response body (cut to a few kilobytes), for the provider's own reading and for error messages.</summary>
    public string Body { get; init; } = "";

    /// <summary>What the provider asked to wait (<c>Retry-After</c>, <c>RateLimit-Reset</c>, <c>X-RateLimit-Reset</c>).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The comment the request created, edited or found.</summary>
    public ScmCommentRef? Comment { get; init; }

    public bool IsSuccess => StatusCode is >= 200 and < 300;
}
