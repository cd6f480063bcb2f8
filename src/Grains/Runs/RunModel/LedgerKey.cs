namespace Relay.Grains.Runs.RunModel;

/// <summary>
/// A ledger row's identity: one per (action, commit, context). The commit is part of every key, so a run that moves to
/// another commit (or a new run under the same name) never inherits a row of the old one. Contexts compare
/// case-insensitively (GitHub's do), so the key holds them lower-cased.
/// </summary>
internal readonly record struct LedgerKey(string Action, string Commit, string Context)
{
    public override string ToString() => $"{Action}|{Commit}|{Context.ToLowerInvariant()}";

    /// <summary>The action part of a stored key (<c>{instance}/{action}</c>), for metrics and health.</summary>
    public static string ActionOf(string key) => key.Split('|', 2)[0];

    /// <summary>
    /// A key as stored by format 2 (<c>{action}|{context}</c>), rewritten with the run's commit; a format-3 key is
    /// returned unchanged.
    /// </summary>
    public static string Upgrade(string key, string commit)
    {
        var parts = key.Split('|', 2);
        return parts.Length == 2 && !parts[1].Contains('|', StringComparison.Ordinal) ? $"{parts[0]}|{commit}|{parts[1]}" : key;
    }
}
