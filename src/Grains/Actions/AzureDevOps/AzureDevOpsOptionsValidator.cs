using Relay.Grains.Actions.Scm;
using Relay.Grains.Summaries;

namespace Relay.Grains.Actions.AzureDevOps;

/// <summary>Checks <c>scm.azure_devops[]</c> and reports every problem with its configuration path.</summary>
internal sealed class AzureDevOpsOptionsValidator(RelayTemplates templates) : ScmOptionsValidator<AzureDevOpsOptions>(templates)
{
    protected override string Path => "scm.azure_devops";

    protected override string CommentType => ScmActionTypes.PrComment;

    protected override void ValidateInstance(ScmInstanceOptions instance, string path, List<string> errors)
    {
        if (instance is not AzureDevOpsInstanceOptions azure)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(azure.Organization))
        {
            errors.Add($"{path}.organization: required (the organization's name, as in https://dev.azure.com/<organization>)");
        }
        else if (azure.Organization.Contains('/', StringComparison.Ordinal) || azure.Organization != azure.Organization.Trim())
        {
            errors.Add($"{path}.organization: '{azure.Organization}' is not an organization name (one path segment, no surrounding spaces)");
        }
    }
}
