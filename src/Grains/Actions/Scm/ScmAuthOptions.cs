using Microsoft.Extensions.Configuration;

namespace Relay.Grains.Actions.Scm;

/// <summary>Credentials of an SCM instance, as a file path: the secret never sits in the configuration itself.</summary>
public sealed class ScmAuthOptions
{
    /// <summary>A file holding the access token; read with surrounding whitespace trimmed, re-read when it changes.</summary>
    [ConfigurationKeyName("token_file")]
    public string? TokenFile { get; set; }
}
