using Relay.DeadLetters;

namespace Relay.Grains.DeadLetters;

/// <summary>
/// How an entry appears in a list page: without the effect's payload (the provider's command, with comment and check-run
/// text, possibly long); its one-line summary stays.
/// </summary>
internal static class DeadLetterListing
{
    public static DeadLetter WithoutBody(DeadLetter letter) =>
        letter.Effect is null ? letter : letter with { Effect = letter.Effect with { Payload = "{}" } };
}
