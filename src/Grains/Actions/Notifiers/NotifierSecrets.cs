namespace Relay.Grains.Actions.Notifiers;

/// <summary>Reads a notifier's secret from its file at each use (a rotated secret takes effect at once), whitespace trimmed.</summary>
internal static class NotifierSecrets
{
    public enum ReadProblem
    {
        None = 0,
        Missing = 1,
        Empty = 2,
        Unreadable = 3,
    }

    /// <summary>The trimmed content of <paramref name="file"/>, or what is wrong with it (never the content).</summary>
    public static ReadProblem TryRead(string? file, out string secret)
    {
        secret = "";
        if (string.IsNullOrWhiteSpace(file) || !File.Exists(file))
        {
            return ReadProblem.Missing;
        }

        try
        {
            secret = File.ReadAllText(file).Trim();
            return secret.Length == 0 ? ReadProblem.Empty : ReadProblem.None;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return ReadProblem.Unreadable;
        }
    }
}
