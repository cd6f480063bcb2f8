using Microsoft.Extensions.Options;

namespace Relay.Receiver.Filtering;

/// <summary>Checks the <c>filter</c> section, reporting every problem with its path.</summary>
internal sealed class FilterOptionsValidator : IValidateOptions<FilterOptions>
{
    public ValidateOptionsResult Validate(string? name, FilterOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.Kinds.Count; i++)
        {
            if (!EventFilter.KnownKinds.ContainsKey(options.Kinds[i].ToLowerInvariant()))
            {
                errors.Add($"filter.kinds[{i}]: unknown kind '{options.Kinds[i]}' (use pipelinerun, taskrun, customrun)");
            }
        }

        CheckGlobs(options.Namespaces.Allow, "filter.namespaces.allow", errors);
        CheckGlobs(options.Namespaces.Deny, "filter.namespaces.deny", errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckGlobs(List<string> globs, string path, List<string> errors)
    {
        for (var i = 0; i < globs.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(globs[i]))
            {
                errors.Add($"{path}[{i}]: empty pattern");
            }
        }
    }
}
