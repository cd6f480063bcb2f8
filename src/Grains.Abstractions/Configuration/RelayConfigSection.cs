namespace Relay.Configuration;

/// <summary>
/// A section of Relay's configuration file that some module binds (SPEC §8): its path (<c>scm:github</c>,
/// <c>server</c>, <c>dedupe_ttl</c>) and the options type that takes it. Modules register one per section;
/// <c>--validate</c> and start-up enumerate them to find unknown keys and run the section's validators, so adding a
/// provider adds its section without a list spelled out by hand.
/// </summary>
/// <param name="Path">The configuration path, <c>:</c>-separated (<c>scm:github</c>).</param>
/// <param name="KeysType">
/// The type whose properties name the keys under <paramref name="Path"/> (a list type for a list of instances); any
/// other key is an unknown-key error. Null for a scalar key (<c>dedupe_ttl</c>).
/// </param>
/// <param name="OptionsType">The options type whose validators check the section; null when nothing validates it.</param>
public sealed record RelayConfigSection(string Path, Type? KeysType, Type? OptionsType)
{
    /// <summary>The top-level key of the path (<c>scm</c> for <c>scm:github</c>).</summary>
    public string TopLevel => Path.Split(':', 2)[0];
}
