using Relay.Silo.Configuration;
using Relay.Receiver.Diagnostics;
using Relay.Silo.Hosting;

// One Relay node: a silo co-hosting the receiver endpoints and the Orleans Dashboard (see Hosting/RelayApp.cs).
if (VersionCommand.IsRequested(args))
{
    return VersionCommand.Run(Console.Out);
}

if (ConfigValidationCommand.IsRequested(args))
{
    return ConfigValidationCommand.Run(args, Console.Out);
}

await RelayApp.Create(args).RunAsync();
return 0;
