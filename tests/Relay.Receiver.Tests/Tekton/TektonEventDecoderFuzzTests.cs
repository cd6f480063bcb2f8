using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using Microsoft.AspNetCore.Http;
using Relay.Receiver.Intake;
using Relay.Testing;
using Xunit;

namespace Relay.Receiver.Tekton.Tests;

/// <summary>
/// Property-based fuzzing of the intake's pure path (CloudEventReader, then TektonEventDecoder): whatever arrives, it
/// never throws and always decides (an event, or a reason). Bounded case counts keep it to a few seconds.
/// </summary>
public sealed class TektonEventDecoderFuzzTests
{
    private const int Cases = 3_000;

    private static readonly string[] Keys =
    [
        "pipelineRun", "taskRun", "customRun", "metadata", "name", "namespace", "uid", "labels", "annotations", "status", "spec",
        "conditions", "type", "reason", "message", "lastTransitionTime", "startTime", "completionTime", "taskResults",
        "pipelineResults", "results", "value", "pipelineSpec", "taskSpec", "displayName", "taskRef", "pipelineRef", "customRef",
        "childReferences", "tekton.dev/pipelineRun", "tekton.dev/pipelineRunUID", "tekton.dev/pipelineTask", "tekton.dev/task",
        "tekton.dev/pipeline", "relay.tekton.dev/scm.provider", "relay.tekton.dev/scm.repo-owner", "relay.tekton.dev/scm.repo-name",
        "relay.tekton.dev/scm.commit-sha", "relay.tekton.dev/scm.pr-number", "relay.tekton.dev/scm.api-base-url",
        "tekton.dev/tekton-events-relay.scm.context", "pipelinesascode.tekton.dev/sha", "pipelinesascode.tekton.dev/url-org",
        "pipelinesascode.tekton.dev/url-repository", "pipelinesascode.tekton.dev/git-provider", "pipelinesascode.tekton.dev/pull-request",
    ];

    private static readonly string[] Strings =
    [
        "", " ", "ci", "run-1", "Succeeded", "Failed", "PipelineRunCancelled", "TaskRunTimeout", "Pending", "github", "acme",
        "9f2c1e7b3a4d5c6e7f8091a2b3c4d5e6f7081920", "42", "-1", "99999999999999999999", "2026-07-14T09:00:00Z", "not-a-time",
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00", "https://ghe.example.com/api/v3", "::", "\u0000", "\ud800",
        "\u202e", "a|b|c", new string('z', 300), "UPPER", "-leading-dash",
    ];

    private static readonly string[] Types =
    [
        "dev.tekton.event.pipelinerun.running.v1", "dev.tekton.event.taskrun.successful.v1", "dev.tekton.event.customrun.failed.v1",
        "dev.tekton.event.taskrun.unknown.v1", "dev.tekton.event.pipelinerun.queued.v1", "dev.tekton.event.pipelinerun.started.v1",
        "dev.tekton.event.triggers.started.v1", "dev.tekton.event.run.running.v1", "dev.tekton.event..v1", "dev.tekton.event.v1", "",
    ];

    private static readonly Gen<JsonNode?> Scalar = Gen.Frequency(
        (4, Gen.OneOf(Strings).Select(s => (JsonNode?)JsonValue.Create(s))),
        (1, Gen.String.Select(s => (JsonNode?)JsonValue.Create(s))),
        (1, Gen.Long.Select(n => (JsonNode?)JsonValue.Create(n))),
        (1, Gen.Double.Select(d => double.IsFinite(d) ? (JsonNode?)JsonValue.Create(d) : null)),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (1, Gen.Const(default(JsonNode?)!)));

    [Fact]
    public void Decoder_decides_on_every_tekton_shaped_json_tree()
    {
        var gen = Gen.Select(Gen.OneOf(Types), Gen.OneOf("pipelineRun", "taskRun", "customRun", "other"), Node(5), Node(3),
            (type, rootKey, resource, sibling) => (type, body: new JsonObject { [rootKey] = resource, ["metadata"] = sibling }.ToJsonString()));

        gen.Sample(c => AssertDecides(c.type, Encoding.UTF8.GetBytes(c.body)), iter: Cases, threads: 1, print: c => c.body);
    }

    [Fact]
    public void Reader_and_decoder_decide_on_every_corruption_of_real_events()
    {
        var samples = TektonSamples.All.Select(s => s.Data).ToArray();
        var gen = Gen.Select(Gen.Int[0, samples.Length - 1], Gen.Int[0, 2], Gen.Int[0, int.MaxValue], Gen.Byte.Array[1, 8],
            (sample, operation, position, bytes) => Corrupt(samples[sample], operation, position, bytes));

        gen.Sample(body => AssertDecides("dev.tekton.event.taskrun.successful.v1", body), iter: Cases, threads: 1, print: Convert.ToBase64String);
    }

    [Fact]
    public void Reader_decides_on_arbitrary_headers_content_types_and_bytes()
    {
        var headerName = Gen.OneOf("ce-id", "ce-source", "ce-type", "ce-specversion", "ce-time", "ce-subject", "ce-dataschema",
            "ce-datacontenttype", "ce-data", "ce-", "ce-x", "Ce-Id", "content-type");
        var headerValue = Gen.Frequency((3, Gen.OneOf([.. Strings, .. Types, "1.0", "0.3", "/apis///namespaces/ci//x"])), (1, Gen.String));
        var contentType = Gen.OneOf<string?>(null, "application/json", "application/cloudevents+json", "application/cloudevents+json; charset=utf-16",
            "application/cloudevents-batch+json", "text/plain", "application/json; charset=klingon", "", ";", "application/cloudevents+json; charset=");
        var body = Gen.Frequency(
            (1, Gen.Byte.Array[0, 200]),
            (2, Node(4).Select(n => Encoding.UTF8.GetBytes(n?.ToJsonString() ?? "null"))),
            (2, Gen.Select(Node(3), Gen.OneOf(Types), (data, type) => Encoding.UTF8.GetBytes(new JsonObject
            {
                ["specversion"] = "1.0", ["id"] = "1", ["source"] = "/s", ["type"] = type, ["data"] = data,
            }.ToJsonString()))));
        var gen = Gen.Select(Gen.Select(headerName, Gen.Select(headerValue, headerValue)).Array[0, 6], contentType, body);

        gen.Sample(c =>
        {
            var headers = new HeaderDictionary();
            foreach (var (name, (first, second)) in c.Item1)
            {
                headers[name] = first.Length % 5 == 0 ? new Microsoft.Extensions.Primitives.StringValues([first, second]) : first;
            }

            var (cloudEvent, error) = CloudEventReader.Read(headers, c.Item2, c.Item3);
            Assert.True(cloudEvent is null != error is null, "the reader must return an event or an error");
            if (cloudEvent is not null)
            {
                AssertDecision(TektonEventDecoder.Decode(cloudEvent));
            }
        }, iter: Cases, threads: 1);
    }

    private static Gen<JsonNode?> Node(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (2, Scalar),
            (3, Gen.Select(Gen.OneOf(Keys), Node(depth - 1)).Array[0, 5].Select(entries =>
            {
                var obj = new JsonObject();
                foreach (var (key, value) in entries)
                {
                    obj[key] = value;
                }

                return (JsonNode?)obj;
            })),
            (1, Node(depth - 1).Array[0, 3].Select(items => (JsonNode?)new JsonArray([.. items]))));

    private static byte[] Corrupt(byte[] body, int operation, int position, byte[] bytes)
    {
        var at = position % body.Length;
        return operation switch
        {
            0 => body[..at],
            1 => [.. body[..at], .. bytes, .. body[at..]],
            _ => [.. body[..at], .. bytes, .. body[Math.Min(body.Length, at + bytes.Length)..]],
        };
    }

    private static void AssertDecides(string type, byte[] body)
    {
        var headers = new HeaderDictionary
        {
            ["ce-id"] = "fuzz", ["ce-source"] = "/apis///namespaces/ci//fuzz", ["ce-specversion"] = "1.0", ["ce-type"] = type,
        };
        var (cloudEvent, error) = CloudEventReader.Read(headers, "application/json", body);
        Assert.True(cloudEvent is null != error is null, "the reader must return an event or an error");
        if (cloudEvent is not null)
        {
            AssertDecision(TektonEventDecoder.Decode(cloudEvent));
        }

        if (JsonDocumentOrNull(body) is { } document)
        {
            using (document)
            {
                AssertDecision(TektonEventDecoder.Decode(new TektonCloudEvent("fuzz", "/s", type, null, document.RootElement)));
            }
        }
    }

    private static void AssertDecision(DecodeResult result)
    {
        switch (result.Status)
        {
            case DecodeStatus.Decoded:
                Assert.NotNull(result.Event);
                Assert.False(string.IsNullOrEmpty(result.Event.RunKey));
                break;
            default:
                Assert.Null(result.Event);
                Assert.False(string.IsNullOrEmpty(result.Message));
                break;
        }
    }

    private static JsonDocument? JsonDocumentOrNull(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
