using System.Text.Json;
using System.Text.Json.Serialization;

namespace Relay.Actions;

/// <summary>
/// Writes a string that holds JSON as that JSON value (not as an escaped string), and reads any JSON value back as its
/// text: a provider payload stays readable in storage and in the API, and its format belongs to the provider alone.
/// </summary>
public sealed class RawJsonConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteRawValue(value);
}
