using Relay.DeadLetters;
using Relay.Grains.Actions;

namespace Relay.Grains.DeadLetters;

/// <summary>
/// Brings a stored dead letter to the current format: a format-1 letter held its provider's command inline
/// (<c>command</c>); the provider module that wrote it turns it into an <see cref="Relay.Actions.Effect"/> envelope.
/// </summary>
internal static class DeadLetterUpgrade
{
    /// <summary>The letter in the current format (the same instance when it already is).</summary>
    public static DeadLetter Upgrade(DeadLetter letter, IReadOnlyList<ILegacyEffectReader> readers)
    {
        if (letter.LegacyMembers is not { Count: > 0 } members)
        {
            return letter;
        }

        return letter with { Effect = letter.Effect ?? LegacyEffects.Read(readers, members), LegacyMembers = null };
    }
}
