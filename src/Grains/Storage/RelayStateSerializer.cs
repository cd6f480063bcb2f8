using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace Relay.Grains.Storage;

/// <summary>
/// Stores grain state as plain JSON named by property, never by .NET type name (Orleans' default Redis format
/// writes <c>$type</c>, so renaming or moving a class would orphan every stored record). Unknown properties are
/// ignored and missing ones keep their defaults, so old and new silos read each other's records during a
/// rolling upgrade; each record also carries its own <c>Version</c>.
/// </summary>
public sealed class RelayStateSerializer : IGrainStorageSerializer
{
    /// <summary>The JSON settings of every stored record. Changing them changes the stored format.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T Deserialize<T>(BinaryData input) => JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options)!;
}
