using System.Text;
using Microsoft.Extensions.Options;
using Relay.Receiver.Intake;

namespace Relay.Receiver.Auth;

/// <summary>
/// The shared secret of <c>server.auth.secret_file</c>. Each use compares the file's modification time and length with
/// the last read and re-reads it when they differ: cheap (one stat), and unlike a file watcher it also sees the symlink
/// swap Kubernetes does when a mounted secret changes. A file that cannot be read keeps the last good secret.
/// </summary>
internal sealed partial class SecretFile(IOptions<IntakeOptions> options, ILogger<SecretFile> logger)
{
    private readonly string? _path = options.Value.Auth.SecretFile;
    private readonly Lock _lock = new();
    private Snapshot? _current;

    /// <summary>The secret's UTF-8 bytes, or null when it was never readable (the caller answers 503).</summary>
    public byte[]? Current()
    {
        if (_path is null)
        {
            return null;
        }

        try
        {
            var info = new FileInfo(_path);
            var stamp = (info.LastWriteTimeUtc, info.Exists ? info.Length : -1);
            var current = _current;
            if (current is not null && current.Stamp == stamp)
            {
                return current.Secret;
            }

            lock (_lock)
            {
                var text = File.ReadAllText(_path).Trim();
                if (text.Length == 0)
                {
                    Log.SecretUnreadable(logger, _path, "the file is empty");
                    return _current?.Secret;
                }

                var fresh = new Snapshot(stamp, Encoding.UTF8.GetBytes(text));
                if (_current is not null)
                {
                    Log.SecretReloaded(logger, _path);
                }

                _current = fresh;
                return fresh.Secret;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log.SecretUnreadable(logger, _path, exception.Message);
            return _current?.Secret;
        }
    }

    private sealed record Snapshot((DateTime Modified, long Length) Stamp, byte[] Secret);

    private static partial class Log
    {
        [LoggerMessage(EventId = Diagnostics.LogEventIds.SecretReloaded, EventName = "SecretReloaded", Level = LogLevel.Information,
            Message = "Re-read the auth secret from {Path} after it changed")]
        public static partial void SecretReloaded(ILogger logger, string path);

        [LoggerMessage(EventId = Diagnostics.LogEventIds.SecretUnreadable, EventName = "SecretUnreadable", Level = LogLevel.Error,
            Message = "Cannot read the auth secret from {Path}: {Reason}; keeping the last good secret, if any")]
        public static partial void SecretUnreadable(ILogger logger, string path, string reason);
    }
}
