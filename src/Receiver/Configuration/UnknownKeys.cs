using System.Collections;
using System.Reflection;

namespace Relay.Receiver.Configuration;

/// <summary>
/// Finds configuration keys that no options property takes (typos such as <c>contex_per_task</c>). The binder's
/// own <c>ErrorOnUnknownConfiguration</c> ignores <c>[ConfigurationKeyName]</c>, so it cannot check snake_case keys.
/// </summary>
public static class UnknownKeys
{
    /// <summary>Every key under <paramref name="section"/> that <typeparamref name="TOptions"/> does not bind, as a path.</summary>
    public static IEnumerable<string> Find<TOptions>(IConfigurationSection section) => Find(typeof(TOptions), section);

    /// <summary>Every key under <paramref name="section"/> that <paramref name="type"/> does not bind, as a path.</summary>
    public static IEnumerable<string> Find(Type type, IConfigurationSection section)
    {
        if (IsLeaf(type))
        {
            yield break;
        }

        if (ElementType(type) is { } element)
        {
            foreach (var item in section.GetChildren())
            {
                foreach (var unknown in Find(element, item))
                {
                    yield return unknown;
                }
            }

            yield break;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite || !IsLeaf(p.PropertyType))
            .ToDictionary(p => p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (!properties.TryGetValue(child.Key, out var property))
            {
                yield return $"{Display(child.Path)}: unknown key (known: {string.Join(", ", properties.Keys)})";
                continue;
            }

            foreach (var unknown in Find(property.PropertyType, child))
            {
                yield return unknown;
            }
        }
    }

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type.IsValueType
        || Nullable.GetUnderlyingType(type) is not null;

    private static Type? ElementType(Type type) =>
        type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType ? type.GetGenericArguments()[^1] : null;

    /// <summary><c>scm:github:0:actions:1:type</c> → <c>scm.github[0].actions[1].type</c>.</summary>
    public static string Display(string path) =>
        string.Join("", path.Split(':').Select((part, i) => int.TryParse(part, out _) ? $"[{part}]" : i == 0 ? part : "." + part));
}
