using Relay.Grains.Storage;

namespace Relay.Grains.DeadLetters.Tests;

/// <summary>Reads the golden files of stored records with the storage serializer.</summary>
internal static class StoredStates
{
    public static T Load<T>(string file) =>
        new RelayStateSerializer().Deserialize<T>(new BinaryData(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Storage", "golden", file))));
}
