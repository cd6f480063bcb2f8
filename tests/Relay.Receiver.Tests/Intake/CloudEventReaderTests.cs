using System.Text;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Relay.Receiver.Intake.Tests;

public sealed class CloudEventReaderTests
{
    private const string Body = """{"pipelineRun":{"metadata":{"name":"r","namespace":"ci"}}}""";

    [Fact]
    public void Binary_mode_event_is_read_from_ce_headers_and_json_body()
    {
        var (cloudEvent, error) = CloudEventReader.Read(BinaryHeaders(), "application/json", Bytes(Body));

        Assert.Null(error);
        Assert.Equal("id-1", cloudEvent!.Id);
        Assert.Equal("/apis///namespaces/ci//r", cloudEvent.Source);
        Assert.Equal("dev.tekton.event.pipelinerun.running.v1", cloudEvent.Type);
        Assert.Equal("r", cloudEvent.Data.GetProperty("pipelineRun").GetProperty("metadata").GetProperty("name").GetString());
    }

    [Fact]
    public void Header_names_are_case_insensitive()
    {
        var headers = new HeaderDictionary
        {
            ["Ce-Id"] = "id-1", ["Ce-Source"] = "/s", ["Ce-Specversion"] = "1.0", ["Ce-Type"] = "dev.tekton.event.pipelinerun.running.v1",
        };

        Assert.NotNull(CloudEventReader.Read(headers, "application/json", Bytes(Body)).Event);
    }

    [Fact]
    public void Structured_mode_event_is_read_from_the_envelope()
    {
        var envelope = $$"""{"specversion":"1.0","id":"id-2","source":"/s","type":"dev.tekton.event.pipelinerun.running.v1","datacontenttype":"application/json","data":{{Body}}}""";

        var (cloudEvent, error) = CloudEventReader.Read(new HeaderDictionary(), "application/cloudevents+json; charset=utf-8", Bytes(envelope));

        Assert.Null(error);
        Assert.Equal("id-2", cloudEvent!.Id);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, cloudEvent.Data.ValueKind);
    }

    [Theory]
    [InlineData("ce-specversion", null, "ce-specversion header is missing")]
    [InlineData("ce-specversion", "0.1", "unsupported CloudEvents spec version")]
    [InlineData("ce-id", null, "id")]
    [InlineData("ce-source", null, "source")]
    [InlineData("ce-type", null, "type")]
    [InlineData("ce-time", "yesterday", "time")]
    public void Broken_ce_headers_are_refused_with_a_message(string header, string? value, string expected)
    {
        var headers = BinaryHeaders();
        if (value is null)
        {
            headers.Remove(header);
        }
        else
        {
            headers[header] = value;
        }

        var (cloudEvent, error) = CloudEventReader.Read(headers, "application/json", Bytes(Body));

        Assert.Null(cloudEvent);
        Assert.Contains(expected, error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Duplicated_ce_header_is_refused()
    {
        var headers = BinaryHeaders();
        headers["ce-id"] = new Microsoft.Extensions.Primitives.StringValues(["a", "b"]);

        Assert.Contains("more than once", CloudEventReader.Read(headers, "application/json", Bytes(Body)).Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json", "{\"pipelineRun\":", "")]
    [InlineData("application/json", "", "no body")]
    [InlineData("text/plain", Body, "not JSON")]
    [InlineData("application/cloudevents-batch+json", "[]", "batched")]
    [InlineData("application/cloudevents+json", "{\"specversion\":\"1.0\"}", "")]
    [InlineData("application/cloudevents+json", "not json", "")]
    public void Bodies_that_are_not_one_json_cloud_event_are_refused(string contentType, string body, string expected)
    {
        var (cloudEvent, error) = CloudEventReader.Read(BinaryHeaders(), contentType, Bytes(body));

        Assert.Null(cloudEvent);
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    private static HeaderDictionary BinaryHeaders() => new()
    {
        ["ce-id"] = "id-1",
        ["ce-source"] = "/apis///namespaces/ci//r",
        ["ce-specversion"] = "1.0",
        ["ce-type"] = "dev.tekton.event.pipelinerun.running.v1",
        ["ce-subject"] = "r",
        ["ce-time"] = "2026-07-14T09:12:02.104518733Z",
    };

    private static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
