namespace Relay.Grains.Actions.AzureDevOps;

/// <summary>A pull request's threads (<c>{ value: [...], count }</c>).</summary>
internal sealed record AzureDevOpsThreadList(List<AzureDevOpsThread>? Value);
