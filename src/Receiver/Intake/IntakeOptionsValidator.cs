using Microsoft.Extensions.Options;

namespace Relay.Receiver.Intake;

/// <summary>Checks the <c>server</c> section, reporting every problem with its path.</summary>
internal sealed class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    /// <summary>Kubernetes objects, and so Tekton bodies, stay below ~1.5 MiB: a smaller limit would drop real events.</summary>
    private const long SmallestUsefulLimit = 64 * 1024;

    public ValidateOptionsResult Validate(string? name, IntakeOptions options)
    {
        var errors = new List<string>();
        if (options.MaxBodySize.Bytes < SmallestUsefulLimit)
        {
            errors.Add($"server.max_body_size: {options.MaxBodySize.Bytes} bytes is below the 64KiB minimum (real Tekton events reach 60KB and more)");
        }

        if (options.IntakeTimeout.Value <= TimeSpan.Zero)
        {
            errors.Add("server.intake_timeout: must be greater than zero");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
