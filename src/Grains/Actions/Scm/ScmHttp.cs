using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Serialization.Metadata;

namespace Relay.Grains.Actions.Scm;

/// <summary>What every SCM kit client shares: building requests with encoded path segments, sending, and reading waits.</summary>
internal static class ScmHttp
{
    /// <summary>Set on a request that creates a resource the provider keeps one of per call (a comment): never repeated after an unclear end.</summary>
    public static readonly HttpRequestOptionsKey<bool> Creates = new("relay.scm.creates");

    private const int MaxBody = 4096;

    /// <summary>One path segment, URL-encoded (<c>/</c> too: a GitLab project id is the encoded <c>namespace/name</c>).</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    /// <summary><c>base_url</c> + the provider's API root, ending with a slash.</summary>
    public static Uri ApiRoot(string baseUrl, string apiPath) => new(baseUrl.TrimEnd('/') + "/" + apiPath.Trim('/') + "/");

    /// <summary>A request to <paramref name="relative"/> (already encoded) under <paramref name="root"/>, with a JSON body when given.</summary>
    public static HttpRequestMessage Request<T>(HttpMethod method, Uri root, string relative, T? body, JsonTypeInfo<T> json, bool creates = false)
    {
        var request = Request(method, root, relative);
        if (body is not null)
        {
            request.Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body, json), Encoding.UTF8, "application/json");
        }

        request.Options.Set(Creates, creates);
        return request;
    }

    /// <summary>A request without a body.</summary>
    public static HttpRequestMessage Request(HttpMethod method, Uri root, string relative)
    {
        var request = new HttpRequestMessage(method, new Uri(root, relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    /// <summary>Sends <paramref name="request"/> and reads the answer; transport failures are thrown to the executor, which classifies them.</summary>
    public static async Task<ScmAnswer> SendAsync(HttpClient http, HttpRequestMessage request, TimeProvider time, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new ScmAnswer
        {
            StatusCode = (int)response.StatusCode,
            Body = body.Length > MaxBody ? body[..MaxBody] : body,
            RetryAfter = RequestedWait(response, time.GetUtcNow()),
        };
    }

    /// <summary>
    /// The wait a response asks for: <c>Retry-After</c> (seconds or a date), else a reset time — GitLab's
    /// <c>RateLimit-Reset</c>, Azure DevOps' <c>X-RateLimit-Reset</c> (Unix seconds, or seconds from now when small).
    /// </summary>
    public static TimeSpan? RequestedWait(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                return date > now ? date - now : TimeSpan.Zero;
            }
        }

        foreach (var name in new[] { "RateLimit-Reset", "X-RateLimit-Reset" })
        {
            if (response.Headers.TryGetValues(name, out var values)
                && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
            {
                // A large number is a point in time (Unix seconds); a small one a number of seconds from now.
                var wait = reset > 1_000_000_000 ? DateTimeOffset.FromUnixTimeSeconds(reset) - now : TimeSpan.FromSeconds(reset);
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        return null;
    }
}
