using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Relay.Configuration;
using Relay.Grains.Summaries;

namespace Relay.Grains.Actions.Notifiers;

/// <summary>Registers the notifiers (<c>notifiers.&lt;kind&gt;[]</c>) on the provider seam: one planner, one executor per kind.</summary>
internal static class NotifierServiceCollectionExtensions
{
    public static IServiceCollection AddNotifiers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddActionProvider<NotifiersOptions, NotifiersOptionsValidator, NotifierPlanner, SlackNotifierExecutor>(
            configuration, NotifiersOptions.Section, $"{NotifiersOptions.Section}:{NotifierKinds.Slack}", typeof(List<ChatNotifierOptions>));
        // A missing secret file stops the start, as it fails --validate.
        services.AddOptions<NotifiersOptions>().ValidateOnStart();
        foreach (var (kind, keys) in new[]
        {
            (NotifierKinds.Teams, typeof(List<ChatNotifierOptions>)),
            (NotifierKinds.Discord, typeof(List<ChatNotifierOptions>)),
            (NotifierKinds.GoogleChat, typeof(List<ChatNotifierOptions>)),
            (NotifierKinds.PagerDuty, typeof(List<PagerDutyNotifierOptions>)),
            (NotifierKinds.Email, typeof(List<EmailNotifierOptions>)),
            (NotifierKinds.Webhook, typeof(List<WebhookNotifierOptions>)),
        })
        {
            services.AddSingleton(new RelayConfigSection($"{NotifiersOptions.Section}:{kind}", keys, typeof(NotifiersOptions)));
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEffectExecutor, TeamsNotifierExecutor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEffectExecutor, DiscordNotifierExecutor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEffectExecutor, GoogleChatNotifierExecutor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEffectExecutor, PagerDutyNotifierExecutor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEffectExecutor, EmailNotifierExecutor>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEffectExecutor, WebhookNotifierExecutor>());
        services.TryAddSingleton<RelayTemplates>();
        services.TryAddSingleton<NotifierHttp>();

        // Webhook URLs are secrets: the client logs nothing (IHttpClientFactory's default logging names the URL).
        services.AddHttpClient(NotifierHttp.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .AddResilienceHandler("relay-notifiers", pipeline => pipeline
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(200),
                    // 429 goes back to the outbox, which waits for Retry-After without holding the delivery.
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                    {
                        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
                        { Result: { } response } => (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout,
                        _ => false,
                    }),
                })
                .AddTimeout(TimeSpan.FromSeconds(5)));
        return services;
    }
}
