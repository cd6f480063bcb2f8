using System.CommandLine;

namespace Relay.Silo.Cli;

/// <summary>
/// The options every verb that talks to Relay takes: <c>--server</c> (default <c>RELAY_SERVER</c>, then
/// http://localhost:8080), <c>--token-file</c> (default <c>RELAY_TOKEN_FILE</c>; the operator secret of
/// <c>server.auth.secret_file</c>, sent as a bearer token) and <c>--output table|json</c>. They are recursive, so they
/// may come anywhere after the verb's group (<c>relay runs --server … list</c> or <c>relay runs list --server …</c>).
/// </summary>
internal sealed class ConnectionOptions
{
    public const string DefaultServer = "http://localhost:8080";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    public ConnectionOptions(Func<string, string?> environment)
    {
        Server = new Option<string>("--server")
        {
            Description = $"Relay's base URL [default: $RELAY_SERVER, then {DefaultServer}]",
            HelpName = "url",
            Recursive = true,
            DefaultValueFactory = _ => environment("RELAY_SERVER") is { Length: > 0 } fromEnvironment ? fromEnvironment : DefaultServer,
        };
        TokenFile = new Option<string?>("--token-file")
        {
            Description = "File holding the operator secret (server.auth.secret_file) [default: $RELAY_TOKEN_FILE]",
            HelpName = "path",
            Recursive = true,
            DefaultValueFactory = _ => environment("RELAY_TOKEN_FILE") is { Length: > 0 } fromEnvironment ? fromEnvironment : null,
        };
        Output = new Option<string>("--output", "-o")
        {
            Description = "table (for people) or json (only JSON on standard output)",
            HelpName = "format",
            Recursive = true,
            DefaultValueFactory = _ => "table",
        };
        Output.AcceptOnlyFromAmong("table", "json");
    }

    public Option<string> Server { get; }

    public Option<string?> TokenFile { get; }

    public Option<string> Output { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(TokenFile);
        command.Options.Add(Output);
    }

    public bool Json(ParseResult parse) => parse.GetValue(Output) == "json";

    /// <summary>A client for the server and credential given; a bad URL or an unreadable token file is a usage error.</summary>
    public RelayApiClient Connect(ParseResult parse)
    {
        var server = parse.GetValue(Server)!;
        if (!Uri.TryCreate(server.EndsWith('/') ? server : server + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliFailure(ExitCodes.Usage, $"--server: '{server}' is not an http(s) URL such as {DefaultServer}");
        }

        string? token = null;
        if (parse.GetValue(TokenFile) is { } path)
        {
            try
            {
                token = File.ReadAllText(path).Trim();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new CliFailure(ExitCodes.Usage, $"--token-file: cannot read '{path}': {exception.Message}");
            }

            if (token.Length == 0)
            {
                throw new CliFailure(ExitCodes.Usage, $"--token-file: '{path}' is empty");
            }
        }

        return RelayApiClient.Create(uri, token, RequestTimeout);
    }
}
