namespace Relay.Grains.Actions.AzureDevOps;

/// <summary>A commit status's <c>context</c>: the Relay context as <c>name</c>, <c>genre</c> always <c>tekton</c>.</summary>
internal sealed record AzureDevOpsStatusContext(string Name, string Genre);
