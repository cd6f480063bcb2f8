using System.Text.Json;
using System.Text.Json.Serialization;

namespace Relay.Grains.Actions.Notifiers;

/// <summary>The notifiers' JSON: effect payloads and the PagerDuty event, source-generated (snake_case, nulls left out).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(NotificationCommand))]
[JsonSerializable(typeof(PagerDutyEvent))]
[JsonSerializable(typeof(RunNotification))]
internal sealed partial class NotifierJson : JsonSerializerContext
{
    public static string Write(NotificationCommand command) => JsonSerializer.Serialize(command, Default.NotificationCommand);

    public static NotificationCommand? Read(string json) => JsonSerializer.Deserialize(json, Default.NotificationCommand);
}
