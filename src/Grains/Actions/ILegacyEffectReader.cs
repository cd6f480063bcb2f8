using System.Text.Json;
using Relay.Actions;

namespace Relay.Grains.Actions;

/// <summary>
/// Reads what stored formats before the effect envelope kept (formats 1 and 2 of run state and dead letters, which
/// held one provider's commands inline): the provider module that wrote them turns them into envelopes and memos, so
/// the run core upgrades old records without knowing any provider.
/// </summary>
internal interface ILegacyEffectReader
{
    /// <summary>The provider kind whose commands the old formats held.</summary>
    string Provider { get; }

    /// <summary>
    /// The envelope for a command stored inline under <paramref name="member"/> (e.g. <c>github</c>,
    /// <c>commit_status</c>, or a dead letter's <c>command</c>); null when the member is not this module's.
    /// </summary>
    Effect? ReadEffect(string member, JsonElement command);

    /// <summary>The memo of a format-2 ledger row (created id, labels); null when the row held neither.</summary>
    EffectMemo? ReadMemo(long? resourceId, IReadOnlyList<string>? labels);
}

/// <summary>Asks every registered provider module for the envelope of a record's legacy members.</summary>
internal static class LegacyEffects
{
    /// <summary>The first envelope a module reads from <paramref name="members"/>, or null.</summary>
    public static Effect? Read(IEnumerable<ILegacyEffectReader> readers, IReadOnlyDictionary<string, JsonElement> members) =>
        members.SelectMany(m => readers.Select(r => r.ReadEffect(m.Key, m.Value))).FirstOrDefault(e => e is not null);
}
