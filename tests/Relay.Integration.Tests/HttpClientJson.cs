using System.Text.Json;

namespace Relay.Integration.Tests;

internal static class HttpClientJson
{
    public static async Task<JsonElement> GetFromJsonElementAsync(this HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }
}
