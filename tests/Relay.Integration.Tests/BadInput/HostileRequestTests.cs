using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.BadInput;

/// <summary>
/// A corpus of hostile and broken requests: each gets its documented status (never 500), and the node keeps
/// serving: afterwards a valid event is still accepted and posted exactly once.
/// </summary>
[Collection(GitHubRelayCollection.Name)]
public sealed class HostileRequestTests(GitHubRelayFixture fixture)
{
    private static readonly string[] CeHeaders = ["ce-id", "ce-source", "ce-specversion", "ce-type"];
    private readonly FakeGitHubServer _github = fixture.GitHub;
    private readonly RelayNode _relay = fixture.Relay;

    public static TheoryData<string> Cases() => [.. Corpus().Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Hostile_request_gets_its_documented_status_and_the_node_keeps_serving(string name)
    {
        var hostile = Corpus().Single(c => c.Name == name);

        using var response = await SendAsync(hostile);

        Assert.True(response.StatusCode == hostile.Expected,
            $"{name}: expected {(int)hostile.Expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Wrong_type_in_every_field_of_a_task_run_is_200_or_400_never_500()
    {
        var run = new TektonRun("wrongtypes-" + Guid.NewGuid().ToString("N")[..8]);
        var sample = run.TaskRunEvent("build", "successful");
        var failures = new List<string>();
        var count = 0;
        foreach (var (path, body) in JsonMutations.WrongTypes(sample.Body))
        {
            count++;
            using var response = await _relay.PostAsync(sample.Reemitted() with { Body = body });
            if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.BadRequest))
            {
                failures.Add($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        Assert.True(count > 100, $"only {count} mutations");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData("ce-id: a\rX-Injected: 1", 400)]
    [InlineData("ce-id: a\0b", 400)]
    [InlineData("ce-id: a\r\n folded-continuation", 400)]
    [InlineData("ce-id: caf\u00e9", 400)]
    [InlineData("ce-id: a\r\nce-id: b", 400)]
    [InlineData("ce-id: a\r\nce-type: dev.tekton.event.pipelinerun.failed.v1", 400)]
    [InlineData("ce-id: a\r\nce-source: /apis///namespaces/prod//x", 400)]
    [InlineData("ce-id: a\r\nce-specversion: 1.0", 400)]
    // A bare LF ends a header line (RFC 9112 lets recipients accept it): two well-formed headers, the extra one ignored.
    [InlineData("ce-id: a\nX-Injected: 1", 200)]
    public async Task Header_tricks_on_the_wire_get_their_status(string header, int expected)
    {
        var body = new TektonRun("inject").PipelineRunEvent("running").Body;
        var request = Encoding.Latin1.GetBytes(
            "POST / HTTP/1.1\r\nHost: relay\r\nce-source: /apis///namespaces/ci//inject\r\nce-specversion: 1.0\r\n"
            + $"ce-type: dev.tekton.event.pipelinerun.running.v1\r\n{header}\r\nContent-Type: application/json\r\n"
            + $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n").Concat(body).ToArray();

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_relay.BaseAddress.Host, _relay.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var statusLine = await reader.ReadLineAsync();

        Assert.StartsWith($"HTTP/1.1 {expected}", statusLine, StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    private async Task AssertStillServingAsync()
    {
        var run = new TektonRun("alive-" + Guid.NewGuid().ToString("N")[..8]);
        using var live = await _relay.Http.GetAsync("/healthz");
        using var accepted = await _relay.PostAsync(run.PipelineRunEvent("running"));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (live.StatusCode, accepted.StatusCode));
        await Wait.UntilAsync(() => _github.StatusesFor(run.Sha).Count == 1, () => $"one pending status for {run.Sha}; got {_github.StatusesFor(run.Sha).Count}");
        Assert.Single(_github.StatusesFor(run.Sha));
    }

    private async Task<HttpResponseMessage> SendAsync(Hostile hostile)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new ByteArrayContent(hostile.Body) };
        if (hostile.ContentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
        }

        foreach (var (headerName, value) in hostile.Headers)
        {
            request.Headers.TryAddWithoutValidation(headerName, value);
        }

        return await _relay.Http.SendAsync(request);
    }

    private sealed record Hostile(string Name, HttpStatusCode Expected, byte[] Body, string? ContentType, IReadOnlyList<(string, string)> Headers);

    private static List<Hostile> Corpus()
    {
        var run = new TektonRun("hostile");
        var valid = run.PipelineRunEvent("running");
        var headers = valid.Headers.Where(h => !h.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase)).Select(h => (h.Key, h.Value)).ToList();
        var text = Encoding.UTF8.GetString(valid.Body);
        Hostile Binary(string name, HttpStatusCode expected, byte[] body, string? contentType = "application/json", IEnumerable<(string, string)>? extra = null, Func<(string Key, string Value), bool>? keep = null) =>
            new(name, expected, body, contentType, [.. headers.Where(keep ?? (_ => true)), .. extra ?? []]);
        byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
        var bad = HttpStatusCode.BadRequest;

        var corpus = new List<Hostile>
        {
            Binary("truncated JSON", bad, valid.Body[..(valid.Body.Length / 2)]),
            Binary("empty body", bad, []),
            Binary("JSON null body", bad, Utf8("null")),
            Binary("JSON string body", bad, Utf8("\"pipelineRun\"")),
            Binary("10,000 nested arrays", bad, Utf8("{\"pipelineRun\":" + new string('[', 10_000) + new string(']', 10_000) + "}")),
            Binary("10,000 nested objects", bad, Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000))),
            Binary("65 nested objects under metadata", bad, Utf8(text.Replace("\"labels\":{", "\"deep\":" + string.Concat(Enumerable.Repeat("{\"a\":", 65)) + "1" + new string('}', 65) + ",\"labels\":{", StringComparison.Ordinal))),
            Binary("1 MB name", bad, Utf8(text.Replace("\"name\":\"hostile\"", $"\"name\":\"{new string('a', 1024 * 1024)}\"", StringComparison.Ordinal))),
            Binary("1 MB annotation value is kept out of the way", HttpStatusCode.OK, Utf8(text.Replace("\"annotations\":{", $"\"annotations\":{{\"huge\":\"{new string('x', 1024 * 1024)}\",", StringComparison.Ordinal))),
            Binary("100,000 labels", HttpStatusCode.OK, Utf8(text.Replace("\"labels\":{", "\"labels\":{" + string.Concat(Enumerable.Range(0, 100_000).Select(i => $"\"l{i}\":\"v\",")), StringComparison.Ordinal))),
            Binary("invalid UTF-8 in a string", bad, [.. Utf8(text[..(text.IndexOf("hostile", StringComparison.Ordinal))]), 0xC3, 0x28, 0xFF, .. Utf8(text[(text.IndexOf("hostile", StringComparison.Ordinal) + 7)..])]),
            Binary("UTF-16 body", bad, Encoding.Unicode.GetBytes(text)),
            Binary("UTF-8 byte order mark", HttpStatusCode.OK, [0xEF, 0xBB, 0xBF, .. valid.Body]),
            Binary("NUL bytes", bad, [.. valid.Body[..10], 0, 0, 0, .. valid.Body[10..]]),
            Binary("duplicated root key, second one broken", bad, Utf8(text[..^1] + ",\"pipelineRun\":42}")),
            Binary("trailing garbage", bad, Utf8(text + "}{")),
            Binary("comments in JSON", bad, Utf8("/* hi */" + text)),
            Binary("number overflow in a field", HttpStatusCode.OK, Utf8(text.Replace("\"generation\":1", "\"generation\":1e999999", StringComparison.Ordinal))),
            Binary("content type text/plain", bad, valid.Body, "text/plain"),
            Binary("content type application/xml", bad, valid.Body, "application/xml"),
            Binary("content type multipart/form-data", bad, valid.Body, "multipart/form-data; boundary=x"),
            Binary("content type garbage", bad, valid.Body, ";;;=="),
            Binary("content type with unknown charset", bad, valid.Body, "application/cloudevents+json; charset=klingon"),
            Binary("no content type", HttpStatusCode.OK, valid.Body, contentType: null),
            Binary("batch mode", bad, Utf8("[" + text + "]"), "application/cloudevents-batch+json"),
            Binary("spec version 0.3", bad, valid.Body, keep: h => h.Key != "ce-specversion", extra: [("ce-specversion", "0.3")]),
            Binary("spec version 2.0", bad, valid.Body, keep: h => h.Key != "ce-specversion", extra: [("ce-specversion", "2.0")]),
            Binary("spec version empty", bad, valid.Body, keep: h => h.Key != "ce-specversion", extra: [("ce-specversion", "")]),
            Binary("ce-time not a time", bad, valid.Body, keep: h => h.Key != "ce-time", extra: [("ce-time", "yesterday")]),
            Binary("ce-source not a URI reference", bad, valid.Body, keep: h => h.Key != "ce-source", extra: [("ce-source", "http://[::1")]),
            Binary("empty ce- attribute name", bad, valid.Body, extra: [("ce-", "x")]),
            Binary("reserved ce-data attribute", bad, valid.Body, extra: [("ce-data", "x")]),
            Binary("unknown extension attribute is ignored", HttpStatusCode.OK, valid.Body, extra: [("ce-relayinjected", "<script>alert(1)</script>")]),
            Binary("32 KB ce-id", HttpStatusCode.RequestHeaderFieldsTooLarge, valid.Body, keep: h => h.Key != "ce-id", extra: [("ce-id", new string('i', 32 * 1024))]),
            Binary("event key separator in ce-id", HttpStatusCode.OK, valid.Body, keep: h => h.Key != "ce-id", extra: [("ce-id", "a|b|c")]),
            Binary("Tekton type prefix and version overlapping (was a decoder crash)", HttpStatusCode.OK, valid.Body, keep: h => h.Key != "ce-type", extra: [("ce-type", "dev.tekton.event.v1")]),
            Binary("unknown Tekton type", HttpStatusCode.OK, valid.Body, keep: h => h.Key != "ce-type", extra: [("ce-type", "dev.tekton.event.pipelinerun.exploded.v1")]),
            new("structured mode with wrong types", bad, Utf8("{\"specversion\":1,\"id\":[],\"source\":{},\"type\":true,\"data\":{}}"), "application/cloudevents+json", []),
            new("structured mode with bad base64 data", bad, Utf8("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\",\"type\":\"dev.tekton.event.pipelinerun.running.v1\",\"data_base64\":\"***\"}"), "application/cloudevents+json", []),
            new("structured mode with string data", bad, Utf8("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\",\"type\":\"dev.tekton.event.pipelinerun.running.v1\",\"datacontenttype\":\"application/json\",\"data\":\"{\\\"pipelineRun\\\":1\"}"), "application/cloudevents+json", []),
            new("structured mode 10,000 levels deep", bad, Utf8("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\",\"type\":\"t\",\"data\":" + new string('[', 10_000) + new string(']', 10_000) + "}"), "application/cloudevents+json", []),
        };
        foreach (var header in CeHeaders)
        {
            corpus.Add(Binary($"missing {header}", bad, valid.Body, keep: h => h.Key != header));
            // HttpClient (like proxies, RFC 9110) merges a repeated header into one comma-separated value: that is one
            // value, read as is (repeated header lines are refused: see the wire tests).
            corpus.Add(Binary($"comma-merged {header}", header == "ce-specversion" ? bad : HttpStatusCode.OK, valid.Body, extra: [(header, headers.Single(h => h.Key == header).Value + "-2")]));
        }

        return corpus;
    }
}
