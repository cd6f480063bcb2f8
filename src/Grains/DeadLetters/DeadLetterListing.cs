using Relay.DeadLetters;

namespace Relay.Grains.DeadLetters;

/// <summary>How an entry appears in a list page: without the effect's body (comment and check-run text, possibly long).</summary>
internal static class DeadLetterListing
{
    public static DeadLetter WithoutBody(DeadLetter letter) =>
        letter.Command.Body is null ? letter : letter with { Command = letter.Command with { Body = null } };
}
