namespace Relay.Silo.Cli;

/// <summary>What a <c>relay</c> command line verb exits with.</summary>
internal static class ExitCodes
{
    /// <summary>Done as asked.</summary>
    public const int Done = 0;

    /// <summary>Relay could not do it, could not be reached, or refused the credential; or the job it started failed.</summary>
    public const int Failed = 1;

    /// <summary>The command line (or a value in it) is wrong: unknown verb or flag, missing argument, a filter Relay refused.</summary>
    public const int Usage = 2;

    /// <summary>The run, dead letter or job named does not exist.</summary>
    public const int NotFound = 3;
}
