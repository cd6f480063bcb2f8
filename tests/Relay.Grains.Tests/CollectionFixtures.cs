using Relay.Testing;
using Xunit;

namespace Relay.Grains.Tests;

/// <summary>One 2-silo cluster (and fake GitHub) shared by the cluster tests of this assembly.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<RelayClusterFixture>
{
    public const string Name = "cluster";
}
