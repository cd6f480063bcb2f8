using Orleans.Runtime;
using Relay.Runs;
using Relay.Testing;
using Xunit;

namespace Relay.Grains.Tests.Events;

/// <summary>References made by <see cref="StringKeyedGrains{TGrain}"/> are the ones <c>GetGrain&lt;T&gt;(key)</c> makes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StringKeyedGrainsTests(RelayClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Cluster.GrainFactory;

    [Theory]
    [InlineData("ns/run-1")]
    [InlineData("ns/taskrun/a b")]
    public void A_run_reference_equals_the_factorys(string key)
    {
        var made = new StringKeyedGrains<IPipelineRunGrain>(_grains).Get(key);
        var expected = _grains.GetGrain<IPipelineRunGrain>(key);

        Assert.Equal(expected.GetGrainId(), made.GetGrainId());
        Assert.Equal(((GrainReference)expected).InterfaceType, ((GrainReference)made).InterfaceType);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void A_blank_key_is_refused_like_the_factory_refuses_it(string key)
    {
        Assert.ThrowsAny<ArgumentException>(() => _grains.GetGrain<IPipelineRunGrain>(key));
        Assert.ThrowsAny<ArgumentException>(() => new StringKeyedGrains<IPipelineRunGrain>(_grains).Get(key));
    }

    [Fact]
    public async Task A_run_reference_reaches_the_run_grain()
    {
        var key = "skg/" + Guid.NewGuid().ToString("N");

        var snapshot = await new StringKeyedGrains<IPipelineRunGrain>(_grains).Get(key).GetSnapshotAsync();

        Assert.Equal(key, snapshot.RunKey);
        Assert.False(snapshot.Exists);
    }
}
