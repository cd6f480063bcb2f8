using Relay.Grains.Actions;

namespace Relay.Grains.Runs.RunModel;

/// <summary>
/// Brings a stored run record to the current format (<see cref="PipelineRunGrainState.CurrentVersion"/>): format 1
/// (inline <c>commit_status</c> commands) and format 2 (inline <c>github</c> commands, provider ids on ledger rows)
/// become effect envelopes and memos through the provider module that wrote them (<see cref="ILegacyEffectReader"/>),
/// and ledger keys gain the run's commit. Idempotent; the result is written with the next change.
/// </summary>
internal static class RunStateUpgrade
{
    /// <summary>The incarnation given to a run stored before incarnations existed.</summary>
    public const string LegacyIncarnation = "0";

    /// <summary>Upgrades <paramref name="run"/> in place; true when anything changed.</summary>
    public static bool Upgrade(PipelineRunGrainState run, IReadOnlyList<ILegacyEffectReader> readers, bool recordExists)
    {
        if (run.Version >= PipelineRunGrainState.CurrentVersion)
        {
            return false;
        }

        var commit = run.Scm?.CommitSha ?? "";
        foreach (var entry in run.Outbox)
        {
            if (entry.Effect is null && entry.LegacyMembers is { } members)
            {
                entry.Effect = LegacyEffects.Read(readers, members);
            }

            entry.LegacyMembers = null;
            entry.LedgerKey = LedgerKey.Upgrade(entry.LedgerKey, commit);
        }

        var legacyProvider = readers.Count > 0 ? readers[0].Provider : null;
        var ledger = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
        foreach (var (key, row) in run.Ledger)
        {
            row.Commit ??= commit;
            row.Provider ??= legacyProvider;
            if (row.Memo is null && (row.ResourceId is not null || row.Labels is { Count: > 0 }))
            {
                row.Memo = readers.Select(r => r.ReadMemo(row.ResourceId, row.Labels)).FirstOrDefault(m => m is not null);
            }

            row.ResourceId = null;
            row.Labels = null;
            ledger[LedgerKey.Upgrade(key, commit)] = row;
        }

        run.Ledger = ledger;
        if (recordExists)
        {
            run.Incarnation ??= LegacyIncarnation;
        }

        run.Version = PipelineRunGrainState.CurrentVersion;
        return true;
    }
}
