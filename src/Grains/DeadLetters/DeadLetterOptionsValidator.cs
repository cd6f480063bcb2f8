using Microsoft.Extensions.Options;

namespace Relay.Grains.DeadLetters;

/// <summary>Checks the <c>dead_letters</c> section; every failure is reported with its path.</summary>
public sealed class DeadLetterOptionsValidator : IValidateOptions<DeadLetterOptions>
{
    /// <summary>The smallest retention: shorter would drop letters before anyone could look at them.</summary>
    public static readonly TimeSpan MinRetention = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, DeadLetterOptions options)
    {
        var errors = new List<string>();
        if (options.MaxLetters < 1)
        {
            errors.Add($"{DeadLetterOptions.Section}.max_letters: must be at least 1 (got {options.MaxLetters})");
        }

        if (options.Retention.Value < MinRetention)
        {
            errors.Add($"{DeadLetterOptions.Section}.retention: must be at least 1m (got {options.Retention})");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
