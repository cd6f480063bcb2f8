using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Relay.Silo.Cli;

/// <summary>
/// The few calls the command line makes to a running Relay's <c>/api/v1</c>, with the operator's bearer secret when one
/// is given. Bodies stay JSON documents: the verbs print them as they are or lay them out in tables.
/// </summary>
internal sealed class RelayApiClient(HttpClient http, Uri server) : IDisposable
{
    public Uri Server { get; } = server;

    public static RelayApiClient Create(Uri server, string? token, TimeSpan timeout)
    {
        var http = new HttpClient { BaseAddress = server, Timeout = timeout };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("relay-cli", Relay.Receiver.Diagnostics.RelayBuildInfo.Version));
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return new RelayApiClient(http, server);
    }

    /// <summary><paramref name="path"/> with the parameters that have a value, escaped.</summary>
    public static string PathWith(string path, IEnumerable<(string Name, string? Value)> query)
    {
        var given = query.Where(q => q.Value is not null).Select(q => $"{Uri.EscapeDataString(q.Name)}={Uri.EscapeDataString(q.Value!)}").ToList();
        return given.Count == 0 ? path : $"{path}?{string.Join('&', given)}";
    }

    /// <summary>Sends one request; a refusal is returned as it came, only an unreachable server throws (<see cref="CliFailure"/>).</summary>
    public async Task<ApiAnswer> SendAsync(HttpMethod method, string pathAndQuery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery.TrimStart('/'));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonElement? body = null;
            if (!string.IsNullOrWhiteSpace(text))
            {
                try
                {
                    using var document = JsonDocument.Parse(text);
                    body = document.RootElement.Clone();
                }
                catch (JsonException) when (!response.IsSuccessStatusCode)
                {
                    // A proxy's or the host's own error page: the status says enough.
                }
                catch (JsonException exception)
                {
                    throw new CliFailure(ExitCodes.Failed, $"{Server} answered {(int)response.StatusCode} with a body that is not JSON ({exception.Message}); is --server a Relay?");
                }
            }

            var location = response.Headers.Location is { } relative ? new Uri(http.BaseAddress!, relative) : null;
            return new ApiAnswer(response.StatusCode, body, location);
        }
        catch (HttpRequestException exception)
        {
            throw new CliFailure(ExitCodes.Failed, $"cannot reach Relay at {Server}: {exception.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliFailure(ExitCodes.Failed, $"Relay at {Server} did not answer within {http.Timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>As <see cref="SendAsync"/>, and any refusal ends the verb with the matching exit code.</summary>
    public async Task<ApiAnswer> ExpectAsync(HttpMethod method, string pathAndQuery, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(method, pathAndQuery, cancellationToken);
        return answer.Succeeded ? answer : throw Refusal(answer);
    }

    /// <summary>The exit code and message for an answer that is not a success.</summary>
    public CliFailure Refusal(ApiAnswer answer) => answer.Status switch
    {
        HttpStatusCode.NotFound => new CliFailure(ExitCodes.NotFound, answer.Message),
        HttpStatusCode.BadRequest => new CliFailure(ExitCodes.Usage, answer.Message),
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new CliFailure(ExitCodes.Failed,
            $"Relay at {Server} refused the credential ({(int)answer.Status}): give --token-file with the secret of server.auth.secret_file"),
        _ => new CliFailure(ExitCodes.Failed, $"Relay at {Server} answered {(int)answer.Status}: {answer.Message}"),
    };

    public void Dispose() => http.Dispose();
}
