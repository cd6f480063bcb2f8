namespace Relay.Silo.Cli;

/// <summary>Ends a verb with <paramref name="exitCode"/> and <paramref name="message"/> on standard error.</summary>
internal sealed class CliFailure(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
