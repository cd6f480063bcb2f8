namespace Relay.Deploy.Tests.Tooling;

/// <summary>Paths in this repository, found by walking up from the test output folder to <c>Relay.sln</c>.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>Where the validator script and its npm packages live (tests/run.sh installs them).</summary>
    public static string Tools => File("tests", "Relay.Deploy.Tests", "tools");

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(directory.FullName, "Relay.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Relay.sln above {AppContext.BaseDirectory}");
    }
}
