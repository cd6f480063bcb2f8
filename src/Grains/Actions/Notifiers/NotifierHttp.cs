using System.Globalization;
using System.Net;
using Relay.Actions;

namespace Relay.Grains.Actions.Notifiers;

/// <summary>
/// Sends the notifiers' HTTP requests through the <see cref="ClientName"/> client (in-process retries of 5xx, 408 and
/// network errors, a per-attempt timeout, no request logging: webhook URLs are secrets) and turns every answer into an
/// <see cref="ActionResult"/>: 2xx delivered; 429 and 5xx transient (429's <c>Retry-After</c> is honoured); other 4xx
/// permanent (the dead-letter list). Errors never carry the URL.
/// </summary>
internal sealed class NotifierHttp(IHttpClientFactory clients, TimeProvider time)
{
    /// <summary>The named client of every notifier request.</summary>
    public const string ClientName = "relay-notifiers";

    private static readonly TimeSpan DefaultRateLimitWait = TimeSpan.FromSeconds(5);

    public async Task<ActionResult> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(ClientName);
        // Traces must not carry the URL either (a webhook URL is the credential).
        request.Options.Set(Relay.Diagnostics.RelayTelemetryNames.SecretUrl, true);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return ActionResult.Success(status);
            }

            var detail = await ReadErrorAsync(response, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return new ActionResult
                {
                    Outcome = ActionOutcome.TransientFailure,
                    StatusCode = status,
                    RateLimited = true,
                    RetryAfter = RetryAfter(response) ?? DefaultRateLimitWait,
                    Error = $"HTTP 429: rate limited{detail}",
                };
            }

            return new ActionResult
            {
                Outcome = status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout ? ActionOutcome.TransientFailure : ActionOutcome.PermanentFailure,
                StatusCode = status,
                RetryAfter = RetryAfter(response),
                Error = $"HTTP {status}{detail}",
            };
        }
        catch (HttpRequestException exception)
        {
            // The exception's message may name the URL; only its category is kept.
            return new ActionResult
            {
                Outcome = ActionOutcome.TransientFailure,
                Ambiguous = true,
                Error = $"the request failed ({exception.HttpRequestError})",
            };
        }
        catch (Polly.Timeout.TimeoutRejectedException)
        {
            return new ActionResult { Outcome = ActionOutcome.TransientFailure, Ambiguous = true, Error = "the request timed out" };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ActionResult { Outcome = ActionOutcome.TransientFailure, Ambiguous = true, Error = "the request timed out" };
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        if (retryAfter.Delta is { } delta)
        {
            return delta;
        }

        return retryAfter.Date is { } date && date > time.GetUtcNow() ? date - time.GetUtcNow() : TimeSpan.Zero;
    }

    /// <summary>A short excerpt of the service's error text (services answer with a reason, never with our secret).</summary>
    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = (await response.Content.ReadAsStringAsync(cancellationToken)).ReplaceLineEndings(" ").Trim();
        if (body.Length == 0)
        {
            return "";
        }

        return ": " + (body.Length > 200 ? body[..200].ToString(CultureInfo.InvariantCulture) + "…" : body);
    }
}
