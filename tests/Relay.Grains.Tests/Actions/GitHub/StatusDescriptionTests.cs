using Relay.Grains.Summaries;
using Relay.Grains.Runs;
using Relay.Runs;
using Xunit;

namespace Relay.Grains.Actions.GitHub.Tests;

public sealed class StatusDescriptionTests
{
    [Theory]
    [InlineData(CiState.Queued)]
    [InlineData(CiState.Pending)]
    [InlineData(CiState.Running)]
    public void Every_pending_state_has_the_same_text_so_it_posts_once(CiState state)
    {
        Assert.Equal("build is in progress", StatusDescription.For("build", new ResourceRecord { State = state, Message = $"msg {state}" }));
    }

    [Fact]
    public void Success_says_how_long_it_took()
    {
        var start = DateTimeOffset.UnixEpoch;
        var record = new ResourceRecord { State = CiState.Success, StartTime = start, CompletionTime = start.AddSeconds(83) };

        Assert.Equal("build succeeded in 1m 23s", StatusDescription.For("build", record));
    }

    [Theory]
    [InlineData(CiState.Failure, false, "build failed: step x exited with code 1")]
    [InlineData(CiState.Failure, true, "build timed out")]
    [InlineData(CiState.Canceled, false, "build was canceled")]
    [InlineData(CiState.Error, false, "build could not run: step x exited with code 1")]
    public void Terminal_failures_say_what_happened(CiState state, bool timedOut, string expected)
    {
        var record = new ResourceRecord { State = state, TimedOut = timedOut, Message = "step x exited with code 1" };

        Assert.Equal(expected, StatusDescription.For("build", record));
    }

    [Fact]
    public void Long_text_is_cut_to_140_characters_with_an_ellipsis()
    {
        var record = new ResourceRecord { State = CiState.Failure, Message = new string('x', 500) + "\nsecond line" };

        var text = StatusDescription.For("build", record);

        Assert.Equal(140, text.Length);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncation_never_splits_a_surrogate_pair()
    {
        var text = StatusDescription.Truncate(new string('a', 138) + "😀😀😀");

        Assert.True(text.Length <= 140);
        Assert.False(char.IsHighSurrogate(text[^2]));
    }
}
