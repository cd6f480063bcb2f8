using System.Security.Cryptography;
using System.Text;

namespace Relay.Grains.Actions.Bitbucket;

/// <summary>
/// A build status's <c>key</c>: the context itself up to <see cref="MaxLength"/> characters; a longer context is cut
/// and ends with a hash of the whole context, so the key is stable across runs and distinct per context.
/// </summary>
internal static class BitbucketStatusKey
{
    /// <summary>The longest key Relay sends.</summary>
    public const int MaxLength = 40;

    private const int HashLength = 10;

    public static string For(string context)
    {
        if (context.Length <= MaxLength)
        {
            return context;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(context)))[..HashLength];
        var keep = MaxLength - HashLength - 1;
        if (char.IsHighSurrogate(context[keep - 1]))
        {
            // Never split a character in two.
            keep--;
        }

        return $"{context[..keep]}-{hash}";
    }
}
