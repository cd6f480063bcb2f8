using Relay.Grains.Actions.Scm;
using Relay.Grains.Summaries;

namespace Relay.Grains.Actions.Bitbucket;

/// <summary>Checks <c>scm.bitbucket[]</c> and reports every problem with its configuration path.</summary>
internal sealed class BitbucketOptionsValidator(RelayTemplates templates) : ScmOptionsValidator<BitbucketOptions>(templates)
{
    protected override string Path => "scm.bitbucket";

    protected override string CommentType => ScmActionTypes.PrComment;

    protected override void ValidateInstance(ScmInstanceOptions instance, string path, List<string> errors)
    {
        if (instance is not BitbucketInstanceOptions bitbucket)
        {
            return;
        }

        if (!BitbucketFlavors.All.Contains(bitbucket.Flavor, StringComparer.Ordinal))
        {
            errors.Add($"{path}.flavor: unknown '{bitbucket.Flavor}' (supported: {string.Join(", ", BitbucketFlavors.All)})");
        }
        else if (bitbucket.IsDataCenter
                 && Uri.TryCreate(bitbucket.BaseUrl, UriKind.Absolute, out var uri)
                 && string.Equals(uri.Host, new Uri(BitbucketInstanceOptions.CloudBaseUrl).Host, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{path}.base_url: required for flavor datacenter (the server's URL, e.g. https://bitbucket.example.com)");
        }
    }
}
