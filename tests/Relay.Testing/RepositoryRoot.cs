namespace Relay.Testing;

/// <summary>The repository the tests run from (the folder holding Relay.sln), for tests that read its files.</summary>
public static class RepositoryRoot
{
    public static string Directory { get; } = Locate();

    /// <summary>The full path of <paramref name="parts"/> below the repository root.</summary>
    public static string File(params string[] parts) => Path.Combine([Directory, .. parts]);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Relay.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("repository root (Relay.sln) not found above " + AppContext.BaseDirectory);
    }
}
