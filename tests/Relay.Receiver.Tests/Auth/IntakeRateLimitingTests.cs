using System.Net;
using Microsoft.AspNetCore.Http;
using Relay.Receiver.Intake;
using Xunit;

namespace Relay.Receiver.Auth.Tests;

public sealed class IntakeRateLimitingTests
{
    [Theory]
    [InlineData("/apis///namespaces/ci//webapp-pr-42", "ci")]
    [InlineData("/apis/tekton.dev/v1beta1/namespaces/team-a/pipelineruns/x", "team-a")]
    [InlineData("/apis///namespaces///x", null)]
    [InlineData("/apis///namespaces", null)]
    [InlineData("https://example.com/events", null)]
    [InlineData("", null)]
    public void Namespace_is_the_segment_after_namespaces_in_the_source(string source, string? expected)
    {
        Assert.Equal(expected, IntakeRateLimiting.SourceNamespace(source));
    }

    [Fact]
    public void Requests_without_a_tekton_source_are_limited_per_client_ip()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");

        Assert.Equal("ip:10.1.2.3", IntakeRateLimiting.PartitionKey(context));

        context.Request.Headers["ce-source"] = "/apis///namespaces/ci//x";
        Assert.Equal("ns:ci", IntakeRateLimiting.PartitionKey(context));
    }
}
