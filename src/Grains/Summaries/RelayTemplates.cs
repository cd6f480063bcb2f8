using System.Collections.Concurrent;
using Fluid;

namespace Relay.Grains.Summaries;

/// <summary>
/// Liquid templates of actions (Fluid). Sandboxed: the model is plain dictionaries and lists (no .NET objects, so no
/// member access beyond them), <c>include</c>/<c>render</c> find no files, nothing reads the environment, and a template
/// is cut off after a bounded number of steps. Parsed templates are cached by their source text.
/// </summary>
internal sealed class RelayTemplates
{
    private const int MaxSteps = 100_000;
    private readonly FluidParser _parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> _parsed = new(StringComparer.Ordinal);
    private readonly TemplateOptions _options = new()
    {
        MaxSteps = MaxSteps,
        MaxRecursion = 20,
        FileProvider = new Microsoft.Extensions.FileProviders.NullFileProvider(),
    };

    /// <summary>Null when <paramref name="source"/> parses, else the parser's message.</summary>
    public string? Check(string source) => _parser.TryParse(source, out _, out var error) ? null : error;

    /// <summary>True when the text contains Liquid markup at all: plain names skip the engine.</summary>
    public static bool IsTemplate(string text) =>
        text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal);

    /// <summary>Renders <paramref name="source"/> against <paramref name="model"/>. Throws <see cref="InvalidOperationException"/> on a bad template.</summary>
    public string Render(string source, IReadOnlyDictionary<string, object?> model)
    {
        if (!IsTemplate(source))
        {
            return source;
        }

        var template = _parsed.GetOrAdd(source, s => _parser.TryParse(s, out var parsed, out var error)
            ? parsed
            : throw new InvalidOperationException($"template does not parse: {error}"));
        var context = new TemplateContext(_options);
        foreach (var (name, value) in model)
        {
            context.SetValue(name, value);
        }

        return template.Render(context, NullEncoder.Default);
    }
}
