using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace Relay.Grains.DeadLetters.Tests;

/// <summary>The <c>dead_letters</c> section: snake_case keys, defaults, and every error reported with its path.</summary>
public sealed class DeadLetterOptionsTests
{
    [Fact]
    public void Defaults_are_ten_thousand_letters_for_fourteen_days()
    {
        var options = Bind([]);

        Assert.Equal((10_000, TimeSpan.FromDays(14)), (options.MaxLetters, options.Retention.Value));
    }

    [Fact]
    public void Snake_case_keys_are_bound()
    {
        var options = Bind(new() { ["dead_letters:max_letters"] = "250", ["dead_letters:retention"] = "36h" });

        Assert.Equal((250, TimeSpan.FromHours(36)), (options.MaxLetters, options.Retention.Value));
    }

    [Fact]
    public void Every_invalid_value_is_reported_with_its_path()
    {
        var failure = Assert.Throws<OptionsValidationException>(() =>
            Bind(new() { ["dead_letters:max_letters"] = "0", ["dead_letters:retention"] = "30s" }));

        Assert.Equal(
            ["dead_letters.max_letters: must be at least 1 (got 0)", "dead_letters.retention: must be at least 1m (got 00:00:30)"],
            failure.Failures);
    }

    [Theory]
    [InlineData(30, 60)]
    [InlineData(600, 600)]
    [InlineData(14 * 24 * 3600, 3600)]
    public void The_reminder_checks_within_the_retention_and_at_least_hourly(int retentionSeconds, int periodSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(periodSeconds), DeadLetterTrimmerGrain.ReminderPeriod(TimeSpan.FromSeconds(retentionSeconds)));

    private static DeadLetterOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddRelayGrains(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<DeadLetterOptions>>().Value;
    }
}
