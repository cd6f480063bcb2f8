namespace Relay.Grains.Actions.AzureDevOps;

/// <summary>A pull request thread's comment as the API answers it (the fields used).</summary>
internal sealed record AzureDevOpsComment(long Id, string? Content, bool IsDeleted);
