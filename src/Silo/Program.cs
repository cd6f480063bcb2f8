using Relay.Silo.Cli;
using Relay.Silo.Hosting;

// One Relay node: a silo co-hosting the receiver endpoints and the Orleans Dashboard (see Hosting/RelayApp.cs), or, with a
// verb (runs, dead-letters, version), the `relay` command line talking to a running node (see Cli/RelayCommandLine.cs).
return await RelayCommandLine.RunAsync(args, CliConsole.System(), serverArgs => RelayApp.Create(serverArgs).RunAsync());
