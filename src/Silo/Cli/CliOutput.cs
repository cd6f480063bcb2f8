using System.Globalization;
using System.Text.Json;
using Spectre.Console;

namespace Relay.Silo.Cli;

/// <summary>How verbs print: JSON as Relay answered it (indented), or Spectre tables of its fields.</summary>
internal static class CliOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes <paramref name="json"/> alone, indented, then a newline.</summary>
    public static void Json(CliConsole console, JsonElement json) => console.Out.WriteLine(JsonSerializer.Serialize(json, Indented));

    /// <summary>A table whose header and cells are plain text (never read as Spectre markup).</summary>
    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        return table;
    }

    public static void Row(Table table, params string?[] cells) => table.AddRow([.. cells.Select(c => new Text(c ?? "-"))]);

    /// <summary>The text of <paramref name="name"/> in <paramref name="item"/>: strings as they are, numbers and booleans as JSON writes them, null and absent as null.</summary>
    public static string? Text(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) ? Text(value) : null;

    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    public static JsonElement? Property(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static int Number(JsonElement item, string name) =>
        Property(item, name) is { ValueKind: JsonValueKind.Number } value ? value.GetInt32() : 0;

    public static IEnumerable<JsonElement> Items(JsonElement item, string name) =>
        Property(item, name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    /// <summary>An ISO instant as <c>yyyy-MM-dd HH:mm:ss</c> UTC, for tables.</summary>
    public static string? Instant(JsonElement item, string name) =>
        Text(item, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : Text(item, name);

    /// <summary>The first <paramref name="length"/> characters (a commit sha in a table).</summary>
    public static string? Short(string? text, int length) => text is { Length: var n } && n > length ? text[..length] : text;

    /// <summary>Tells how to fetch the next page, when there is one.</summary>
    public static void NextPage(CliConsole console, JsonElement page, string command)
    {
        if (Text(page, "next_cursor") is { } cursor)
        {
            console.Out.WriteLine($"more: {command} --cursor {cursor}");
        }
    }
}
