namespace Relay.Receiver.Diagnostics;

/// <summary>
/// <c>relay --version</c> and <c>relay version</c>: print the build and exit 0 without starting anything. Kept apart from
/// the hosts so a command-line front end can offer the same command.
/// </summary>
public static class VersionCommand
{
    /// <summary>True when the arguments ask for the version only.</summary>
    public static bool IsRequested(string[] args) => args is ["--version"] or ["version"];

    public static int Run(TextWriter output)
    {
        output.WriteLine(RelayBuildInfo.Describe());
        return 0;
    }
}
