using Relay.Configuration;
using Xunit;

namespace Relay.Receiver.Tests;

public sealed class ConfigurationValuesTests
{
    [Theory]
    [InlineData("24h", 24 * 3600)]
    [InlineData("1h30m", 5400)]
    [InlineData("90s", 90)]
    [InlineData("1d", 86400)]
    [InlineData("00:05:00", 300)]
    public void Durations_are_read_go_style_or_as_timespans(string text, int seconds)
    {
        Assert.True(Duration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5 minutes")]
    public void Nonsense_is_not_a_duration(string text)
    {
        Assert.False(Duration.TryParse(text, out _));
    }

    [Theory]
    [InlineData("2097152", 2097152)]
    [InlineData("2MiB", 2097152)]
    [InlineData("512KiB", 524288)]
    [InlineData("1MB", 1000000)]
    public void Sizes_are_read_in_bytes_or_with_units(string text, long bytes)
    {
        Assert.True(ByteSize.TryParse(text, out var size));
        Assert.Equal(bytes, size.Bytes);
    }

    [Theory]
    [InlineData("big")]
    [InlineData("2XB")]
    public void Nonsense_is_not_a_size(string text)
    {
        Assert.False(ByteSize.TryParse(text, out _));
    }
}
