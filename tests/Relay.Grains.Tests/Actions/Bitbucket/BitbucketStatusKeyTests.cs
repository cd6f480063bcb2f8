using Xunit;

namespace Relay.Grains.Actions.Bitbucket.Tests;

/// <summary>A build status's key: the context up to 40 characters, else shortened with a stable hash.</summary>
public sealed class BitbucketStatusKeyTests
{
    [Theory]
    [InlineData("tekton/webapp-ci")]
    [InlineData("tekton/exactly-forty-characters-long-ctx")]
    public void A_context_of_at_most_40_characters_is_its_own_key(string context)
    {
        Assert.True(context.Length <= 40);
        Assert.Equal(context, BitbucketStatusKey.For(context));
    }

    [Fact]
    public void A_longer_context_is_cut_to_40_characters_ending_with_a_hash_of_the_whole_context()
    {
        const string context = "tekton/a-very-long-pipeline-context-name-for-the-webapp/unit-tests";

        var key = BitbucketStatusKey.For(context);

        Assert.Equal(40, key.Length);
        Assert.StartsWith(context[..29] + "-", key, StringComparison.Ordinal);
        Assert.Equal(key, BitbucketStatusKey.For(context));
        // Two contexts sharing their first 29 characters still get two keys.
        Assert.NotEqual(key, BitbucketStatusKey.For(context + "-e2e"));
    }

    [Fact]
    public void A_character_outside_the_basic_plane_is_never_split()
    {
        var context = new string('a', 28) + "😀" + new string('b', 20);

        var key = BitbucketStatusKey.For(context);

        Assert.True(key.Length <= 40);
        Assert.False(char.IsHighSurrogate(key[^12]), "the cut fell inside a surrogate pair");
        Assert.Equal(new string('a', 28) + "-", key[..29]);
    }
}
