namespace Relay.Grains.Actions.GitHub.Budget;

/// <summary>The limits a budget grain applies, as the asking silo's configuration states them.</summary>
[GenerateSerializer, Immutable, Alias("Relay.Actions.ContentBudgetLimits")]
public sealed record ContentBudgetLimits
{
    [Id(0)] public required int PerMinute { get; init; }

    [Id(1)] public required int PerHour { get; init; }

    [Id(2)] public required double TerminalReserve { get; init; }

    public static ContentBudgetLimits From(GitHubBudgetOptions options) => new()
    {
        PerMinute = options.PerMinute,
        PerHour = options.PerHour,
        TerminalReserve = options.TerminalReserve,
    };
}
