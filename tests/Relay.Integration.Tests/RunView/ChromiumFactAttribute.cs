using Xunit;

namespace Relay.Integration.Tests.RunView;

/// <summary>A test that needs the system's headless Chromium: skipped, saying why, only when none is installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Executable is null)
        {
            Skip = "chromium is not installed (tests/run.sh installs it with apt-get; or set RELAY_CHROMIUM to a Chromium binary)";
        }
    }
}
