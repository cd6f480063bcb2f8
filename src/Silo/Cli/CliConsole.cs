using Spectre.Console;

namespace Relay.Silo.Cli;

/// <summary>
/// Where a verb writes: <see cref="Out"/> for its result (tables, or only JSON with <c>--output json</c>), <see
/// cref="Error"/> for problems, and <see cref="Ansi"/>, a Spectre console over <see cref="Out"/> for tables and
/// progress. Output that is not a terminal gets no colours and a wide fixed width, so tables do not wrap in files.
/// </summary>
internal sealed class CliConsole
{
    private const int RedirectedWidth = 240;

    public CliConsole(TextWriter output, TextWriter error, bool terminal)
    {
        Out = output;
        Error = error;
        Ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            Ansi.Profile.Width = RedirectedWidth;
        }
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public IAnsiConsole Ansi { get; }

    /// <summary>The process's own console (a terminal unless standard output is redirected).</summary>
    public static CliConsole System() => new(Console.Out, Console.Error, terminal: !Console.IsOutputRedirected);
}
