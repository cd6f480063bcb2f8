namespace Relay.Grains.Actions.AzureDevOps;

/// <summary><c>POST …/commits/{sha}/statuses</c>: state, description, link and context.</summary>
internal sealed record AzureDevOpsStatusRequest(string State, string? Description, string? TargetUrl, AzureDevOpsStatusContext Context);
