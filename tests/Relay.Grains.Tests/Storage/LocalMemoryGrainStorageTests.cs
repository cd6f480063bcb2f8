using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using Relay.Grains.Actions.Claims;
using Relay.Grains.Storage;
using Xunit;

namespace Relay.Grains.Storage.Tests;

public sealed class LocalMemoryGrainStorageTests
{
    private static readonly GrainId Grain = GrainId.Create("context-owner", "github|o/r|sha|ctx");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private readonly DeepCopier _copier = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<DeepCopier>();

    [Fact]
    public async Task Written_state_is_read_back_as_a_copy()
    {
        var storage = new LocalMemoryGrainStorage(_copier, _time, null);
        var written = State(_time.GetUtcNow());
        await storage.WriteStateAsync("owner", Grain, written);

        var read = State(null);
        await storage.ReadStateAsync("owner", Grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(written.State!.UpdatedAt, read.State!.UpdatedAt);
        Assert.NotSame(written.State, read.State);
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task Second_activation_with_a_stale_etag_loses()
    {
        var storage = new LocalMemoryGrainStorage(_copier, _time, null);
        var first = State(null);
        var second = State(null);
        await storage.ReadStateAsync("owner", Grain, first);
        await storage.ReadStateAsync("owner", Grain, second);

        await storage.WriteStateAsync("owner", Grain, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("owner", Grain, second));
    }

    [Fact]
    public async Task Entries_expire_and_are_swept()
    {
        var storage = new LocalMemoryGrainStorage(_copier, _time, TimeSpan.FromMinutes(5));
        await storage.WriteStateAsync("owner", Grain, State(_time.GetUtcNow()));

        _time.Advance(TimeSpan.FromMinutes(6));
        var read = State(null);
        await storage.ReadStateAsync("owner", Grain, read);
        storage.Sweep();

        Assert.False(read.RecordExists);
        Assert.Equal(0, storage.Count);
    }

    [Fact]
    public async Task Cleared_state_is_gone()
    {
        var storage = new LocalMemoryGrainStorage(_copier, _time, null);
        var state = State(_time.GetUtcNow());
        await storage.WriteStateAsync("owner", Grain, state);

        await storage.ClearStateAsync("owner", Grain, state);

        Assert.Equal(0, storage.Count);
        Assert.False(state.RecordExists);
    }

    private static GrainState<ContextOwnerState> State(DateTimeOffset? updatedAt) => new(new ContextOwnerState { RunKey = "ns/run", UpdatedAt = updatedAt ?? default });
}
