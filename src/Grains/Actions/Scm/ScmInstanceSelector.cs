namespace Relay.Grains.Actions.Scm;

/// <summary>
/// Resolves the <c>scm.provider</c> annotation (or Pipelines-as-Code's <c>git-provider</c>) to one of a module's
/// instances: an instance name matches first; a kind the module serves (<c>gitlab</c>; <c>gitea</c>, <c>forgejo</c>; …)
/// means its first instance, unless some other module has an instance by that name.
/// </summary>
internal static class ScmInstanceSelector
{
    public static TInstance? Select<TInstance>(
        IReadOnlyList<TInstance> instances, IReadOnlyCollection<string> kinds, string provider, string self, IEnumerable<IScmInstanceNames> modules)
        where TInstance : ScmInstanceOptions
    {
        foreach (var instance in instances)
        {
            if (string.Equals(instance.Name, provider, StringComparison.OrdinalIgnoreCase))
            {
                return instance;
            }
        }

        if (instances.Count == 0 || !kinds.Contains(provider, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        return modules.Any(m => !string.Equals(m.Provider, self, StringComparison.OrdinalIgnoreCase) && m.Has(provider)) ? null : instances[0];
    }
}
