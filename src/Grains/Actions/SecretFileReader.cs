using System.Collections.Concurrent;

namespace Relay.Grains.Actions;

/// <summary>Reads secrets (tokens, App private keys) of every provider module from their files and re-reads a file when its timestamp or size changes.</summary>
internal sealed class SecretFileReader
{
    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);

    /// <summary>The current token in <paramref name="path"/>, trimmed. Throws <see cref="IOException"/> when unreadable or empty.</summary>
    public string GetToken(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"token file '{path}' does not exist", path);
        }

        var stamp = (info.LastWriteTimeUtc, info.Length);
        if (_tokens.TryGetValue(path, out var cached) && cached.Stamp == stamp)
        {
            return cached.Token;
        }

        var token = File.ReadAllText(path).Trim();
        if (token.Length == 0)
        {
            throw new IOException($"token file '{path}' is empty");
        }

        _tokens[path] = new CachedToken(stamp, token);
        return token;
    }

    private sealed record CachedToken((DateTime, long) Stamp, string Token);
}
