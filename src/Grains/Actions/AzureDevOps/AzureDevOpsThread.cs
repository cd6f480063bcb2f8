namespace Relay.Grains.Actions.AzureDevOps;

/// <summary>A pull request thread as the API answers it (the fields used).</summary>
internal sealed record AzureDevOpsThread(long Id, List<AzureDevOpsComment>? Comments, bool IsDeleted);
