using Relay.Actions;

namespace Relay.Grains.Actions.GitHub.Tests;

/// <summary>Wraps a GitHub command in the envelope the run grain hands the executor grain.</summary>
internal static class GitHubDeliveries
{
    public static EffectDelivery AsDelivery(this GitHubCommand command, EffectMemo? memo = null) => new()
    {
        Effect = new Effect
        {
            Provider = GitHubActionPlanner.Provider,
            Instance = command.Instance,
            Type = command.Type,
            Payload = GitHubJson.Write(command),
            Summary = command.Describe(),
        },
        Memo = memo,
        Deadline = TimeSpan.FromSeconds(20),
    };
}
