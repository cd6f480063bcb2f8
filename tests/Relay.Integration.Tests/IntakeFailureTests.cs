using System.Net;
using System.Text;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests;

/// <summary>Bad input gets a clear 400 or 413 (never 500), and the node keeps serving afterwards.</summary>
[Collection(GitHubRelayCollection.Name)]
public sealed class IntakeFailureTests(GitHubRelayFixture fixture)
{
    private readonly RelayNode _relay = fixture.Relay;

    public static TheoryData<string, string, string> BadRequests() => new()
    {
        { "not json at all", "application/json", "ce" },
        { "{\"pipelineRun\":", "application/json", "tekton" },
        { "{\"taskRun\":{\"metadata\":{\"name\":\"x\",\"namespace\":\"ci\"}}}", "application/json", "tekton" },
        { "{\"pipelineRun\":{\"metadata\":{\"namespace\":\"ci\"}}}", "application/json", "tekton" },
        { "[1,2,3]", "application/json", "tekton" },
        { "{\"pipelineRun\":{}}", "text/plain", "tekton" },
        { "[]", "application/cloudevents-batch+json", "none" },
        { "{\"specversion\":\"1.0\",\"id\":\"1\"}", "application/cloudevents+json", "none" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_gets_400_with_a_message(string body, string contentType, string headerSet)
    {
        var headers = headerSet switch
        {
            "tekton" => new Dictionary<string, string>
            {
                ["ce-id"] = Guid.NewGuid().ToString(), ["ce-source"] = "/apis///namespaces/ci//x", ["ce-specversion"] = "1.0",
                ["ce-type"] = "dev.tekton.event.pipelinerun.running.v1",
            },
            _ => new Dictionary<string, string>(),
        };

        using var response = await _relay.PostRawAsync(body, contentType, headers);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid", await EventPathTests.OutcomeAsync(response));
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Body_over_the_limit_gets_413()
    {
        var sample = TektonSamples.Get("plain-04");
        var padded = Encoding.UTF8.GetString(sample.Body).Replace("\"metadata\"", $"\"padding\":\"{new string('x', 2 * 1024 * 1024)}\",\"metadata\"", StringComparison.Ordinal);

        using var response = await _relay.PostAsync(sample with { Body = Encoding.UTF8.GetBytes(padded) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_gets_413()
    {
        var sample = TektonSamples.Get("plain-04");
        using var request = sample.ToRequest(new Uri(_relay.BaseAddress, "/"));
        request.Content = new StreamContent(new EndlessJsonStream(3 * 1024 * 1024));
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        using var response = await _relay.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Large_pipeline_run_event_is_well_within_the_limit()
    {
        using var response = await _relay.PostAsync(TektonSamples.Get("plain-04").Reemitted());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Client_that_stalls_in_its_headers_is_cut_off_and_the_node_keeps_serving()
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(_relay.BaseAddress.Host, _relay.BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST / HTTP/1.1\r\nHost: relay\r\nce-id: slow"));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // Kestrel answers 408 or closes once server limits' 15 s header timeout passes; the read ends either way.
        var buffer = new byte[1024];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var read = await stream.ReadAsync(buffer, deadline.Token);

        Assert.True(read == 0 || Encoding.ASCII.GetString(buffer, 0, read).Contains("408", StringComparison.Ordinal), "the stalled connection should be refused");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(45));
        await AssertStillServingAsync();
    }

    private async Task AssertStillServingAsync()
    {
        using var live = await _relay.Http.GetAsync("/healthz");
        using var ready = await _relay.Http.GetAsync("/readyz");
        using var accepted = await _relay.PostAsync(new TektonRun("alive-" + Guid.NewGuid().ToString("N")[..8]).PipelineRunEvent("running"));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (live.StatusCode, ready.StatusCode, accepted.StatusCode));
    }

    /// <summary>A JSON-looking body of a given size with no Content-Length, as a chunked sender streams it.</summary>
    private sealed class EndlessJsonStream(long size) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, size - _position);
            buffer.AsSpan(offset, n).Fill((byte)' ');
            if (_position == 0 && n > 0)
            {
                buffer[offset] = (byte)'{';
            }

            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
