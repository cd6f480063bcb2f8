using System.Globalization;
using System.Text;
using Relay.Grains.Runs;
using Relay.Runs;

namespace Relay.Grains.Summaries;

/// <summary>
/// Commit status descriptions. Every CI state that maps to GitHub's <c>pending</c> gets the same text, so that
/// queued, started and running never post three statuses; GitHub rejects more than 140 characters.
/// </summary>
internal static class StatusDescription
{
    public const int MaxLength = 140;

    public static string For(string label, ResourceRecord resource)
    {
        var text = resource.State switch
        {
            CiState.Queued or CiState.Pending or CiState.Running => $"{label} is in progress",
            CiState.Success => FormatDuration(resource) is { } took ? $"{label} succeeded in {took}" : $"{label} succeeded",
            CiState.Failure when resource.TimedOut => $"{label} timed out",
            CiState.Failure => $"{label} failed: {Detail(resource)}",
            CiState.Error => $"{label} could not run: {Detail(resource)}",
            CiState.Canceled => $"{label} was canceled",
            _ => label,
        };
        return Truncate(text);
    }

    /// <summary>Cuts to <see cref="MaxLength"/> characters, ending with an ellipsis, never inside a surrogate pair.</summary>
    public static string Truncate(string text)
    {
        text = text.ReplaceLineEndings(" ");
        if (text.Length <= MaxLength)
        {
            return text;
        }

        var cut = MaxLength - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }

    private static string Detail(ResourceRecord resource) =>
        !string.IsNullOrWhiteSpace(resource.Message) ? resource.Message.Trim()
        : !string.IsNullOrWhiteSpace(resource.Reason) ? resource.Reason
        : "no reason given";

    /// <summary>"1h 2m 3s" from start to completion; null while the resource has not completed.</summary>
    public static string? FormatDuration(ResourceRecord resource)
    {
        if (resource.StartTime is not { } start || resource.CompletionTime is not { } end || end < start)
        {
            return null;
        }

        var span = end - start;
        var text = new StringBuilder();
        if (span.TotalHours >= 1)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h ");
        }

        if (span.TotalMinutes >= 1)
        {
            text.Append(CultureInfo.InvariantCulture, $"{span.Minutes}m ");
        }

        text.Append(CultureInfo.InvariantCulture, $"{span.Seconds}s");
        return text.ToString();
    }
}
