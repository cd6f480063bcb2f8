using System.Text.Json;
using System.Text.Json.Serialization;

namespace Relay.Grains.Actions.Scm;

/// <summary>The SCM kit's JSON: effect payloads (<see cref="ScmCommand"/>) and memo data (<see cref="ScmMemoData"/>), source-generated.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    IgnoreReadOnlyProperties = true)]
[JsonSerializable(typeof(ScmCommand))]
[JsonSerializable(typeof(ScmMemoData))]
internal sealed partial class ScmJson : JsonSerializerContext
{
    public static string Write(ScmCommand command) => JsonSerializer.Serialize(command, Default.ScmCommand);

    public static ScmCommand? ReadCommand(string json) => JsonSerializer.Deserialize(json, Default.ScmCommand);

    public static string Write(ScmMemoData data) => JsonSerializer.Serialize(data, Default.ScmMemoData);

    public static ScmMemoData ReadMemo(string? json) =>
        string.IsNullOrEmpty(json) ? new ScmMemoData() : JsonSerializer.Deserialize(json, Default.ScmMemoData) ?? new ScmMemoData();
}
